package io.almanac.cql.transport;

import io.almanac.cql.query.QueryOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the notations of native_protocol_v5.spec §3 on Netty buffers (all big-endian).
 *
 * <p>Thread safety: stateless. Readers check the remaining bytes before every read and throw
 * {@link ProtocolException} naming what was being read when the body is too short, so a truncated body becomes a
 * protocol error on its stream rather than an {@link IndexOutOfBoundsException}.
 *
 * <pre>
 *   [short]        2 bytes, unsigned          [int]   4 bytes     [long] 8 bytes     [byte] 1 byte
 *   [string]       [short] n + n UTF-8 bytes  [long string]       [int] n + n UTF-8 bytes
 *   [short bytes]  [short] n + n bytes        [bytes]             [int] n + n bytes; n &lt; 0 = null
 *   [value]        [int] n + n bytes; -1 = null, -2 = not set, &lt; -2 = error
 *   [string list]  [short] n + n [string]     [string map]        [short] n + n ([string], [string])
 *   [string multimap] [short] n + n ([string], [string list])   [bytes map]  [short] n + n ([string], [bytes])
 * </pre>
 */
final class WireFormat {

    /** The largest UTF-8 length a {@code [string]} can carry. */
    static final int MAX_SHORT_LENGTH = 0xFFFF;

    private WireFormat() {
    }

    private static void require(ByteBuf in, int bytes, String what) {
        if (bytes < 0 || in.readableBytes() < bytes) {
            throw new ProtocolException("Not enough bytes to read " + what + " (need " + bytes + ", have "
                    + in.readableBytes() + ")");
        }
    }

    static int readByte(ByteBuf in, String what) {
        require(in, 1, what);
        return in.readUnsignedByte();
    }

    static int readUnsignedShort(ByteBuf in, String what) {
        require(in, 2, what);
        return in.readUnsignedShort();
    }

    static int readInt(ByteBuf in, String what) {
        require(in, 4, what);
        return in.readInt();
    }

    static long readLong(ByteBuf in, String what) {
        require(in, 8, what);
        return in.readLong();
    }

    static String readString(ByteBuf in, String what) {
        int length = readUnsignedShort(in, what);
        return readUtf8(in, length, what);
    }

    static String readLongString(ByteBuf in, String what) {
        int length = readInt(in, what);
        return readUtf8(in, length, what);
    }

    private static String readUtf8(ByteBuf in, int length, String what) {
        require(in, length, what);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    static byte[] readShortBytes(ByteBuf in, String what) {
        int length = readUnsignedShort(in, what);
        require(in, length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** @return the bytes, or null for a negative length */
    static byte[] readBytes(ByteBuf in, String what) {
        int length = readInt(in, what);
        if (length < 0) {
            return null;
        }
        require(in, length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** @return the value, null for -1, or {@link QueryOptions#UNSET} for -2 */
    static byte[] readValue(ByteBuf in, String what) {
        int length = readInt(in, what);
        if (length == -1) {
            return null;
        }
        if (length == -2) {
            return QueryOptions.UNSET;
        }
        if (length < -2) {
            throw new ProtocolException("Invalid [value] length " + length + " in " + what);
        }
        require(in, length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    static List<String> readStringList(ByteBuf in, String what) {
        int count = readUnsignedShort(in, what);
        List<String> values = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            values.add(readString(in, what));
        }
        return values;
    }

    static Map<String, String> readStringMap(ByteBuf in, String what) {
        int count = readUnsignedShort(in, what);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = readString(in, what);
            values.put(key, readString(in, what));
        }
        return values;
    }

    /** Skips a {@code [bytes map]} (custom payloads, which Almanac ignores as Cassandra's default handler does). */
    static void skipBytesMap(ByteBuf in, String what) {
        int count = readUnsignedShort(in, what);
        for (int i = 0; i < count; i++) {
            readUtf8Skip(in, what);
            int length = readInt(in, what);
            if (length > 0) {
                require(in, length, what);
                in.skipBytes(length);
            }
        }
    }

    private static void readUtf8Skip(ByteBuf in, String what) {
        int length = readUnsignedShort(in, what);
        require(in, length, what);
        in.skipBytes(length);
    }

    static void writeString(ByteBuf out, String value) {
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, value);
        if (written > MAX_SHORT_LENGTH) {
            throw new IllegalArgumentException("[string] longer than 65535 bytes: " + written);
        }
        out.setShort(lengthIndex, written);
    }

    /** Writes {@code value} as a {@code [string]}, cutting it (on a character boundary) to fit 65535 bytes. */
    static void writeTruncatedString(ByteBuf out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, MAX_SHORT_LENGTH);
        while (length < utf8.length && length > 0 && (utf8[length] & 0xC0) == 0x80) {
            length--; // do not cut a multi-byte character: back off to the start of the one at the cut
        }
        out.writeShort(length);
        out.writeBytes(utf8, 0, length);
    }

    static void writeShortBytes(ByteBuf out, byte[] value) {
        if (value.length > MAX_SHORT_LENGTH) {
            throw new IllegalArgumentException("[short bytes] longer than 65535 bytes: " + value.length);
        }
        out.writeShort(value.length);
        out.writeBytes(value);
    }

    /** Writes {@code [bytes]}; null is length -1. */
    static void writeBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.writeBytes(value);
        }
    }

    static void writeStringList(ByteBuf out, List<String> values) {
        out.writeShort(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    static void writeStringMultimap(ByteBuf out, Map<String, List<String>> values) {
        out.writeShort(values.size());
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            writeString(out, entry.getKey());
            writeStringList(out, entry.getValue());
        }
    }
}
