package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.Eventually;
import io.almanac.ingest.IngestGateway;
import io.almanac.storage.schema.NativeType;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eclipse Mosquitto's command-line publisher, a client we did not write, talks to the endpoint (skipped without). */
class MosquittoPubTest {

    @TempDir
    Path dataDirectory;

    @Test
    void mosquittoPubPublishesRowsAtEveryQos() throws Exception {
        Optional<Path> mosquittoPub = onPath("mosquitto_pub");
        assumeTrue(mosquittoPub.isPresent(), "mosquitto_pub is not on the PATH");
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (EngineFixture fixture = EngineFixture.open(dataDirectory)) {
            IngestGateway gateway = new IngestGateway(fixture.engine, fixture.clock);
            MqttIngestServer server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, 1 << 16), gateway,
                    group, group);
            server.start();
            try {
                for (int qos = 0; qos <= 2; qos++) {
                    Process process = new ProcessBuilder(mosquittoPub.get().toString(), "-h", "127.0.0.1",
                            "-p", Integer.toString(server.boundPort()), "-V", "mqttv311", "-i", "mosquitto-" + qos,
                            "-q", Integer.toString(qos), "-t", MqttIngestServerTest.TOPIC,
                            "-m", "{\"device\": \"mosquitto\", \"ts\": " + qos + ", \"value\": " + qos + ".5}")
                            .redirectErrorStream(true).start();
                    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(process.exitValue()).as("mosquitto_pub exit code, output: %s", output).isZero();
                }
                Eventually.await(Duration.ofSeconds(10), "three rows",
                        () -> fixture.readings("mosquitto").size() == 3);
                assertThat(fixture.readings("mosquitto")).extracting(row -> NativeType.DOUBLE.decode(
                        row.cells()[fixture.readings.regularIndex("value")].value())).containsExactly(2.5, 1.5, 0.5);
            } finally {
                server.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable).findFirst();
    }
}
