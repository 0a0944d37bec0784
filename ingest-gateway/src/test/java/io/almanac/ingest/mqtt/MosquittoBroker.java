package io.almanac.ingest.mqtt;

import io.almanac.ingest.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Debian {@code mosquitto} broker on a free loopback port, with anonymous access and on-disk persistence in a
 * temporary directory (so sessions survive {@link #restart()}). Tests skip when the binary is missing.
 */
final class MosquittoBroker implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path configFile;
    final int port;
    private Process process;

    private MosquittoBroker(Path directory, int port) throws IOException {
        this.port = port;
        Path persistence = Files.createDirectories(directory.resolve("persistence"));
        this.configFile = directory.resolve("mosquitto.conf");
        Files.writeString(configFile, "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n"
                + "persistence true\n"
                + "persistence_location " + persistence + "/\n"
                + "max_queued_messages 10000\n");
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a broker on a free port; its files go to {@code directory}. */
    static MosquittoBroker start(Path directory) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        MosquittoBroker broker = new MosquittoBroker(directory, port);
        broker.launch();
        return broker;
    }

    /** Stops the broker (SIGTERM: it saves its sessions) and starts it again on the same port. */
    void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", configFile.toString())
                .redirectErrorStream(true).redirectOutput(configFile.resolveSibling("mosquitto.log").toFile())
                .start();
        Eventually.await(Duration.ofSeconds(10), "mosquitto listening on " + port, this::accepts);
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new AssertionError("mosquitto exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
