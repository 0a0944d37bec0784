package io.almanac.cql.auth;

import io.almanac.cql.query.CqlException;

/** Bad credentials or a malformed SASL token: ERROR 0x0100 (native_protocol_v4.spec §9). */
public final class AuthenticationException extends CqlException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(BAD_CREDENTIALS, message);
    }
}
