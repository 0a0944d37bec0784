package io.almanac.cql.auth;

import io.almanac.cql.query.AuthenticatedUser;

/**
 * The outcome of one SASL step: either a challenge for the client (AUTH_CHALLENGE) or a completed login
 * (AUTH_SUCCESS, with an optional final token).
 *
 * <p>Thread safety: immutable (the arrays are not copied; callers do not modify them).
 *
 * @param token the challenge, or the AUTH_SUCCESS token; null for a null {@code [bytes]}
 * @param user  the authenticated role when the exchange is complete, else null
 */
public record SaslStep(byte[] token, AuthenticatedUser user) {

    /** @return a completed step carrying {@code user} and a null token (what PasswordAuthenticator sends) */
    public static SaslStep success(AuthenticatedUser user) {
        return new SaslStep(null, user);
    }

    /** @return a step asking the client to answer {@code challenge} */
    public static SaslStep challenge(byte[] challenge) {
        return new SaslStep(challenge, null);
    }

    /** @return whether the exchange is complete */
    public boolean isComplete() {
        return user != null;
    }
}
