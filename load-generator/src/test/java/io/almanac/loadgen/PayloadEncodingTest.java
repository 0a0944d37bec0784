package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadEncodingTest {

    private static final SensorRow TEMPERATURE = new SensorRow("device-00001", LocalDate.parse("2026-01-01"),
            Instant.parse("2026-01-01T00:00:00Z"), "temperature", 21.5);
    private static final SensorRow HUMIDITY = new SensorRow("device-00001", LocalDate.parse("2026-01-01"),
            Instant.parse("2026-01-01T00:00:01.250Z"), "humidity", 0.00001);

    @Test
    void aRowIsOneLineOfLineProtocolWithMillisecondTimestamp() {
        StringBuilder line = new StringBuilder();
        LineProtocolEncoder.appendLine(line, "sensor_data", TEMPERATURE);
        assertThat(line.toString()).isEqualTo(
                "sensor_data,device_id=device-00001,day=2026-01-01,metric=temperature value=21.5 1767225600000\n");
    }

    @Test
    void aBodyHoldsOneLinePerRowAndSmallValuesUseAnExponent() {
        byte[] body = LineProtocolEncoder.body("sensor_data", List.of(TEMPERATURE, HUMIDITY));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "sensor_data,device_id=device-00001,day=2026-01-01,metric=temperature value=21.5 1767225600000\n"
                        + "sensor_data,device_id=device-00001,day=2026-01-01,metric=humidity value=1.0E-5 "
                        + "1767225601250\n");
    }

    @Test
    void lineProtocolEscapesCommasSpacesAndEqualsSigns() {
        SensorRow odd = new SensorRow("dev 1,a=b", LocalDate.parse("2026-01-01"), Instant.ofEpochMilli(5), "m=1",
                -2.0);
        StringBuilder line = new StringBuilder();
        LineProtocolEncoder.appendLine(line, "my table,x", odd);
        assertThat(line.toString()).isEqualTo(
                "my\\ table\\,x,device_id=dev\\ 1\\,a\\=b,day=2026-01-01,metric=m\\=1 value=-2.0 5\n");
    }

    @Test
    void aRowIsTheNodesJsonObject() {
        assertThat(new String(JsonRowEncoder.payload(List.of(TEMPERATURE)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"device_id\":\"device-00001\",\"day\":\"2026-01-01\",\"ts\":1767225600000,"
                        + "\"metric\":\"temperature\",\"value\":21.5}");
    }

    @Test
    void severalRowsAreAJsonArrayAndStringsAreEscaped() {
        SensorRow odd = new SensorRow("a\"b\\c\u0001", LocalDate.parse("2026-01-02"), Instant.ofEpochMilli(7), "m",
                3.0);
        assertThat(new String(JsonRowEncoder.payload(List.of(HUMIDITY, odd)), StandardCharsets.UTF_8)).isEqualTo(
                "[{\"device_id\":\"device-00001\",\"day\":\"2026-01-01\",\"ts\":1767225601250,"
                        + "\"metric\":\"humidity\",\"value\":1.0E-5},"
                        + "{\"device_id\":\"a\\\"b\\\\c\\u0001\",\"day\":\"2026-01-02\",\"ts\":7,"
                        + "\"metric\":\"m\",\"value\":3.0}]");
    }
}
