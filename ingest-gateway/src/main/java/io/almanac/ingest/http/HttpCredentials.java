package io.almanac.ingest.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The user name and password of an HTTP ingest request, from its {@code Authorization} header:
 *
 * <pre>
 *   Authorization: Token alice:s3cret         InfluxDB 1.x compatibility (InfluxDB 2's v1 API, Telegraf's
 *                                             influxdb_v2 output with token = "alice:s3cret")
 *   Authorization: Basic YWxpY2U6czNjcmV0     RFC 7617: base64 of "alice:s3cret" (UTF-8)
 *   POST /write?db=iot&amp;u=alice&amp;p=s3cret     InfluxDB 1.x query parameters, only on /write and only without
 *                                             the header
 * </pre>
 *
 * The password is everything after the first colon, so it may contain colons; the user name may not.
 *
 * <p>Thread safety: immutable.
 *
 * @param username the role name
 * @param password the password
 */
record HttpCredentials(String username, String password) {

    /**
     * What a request carries.
     *
     * @param credentials the credentials, or null when absent or malformed
     * @param error       why the header is malformed or unsupported (answered 401), or null
     */
    record Parsed(HttpCredentials credentials, String error) {

        boolean isMissing() {
            return credentials == null && error == null;
        }
    }

    @Override
    public String toString() {
        return "HttpCredentials[" + username + "]"; // never the password
    }

    /**
     * @param authorization the {@code Authorization} header's value, or null
     * @param uri           the request's URI (for the InfluxDB 1.x {@code u} and {@code p} parameters on /write)
     * @return the credentials, nothing (no header, no parameters) or why the header cannot be used
     */
    static Parsed parse(String authorization, QueryStringDecoder uri) {
        if (authorization == null) {
            String username = single(uri, "u");
            if (username != null && uri.path().equals(InfluxWriteEndpoint.V1_PATH)) {
                String password = single(uri, "p");
                return new Parsed(new HttpCredentials(username, password == null ? "" : password), null);
            }
            return new Parsed(null, null);
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        return switch (scheme) {
            case "token" -> split(value, "Authorization: Token must be <user name>:<password>");
            case "basic" -> basic(value);
            default -> new Parsed(null, "unsupported authorization scheme \"" + (space < 0 ? header
                    : header.substring(0, space)) + "\": use Token <user name>:<password> or Basic");
        };
    }

    private static Parsed basic(String value) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, "Authorization: Basic credentials are not valid base64");
        }
        return split(new String(decoded, StandardCharsets.UTF_8),
                "Authorization: Basic credentials must be base64 of <user name>:<password>");
    }

    private static Parsed split(String userColonPassword, String error) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            return new Parsed(null, error);
        }
        return new Parsed(new HttpCredentials(userColonPassword.substring(0, colon),
                userColonPassword.substring(colon + 1)), null);
    }

    private static String single(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
