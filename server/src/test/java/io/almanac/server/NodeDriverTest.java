package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DataStax Node.js driver (npm {@code cassandra-driver}, pinned in {@code compat/node/package.json}) against a
 * node, with default settings: {@code compat/node/node_driver_smoke.js} connects, reads metadata, runs DDL,
 * prepared and paged reads, a time range, a batch and a syntax error. {@code .ci/run} installs the driver with
 * {@code npm ci --prefix compat/node}.
 */
class NodeDriverTest {

    private static final Path COMPAT = Path.of("../compat/node");

    @TempDir
    Path dataDirectory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nodeDriverWorksWithDefaultSettings() throws Exception {
        assumeTrue(Files.isDirectory(COMPAT.resolve("node_modules/cassandra-driver")) || System.getenv("CI") != null,
                "the Node.js driver is not installed: npm ci --prefix compat/node (.ci/run does this)");
        try (TestNode node = TestNode.start(dataDirectory)) {
            Process script = new ProcessBuilder("node", COMPAT.resolve("node_driver_smoke.js").toString(), "127.0.0.1",
                    Integer.toString(node.cqlPort())).redirectErrorStream(true).start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).isTrue();
            System.out.println(output);
            assertThat(output).as(output).containsPattern("(?m)^7 passed, 0 failed$");
            assertThat(script.exitValue()).as(output).isZero();
        }
    }
}
