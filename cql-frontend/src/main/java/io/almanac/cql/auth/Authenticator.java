package io.almanac.cql.auth;

/**
 * How the native transport authenticates connections (Cassandra's {@code IAuthenticator}): after STARTUP the server
 * answers READY when {@link #requireAuthentication()} is false, else AUTHENTICATE naming {@link #className()}, and
 * feeds each AUTH_RESPONSE token to the connection's {@link SaslNegotiator} (native_protocol_v5.spec §4.1.2, §4.2.3).
 *
 * <p>Thread safety: implementations are safe from any thread; each negotiator serves one connection.
 */
public interface Authenticator {

    /** @return whether connections must authenticate before any request other than OPTIONS and STARTUP */
    boolean requireAuthentication();

    /** @return the class name sent in AUTHENTICATE, e.g. {@code org.apache.cassandra.auth.PasswordAuthenticator} */
    String className();

    /**
     * @return a fresh negotiator for one connection's SASL exchange
     * @throws IllegalStateException when {@link #requireAuthentication()} is false
     */
    SaslNegotiator newSaslNegotiator();
}
