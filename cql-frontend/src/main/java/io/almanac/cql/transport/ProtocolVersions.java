package io.almanac.cql.transport;

import java.util.List;

/**
 * The native protocol versions Almanac speaks and how it answers the others (reference §1.3, CASSANDRA-16581).
 *
 * <p>Thread safety: constants only.
 *
 * <p>Supported: v4 ({@code 0x04}/{@code 0x84}) and v5 ({@code 0x05}/{@code 0x85}). Every other version byte gets
 * ERROR 0x000A on the request's stream, a message that starts with
 * {@code Invalid or unsupported protocol version (N); supported versions are (4/v4, 5/v5)} (the text drivers match to
 * step down their version ladder), and then the connection is closed. That error's header carries
 * {@code 0x80 | 5}, except for v1 and v2, whose 8-byte headers are answered in their own version so the client can
 * decode the reply. DSE probes ({@code 0x41}, {@code 0x42}) and v6-beta are never echoed.
 */
public final class ProtocolVersions {

    public static final int V4 = 4;
    public static final int V5 = 5;
    public static final int MIN_SUPPORTED = V4;
    public static final int MAX_SUPPORTED = V5;
    /** The direction bit of the version byte: set on responses. */
    public static final int RESPONSE_BIT = 0x80;
    /** The versions in SUPPORTED's {@code PROTOCOL_VERSIONS}, in the spec's "N/vN" form. */
    public static final List<String> DESCRIPTIONS = List.of("4/v4", "5/v5");

    private ProtocolVersions() {
    }

    /** @return whether {@code version} (the low 7 bits of a version byte) is served */
    public static boolean isSupported(int version) {
        return version >= MIN_SUPPORTED && version <= MAX_SUPPORTED;
    }

    /** @return whether {@code version} uses the v1/v2 envelope header (8 bytes, one-byte stream id) */
    static boolean hasShortHeader(int version) {
        return version == 1 || version == 2;
    }

    /** @return the version an error about {@code requested} is sent in: the same for v1/v2, else our highest */
    static int errorReplyVersion(int requested) {
        return hasShortHeader(requested) ? requested : MAX_SUPPORTED;
    }

    /** @return the error message for an unsupported version, as drivers expect it */
    static String unsupportedMessage(int requested) {
        return "Invalid or unsupported protocol version (" + requested + "); supported versions are ("
                + String.join(", ", DESCRIPTIONS) + ")";
    }
}
