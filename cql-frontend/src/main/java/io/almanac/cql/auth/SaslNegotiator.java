package io.almanac.cql.auth;

import java.util.concurrent.CompletableFuture;

/**
 * One connection's SASL exchange (Cassandra's {@code IAuthenticator.SaslNegotiator}).
 *
 * <p>Thread safety: one connection calls it, one response at a time (the transport waits for each step).
 */
public interface SaslNegotiator {

    /**
     * @param token the AUTH_RESPONSE token (may be empty, never null)
     * @return the next step: a challenge for AUTH_CHALLENGE, or the authenticated user for AUTH_SUCCESS; the future
     *         fails with {@link AuthenticationException} (0x0100) for malformed or wrong credentials
     */
    CompletableFuture<SaslStep> evaluateResponse(byte[] token);
}
