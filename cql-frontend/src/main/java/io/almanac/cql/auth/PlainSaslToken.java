package io.almanac.cql.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The SASL PLAIN initial response (RFC 4616 §2), decoded as Cassandra's {@code PlainTextSaslAuthenticator} does:
 * from the end, so the optional authzid is ignored.
 *
 * <pre>
 *   +-----------------+-----+------------------+-----+-------------------+
 *   | authzid (UTF-8) | NUL | authcid (UTF-8)  | NUL | password (UTF-8)  |
 *   | optional, empty |0x00 | the role name    |0x00 |                   |
 *   +-----------------+-----+------------------+-----+-------------------+
 * </pre>
 *
 * <p>Thread safety: immutable.
 *
 * @param username the authcid
 * @param password the password
 */
public record PlainSaslToken(String username, String password) {

    private static final byte NUL = 0;

    /**
     * @return the credentials in {@code token}
     * @throws AuthenticationException (0x0100) with Cassandra's messages: "Password must not be null",
     *                                 "Authentication ID must not be null", or "Credential format error: username
     *                                 or password is empty or contains NUL(\0) character" (a third NUL)
     */
    public static PlainSaslToken decode(byte[] token) {
        byte[] user = null;
        byte[] pass = null;
        int end = token.length;
        for (int i = token.length - 1; i >= 0; i--) {
            if (token[i] != NUL) {
                continue;
            }
            if (pass == null) {
                pass = Arrays.copyOfRange(token, i + 1, end);
            } else if (user == null) {
                user = Arrays.copyOfRange(token, i + 1, end);
            } else {
                throw new AuthenticationException("Credential format error: username or password is empty or"
                        + " contains NUL(\\0) character");
            }
            end = i;
        }
        if (pass == null || pass.length == 0) {
            throw new AuthenticationException("Password must not be null");
        }
        if (user == null || user.length == 0) {
            throw new AuthenticationException("Authentication ID must not be null");
        }
        return new PlainSaslToken(new String(user, StandardCharsets.UTF_8), new String(pass, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "PlainSaslToken[username=" + username + ", password=***]";
    }
}
