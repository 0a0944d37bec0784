package io.almanac.cql.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the node's private key and certificate chain come from: a PKCS12 keystore with a password, or a PEM
 * certificate chain plus an unencrypted PKCS8 private key. Files are read by {@link TlsContextFactory}, not here.
 *
 * <p>Thread safety: immutable. {@code toString} masks passwords.
 */
public sealed interface TlsKeyMaterial {

    /**
     * A PKCS12 keystore holding exactly one private key entry with its certificate chain; the key's password is the
     * keystore password (what {@code keytool -genkeypair -storetype PKCS12} writes).
     *
     * @param file     {@code client_encryption_options.keystore}
     * @param password {@code client_encryption_options.keystore_password}; may be empty, not null
     */
    record Pkcs12Keystore(Path file, String password) implements TlsKeyMaterial {

        /** @throws NullPointerException naming the key of a missing value */
        public Pkcs12Keystore {
            Objects.requireNonNull(file, "client_encryption_options.keystore must be set");
            Objects.requireNonNull(password, "client_encryption_options.keystore_password must be set");
        }

        @Override
        public String toString() {
            return "PKCS12 keystore " + file;
        }
    }

    /**
     * PEM files: the certificate chain (the node's certificate first, then any intermediates) and the private key as
     * unencrypted PKCS8 ({@code -----BEGIN PRIVATE KEY-----}; RSA, EC or EdDSA). Encrypted and PKCS1
     * ({@code BEGIN RSA PRIVATE KEY}) keys are refused with the openssl command that converts them.
     *
     * @param certificateChain {@code client_encryption_options.certificate_chain}
     * @param privateKey       {@code client_encryption_options.private_key}
     */
    record PemKeyPair(Path certificateChain, Path privateKey) implements TlsKeyMaterial {

        /** @throws NullPointerException naming the key of a missing value */
        public PemKeyPair {
            Objects.requireNonNull(certificateChain, "client_encryption_options.certificate_chain must be set");
            Objects.requireNonNull(privateKey, "client_encryption_options.private_key must be set");
        }
    }
}
