package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python3-cassandra (the DataStax Python driver) against a node, with default settings:
 * {@code compat/python_driver_smoke.py} connects, reads metadata, runs DDL, prepared and paged reads, a batch and
 * tuple columns.
 */
class PythonDriverTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dataDirectory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void pythonDriverWorksWithDefaultSettings() throws Exception {
        assumeTrue(pythonDriverInstalled() || System.getenv("CI") != null,
                "python3-cassandra is not installed (apt-get install python3-cassandra); .ci/run installs it");
        try (TestNode node = TestNode.start(dataDirectory)) {
            Process script = new ProcessBuilder(PYTHON.toString(), "../compat/python_driver_smoke.py", "127.0.0.1",
                    Integer.toString(node.cqlPort())).redirectErrorStream(true).start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).isTrue();
            System.out.println(output);
            assertThat(output).as(output).containsPattern("(?m)^8 passed, 0 failed$");
            assertThat(script.exitValue()).as(output).isZero();
        }
    }

    private static boolean pythonDriverInstalled() throws Exception {
        if (!PYTHON.toFile().canExecute()) {
            return false;
        }
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import cassandra.cluster").start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
