package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestTopicTest {

    @Test
    void almanacKeyspaceTable() {
        assertThat(IngestTopic.parse("almanac/iot/readings")).isEqualTo(new IngestTopic("iot", "readings"));
        assertThat(IngestTopic.parse("almanac/IoT/Readings")).isEqualTo(new IngestTopic("IoT", "Readings"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "almanac", "almanac/iot", "almanac/iot/", "almanac//readings", "almanac/iot/readings/x",
        "/almanac/iot/readings", "Almanac/iot/readings", "sensors/iot/readings"})
    void anythingElseIsNotAnIngestTopic(String topic) {
        assertThat(IngestTopic.parse(topic)).isNull();
    }
}
