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

/**
 * Test support: a node in its own JVM ({@code AlmanacCli server}), started the way {@code ./almanac server} starts
 * it (same main class, JVM options from {@code target/launcher/jvm.options}), so a test can {@code kill -9} it.
 */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code almanac server --config configFile} and waits until its CQL port accepts connections.
     *
     * @throws IllegalStateException with the node's log when it exits or does not listen within a minute
     */
    static NodeProcess start(Path configFile, int cqlPort, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.almanac.server.AlmanacCli", "server", "--config", configFile.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            NodeProcess node = new NodeProcess(process, log);
            node.awaitListening(cqlPort, Duration.ofSeconds(60));
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

    private void awaitListening(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + logText());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
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
        throw new IllegalStateException("node did not listen on " + port + " within " + timeout + ":\n" + logText());
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
