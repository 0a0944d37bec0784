package io.almanac.cql.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificates the node trusts to sign client certificates ({@code require_client_auth}): a PKCS12 truststore
 * (every certificate entry, and the certificate of every key entry, is trusted) or a PEM file of one or more CA
 * certificates. Files are read by {@link TlsContextFactory}, not here.
 *
 * <p>Thread safety: immutable. {@code toString} masks passwords.
 */
public sealed interface TlsTrustMaterial {

    /**
     * @param file     {@code client_encryption_options.truststore}
     * @param password {@code client_encryption_options.truststore_password}; may be empty, not null
     */
    record Pkcs12Truststore(Path file, String password) implements TlsTrustMaterial {

        /** @throws NullPointerException naming the key of a missing value */
        public Pkcs12Truststore {
            Objects.requireNonNull(file, "client_encryption_options.truststore must be set");
            Objects.requireNonNull(password, "client_encryption_options.truststore_password must be set");
        }

        @Override
        public String toString() {
            return "PKCS12 truststore " + file;
        }
    }

    /** @param caCertificates {@code client_encryption_options.truststore}: a PEM file of CA certificates */
    record PemCertificates(Path caCertificates) implements TlsTrustMaterial {

        /** @throws NullPointerException naming the key of a missing value */
        public PemCertificates {
            Objects.requireNonNull(caCertificates, "client_encryption_options.truststore must be set");
        }
    }
}
