package io.almanac.cql.auth;

/**
 * Cassandra's {@code AllowAllAuthenticator}: no login, STARTUP is answered READY.
 *
 * <p>Thread safety: stateless.
 */
public final class AllowAllAuthenticator implements Authenticator {

    @Override
    public boolean requireAuthentication() {
        return false;
    }

    @Override
    public String className() {
        return "org.apache.cassandra.auth.AllowAllAuthenticator";
    }

    /** @throws IllegalStateException always: this authenticator never negotiates */
    @Override
    public SaslNegotiator newSaslNegotiator() {
        throw new IllegalStateException("AllowAllAuthenticator does not require authentication");
    }
}
