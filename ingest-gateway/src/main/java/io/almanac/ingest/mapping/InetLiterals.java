package io.almanac.ingest.mapping;

/**
 * Parses textual IP address literals into their network-order bytes without ever resolving a host name
 * ({@code InetAddress.getByName} would fall back to DNS for anything that is not a literal, blocking an event loop).
 *
 * <pre>
 *   IPv4:  d.d.d.d                 four decimal octets 0..255, 1-3 digits each      -> 4 bytes
 *   IPv6:  h:h:h:h:h:h:h:h         eight groups of 1-4 hex digits                  -> 16 bytes
 *          a::b                    "::" (once) stands for one or more zero groups
 *          h:h:h:h:h:h:d.d.d.d     the last 32 bits may be written as IPv4
 * </pre>
 *
 * Zone ids ({@code %eth0}) and brackets are refused: CQL {@code inet} values carry neither (RFC 4291 §2.2). An
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) becomes the 4-byte IPv4 address, as {@code InetAddress} (and so
 * Cassandra's {@code InetAddressType}) makes it.
 *
 * <p>Thread safety: stateless.
 */
public final class InetLiterals {

    private InetLiterals() {
    }

    /** @return the 4 or 16 address bytes, or null when {@code text} is not an IPv4 or IPv6 literal */
    public static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        byte[] address = new byte[4];
        return parseIpv4(text, address, 0) ? address : null;
    }

    /** Parses dotted-quad {@code text} into {@code target[offset..offset+3]}; false when it is not one. */
    private static boolean parseIpv4(String text, byte[] target, int offset) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            String octet = octets[i];
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            int value = Integer.parseInt(octet);
            if (value > 255) {
                return false;
            }
            target[offset + i] = (byte) value;
        }
        return true;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] address = new byte[16];
        if (gap < 0) {
            return parseGroups(text, address, 0, 16) == 16 ? unmapIpv4(address) : null;
        }
        String head = text.substring(0, gap);
        String tail = text.substring(gap + 2);
        byte[] tailBytes = new byte[16];
        int headLength = head.isEmpty() ? 0 : parseGroups(head, address, 0, 14);
        int tailLength = tail.isEmpty() ? 0 : parseGroups(tail, tailBytes, 0, 14);
        if (headLength < 0 || tailLength < 0 || headLength + tailLength > 14) {
            return null;
        }
        System.arraycopy(tailBytes, 0, address, 16 - tailLength, tailLength);
        return unmapIpv4(address);
    }

    /** @return the IPv4 address of an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2), else {@code address} */
    private static byte[] unmapIpv4(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
            return address;
        }
        return java.util.Arrays.copyOfRange(address, 12, 16);
    }

    /**
     * Parses colon-separated hex groups (the last may be a dotted quad) into {@code target} from {@code offset}.
     *
     * @return the number of bytes written, or -1 when malformed or longer than {@code maxBytes}
     */
    private static int parseGroups(String text, byte[] target, int offset, int maxBytes) {
        String[] groups = text.split(":", -1);
        int length = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (length + 4 > maxBytes || !parseIpv4(group, target, offset + length)) {
                    return -1;
                }
                return length + 4;
            }
            if (group.isEmpty() || group.length() > 4 || length + 2 > maxBytes
                    || !group.chars().allMatch(InetLiterals::isAsciiHexDigit)) {
                return -1;
            }
            int value = Integer.parseInt(group, 16);
            target[offset + length] = (byte) (value >>> 8);
            target[offset + length + 1] = (byte) value;
            length += 2;
        }
        return length;
    }

    private static boolean isAsciiHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
