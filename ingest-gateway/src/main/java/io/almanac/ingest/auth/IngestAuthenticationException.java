package io.almanac.ingest.auth;

/**
 * Credentials refused by an {@link IngestAuthenticator}: an unknown role, a wrong password, or a role that may not
 * log in. The future of {@link IngestAuthenticator#authenticate} fails with it; MQTT answers CONNACK 0x04 (3.1.1) or
 * 0x86 (5.0), HTTP answers 401. The message is the authenticator's, e.g. "Provided username alice and/or password
 * are incorrect", and never contains the password.
 *
 * <p>Thread safety: immutable.
 */
public final class IngestAuthenticationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why the credentials were refused, shown to the client */
    public IngestAuthenticationException(String message) {
        super(message);
    }
}
