package io.almanac.cql.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes as Cassandra stores them in {@code system_auth.roles.salted_hash}: {@code $2a$}, cost 10
 * ({@code auth_bcrypt_gensalt_log2_rounds} default), a random salt per hash.
 *
 * <p>Thread safety: stateless. Hashing costs ~2^10 bcrypt rounds (tens of milliseconds): call it off event loops.
 */
public final class PasswordHashes {

    /** Cassandra's default bcrypt cost (log2 of the rounds). */
    public static final int COST = 10;

    private PasswordHashes() {
    }

    /**
     * @return the bcrypt hash of {@code password} (UTF-8), e.g. {@code $2a$10$...}, 60 characters
     * @throws IllegalArgumentException when the password is longer than bcrypt's 72 bytes
     */
    public static String hash(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) {
            throw new IllegalArgumentException("Password is longer than bcrypt's 72 bytes (" + bytes.length + ")");
        }
        return new String(BCrypt.withDefaults().hash(COST, bytes), StandardCharsets.UTF_8);
    }

    /** @return whether {@code password} matches {@code hash}; false for a malformed hash */
    public static boolean matches(String password, String hash) {
        if (hash == null) {
            return false;
        }
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
