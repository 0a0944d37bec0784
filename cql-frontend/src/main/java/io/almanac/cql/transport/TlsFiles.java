package io.almanac.cql.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads key material for {@link TlsContextFactory}: PKCS12 keystores and truststores, PEM certificates and
 * unencrypted PKCS8 private keys (RFC 7468 textual encoding). Every failure is a {@link TlsConfigurationException}
 * naming the configuration key, the file and the problem.
 *
 * <pre>
 *   PEM file:   [text]  -----BEGIN &lt;LABEL&gt;-----  base64 lines  -----END &lt;LABEL&gt;-----  [text] ...
 *   labels:     CERTIFICATE (chain / CA files), PRIVATE KEY (PKCS8, the only key form accepted)
 *   refused:    ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY (PKCS1), EC PRIVATE KEY (SEC1) -&gt; conversion hint
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class TlsFiles {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA", "XDH");

    private TlsFiles() {
    }

    /** A private key with its certificate chain, the node's certificate first. */
    record KeyAndChain(PrivateKey key, X509Certificate[] chain) {
    }

    /** @return the single private key entry of a PKCS12 keystore */
    static KeyAndChain pkcs12Key(String key, Path file, String password) {
        KeyStore store = pkcs12(key, file, password, "keystore_password");
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new TlsConfigurationException(key, file, "must hold exactly one private key entry (found "
                        + keyAliases.size() + (keyAliases.isEmpty() ? "" : ": " + keyAliases) + ")", null);
            }
            String alias = keyAliases.get(0);
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, password.toCharArray());
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new TlsConfigurationException(key, file, "the key entry '" + alias
                        + "' has no certificate chain", null);
            }
            return new KeyAndChain(privateKey, x509(key, file, List.of(chain)));
        } catch (UnrecoverableKeyException e) {
            throw new TlsConfigurationException(key, file, "the private key's password differs from"
                    + " keystore_password (they must be the same)", e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException(key, file, "cannot read the private key: " + e.getMessage(), e);
        }
    }

    /** @return every certificate of a PKCS12 truststore: certificate entries and the certificates of key entries */
    static List<X509Certificate> pkcs12Certificates(String key, Path file, String password) {
        KeyStore store = pkcs12(key, file, password, "truststore_password");
        List<Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate != null) {
                    certificates.add(certificate);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException(key, file, "cannot list certificates: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigurationException(key, file, "holds no certificates", null);
        }
        return List.of(x509(key, file, certificates));
    }

    private static KeyStore pkcs12(String key, Path file, String password, String passwordKey) {
        byte[] bytes = read(key, file);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                store.load(in, password.toCharArray());
            }
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsConfigurationException(key, file, "wrong password (" + passwordKey
                        + " does not open it)", e);
            }
            throw new TlsConfigurationException(key, file, "not a PKCS12 file (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException(key, file, "cannot load as PKCS12: " + e.getMessage(), e);
        }
    }

    /** @return the certificates of every CERTIFICATE block of a PEM file, in file order; at least one */
    static List<X509Certificate> pemCertificates(String key, Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlock block : pemBlocks(key, file)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsConfigurationException(key, file, "holds an unreadable certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigurationException(key, file, "holds no -----BEGIN CERTIFICATE----- block", null);
        }
        return certificates;
    }

    /** @return the PRIVATE KEY block of a PEM file as a key of whichever algorithm parses it */
    static PrivateKey pemPrivateKey(String key, Path file) {
        for (PemBlock block : pemBlocks(key, file)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(key, file, block.der());
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsConfigurationException(key, file, "the private key is"
                        + " encrypted; decrypt it (openssl pkcs8 -in key.pem -out key-plain.pem) and protect the file"
                        + " by its permissions, or use a PKCS12 keystore with a password", null);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new TlsConfigurationException(
                        key, file, "the private key is in the legacy '" + block.label() + "' form; convert it to"
                        + " PKCS8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem", null);
                default -> {
                    // certificates or parameters next to the key are allowed; keep looking
                }
            }
        }
        throw new TlsConfigurationException(key, file, "holds no -----BEGIN PRIVATE KEY----- block", null);
    }

    private static PrivateKey pkcs8(String key, Path file, byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new TlsConfigurationException(key, file, "the PRIVATE KEY block is not a PKCS8 key of a supported"
                + " algorithm (" + String.join(", ", KEY_ALGORITHMS) + ")", null);
    }

    private record PemBlock(String label, byte[] der) {
    }

    private static List<PemBlock> pemBlocks(String key, Path file) {
        String text = new String(read(key, file), StandardCharsets.US_ASCII);
        List<PemBlock> blocks = new ArrayList<>();
        Matcher matcher = PEM_BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new PemBlock(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigurationException(key, file, "the " + matcher.group(1) + " block is not valid"
                        + " base64", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new TlsConfigurationException(key, file, "not a PEM file (no -----BEGIN ...----- block)", null);
        }
        return blocks;
    }

    private static byte[] read(String key, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigurationException(key, file, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new TlsConfigurationException(key, file, "permission denied", e);
        } catch (IOException e) {
            throw new TlsConfigurationException(key, file, "cannot be read: " + e, e);
        }
    }

    private static X509Certificate[] x509(String key, Path file, List<Certificate> certificates) {
        X509Certificate[] result = new X509Certificate[certificates.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(certificates.get(i) instanceof X509Certificate certificate)) {
                throw new TlsConfigurationException(key, file, "holds a " + certificates.get(i).getType()
                        + " certificate; only X.509 is supported", null);
            }
            result[i] = certificate;
        }
        return result;
    }
}
