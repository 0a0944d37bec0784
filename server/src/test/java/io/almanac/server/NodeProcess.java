package io.almanac.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: a node in its own JVM ({@code AlmanacCli server}), started the way {@code ./almanac server} starts
 * it (same main class, JVM options from {@code target/launcher/jvm.options}), so a test can {@code kill -9} it.
 * Configure it with port 0: the CQL port is read from the node's start-up line ("is up: CQL host:port").
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern UP_LINE = Pattern.compile("is up: CQL [^ ]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final long logOffset;
    private int cqlPort;

    private NodeProcess(Process process, Path log, long logOffset) {
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
    }

    /**
     * Starts {@code almanac server --config configFile}, appending its output to {@code log}, and waits until it
     * reports its CQL port and that port accepts connections.
     *
     * @throws IllegalStateException with the node's log when it exits or does not start within a minute
     */
    static NodeProcess start(Path configFile, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.almanac.server.AlmanacCli", "server", "--config", configFile.toString()));
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            NodeProcess node = new NodeProcess(process, log, offset);
            node.awaitListening(Duration.ofSeconds(60));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> jvmOptions() {
        try {
            String options = Files.readString(Path.of("target/launcher/jvm.options")).trim();
            return Arrays.asList(options.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException("target/launcher/jvm.options is made by the build (process-resources)", e);
        }
    }

    /** @return the CQL port the node reported at start */
    int cqlPort() {
        return cqlPort;
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + logText());
            }
            Matcher up = UP_LINE.matcher(logText().substring((int) logOffset));
            try (Socket socket = new Socket()) {
                if (up.find()) {
                    cqlPort = Integer.parseInt(up.group(1));
                    socket.connect(new InetSocketAddress("127.0.0.1", cqlPort), 500);
                    return;
                }
                throw new IOException("not up yet");
            } catch (IOException notYet) {
                try {
                    process.waitFor(java.util.concurrent.TimeUnit.MILLISECONDS.toMillis(200),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("node did not start within " + timeout + ":\n" + logText());
    }

    /** Kills the node the way {@code kill -9} does: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the node with SIGTERM (its shutdown hook flushes), or SIGKILL after 30 seconds. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
