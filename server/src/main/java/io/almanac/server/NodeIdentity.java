package io.almanac.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * What makes this node the same node across restarts: its {@code host_id} and its token, chosen at random on first
 * start and kept in {@code <data_directory>/node-identity.json}. Drivers key their node list by host id; a host id
 * that changed on restart would look like a new node ("Unknown peer").
 *
 * @param hostId the node's host id
 * @param token  the node's one Murmur3 token (a single node owns the whole ring whatever its token)
 */
public record NodeIdentity(@JsonProperty("host_id") UUID hostId, @JsonProperty("token") long token) {

    private static final String FILE_NAME = "node-identity.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Loads the identity from {@code dataDirectory}, creating and durably storing a new one on first start.
     *
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static NodeIdentity loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return JSON.readValue(file.toFile(), NodeIdentity.class);
            }
            SecureRandom random = new SecureRandom();
            NodeIdentity identity = new NodeIdentity(UUID.randomUUID(), random.nextLong());
            Files.createDirectories(dataDirectory);
            Path temp = dataDirectory.resolve(FILE_NAME + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(identity));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create " + file, e);
        }
    }
}
