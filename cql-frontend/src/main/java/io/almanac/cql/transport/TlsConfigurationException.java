package io.almanac.cql.transport;

import java.nio.file.Path;

/**
 * Client encryption cannot be set up from the configured files: a file is missing or unreadable, a password is
 * wrong, a file is not in the expected format, the private key does not match the certificate, or a protocol or
 * cipher suite is not supported by the JDK. The message names the configuration key, the file (when there is one)
 * and the problem, e.g. {@code client_encryption_options.keystore: /etc/almanac/node.p12: wrong password
 * (keystore_password does not open it)}.
 *
 * <p>Thread safety: immutable.
 */
public final class TlsConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param key     the configuration key, e.g. {@code client_encryption_options.keystore}
     * @param file    the file concerned, or null when the problem is not about a file
     * @param problem what is wrong, in words a user can act on
     * @param cause   the underlying error, or null
     */
    public TlsConfigurationException(String key, Path file, String problem, Throwable cause) {
        super(key + ": " + (file == null ? "" : file + ": ") + problem, cause);
        this.file = file;
    }

    /** @return the file concerned, or null when the problem is not about a file */
    public Path file() {
        return file;
    }
}
