package io.almanac.storage.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The CQL native (non-collection) types with their native-protocol serializations (native_protocol_v4.spec §6) and
 * Cassandra's comparison order ({@code org.apache.cassandra.db.marshal.*Type}).
 *
 * <p>Thread safety: stateless constants.
 */
public enum NativeType implements CqlType {
    ASCII("ascii", 0x0001, -1),
    BIGINT("bigint", 0x0002, 8),
    BLOB("blob", 0x0003, -1),
    BOOLEAN("boolean", 0x0004, 1),
    COUNTER("counter", 0x0005, 8),
    DECIMAL("decimal", 0x0006, -1),
    DOUBLE("double", 0x0007, 8),
    FLOAT("float", 0x0008, 4),
    INT("int", 0x0009, 4),
    TIMESTAMP("timestamp", 0x000B, 8),
    UUID("uuid", 0x000C, 16),
    TEXT("text", 0x000D, -1),
    VARINT("varint", 0x000E, -1),
    TIMEUUID("timeuuid", 0x000F, 16),
    INET("inet", 0x0010, -1),
    DATE("date", 0x0011, 4),
    TIME("time", 0x0012, 8),
    SMALLINT("smallint", 0x0013, 2),
    TINYINT("tinyint", 0x0014, 1),
    DURATION("duration", 0x0015, -1);

    /** Serialized date value of 1970-01-01: dates are unsigned day counts centred on 2^31. */
    private static final long EPOCH_DAY_OFFSET = 1L << 31;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final String cqlName;
    private final int protocolId;
    private final int fixedSizeBytes;

    NativeType(String cqlName, int protocolId, int fixedSizeBytes) {
        this.cqlName = cqlName;
        this.protocolId = protocolId;
        this.fixedSizeBytes = fixedSizeBytes;
    }

    @Override
    public String cqlName() {
        return cqlName;
    }

    /** @return the type's {@code [option]} id in result and bind metadata, native_protocol_v5.spec §6 */
    public int protocolId() {
        return protocolId;
    }

    /** @return the serialized size of a non-empty value in bytes, or -1 when it varies */
    public int fixedSizeBytes() {
        return fixedSizeBytes;
    }

    /** @return whether values are strings (an empty value is then the empty string, not "no value") */
    public boolean isString() {
        return this == ASCII || this == TEXT;
    }

    @Override
    public void validate(byte[] value) {
        if (value.length == 0) {
            return;
        }
        if (fixedSizeBytes > 0 && value.length != fixedSizeBytes) {
            throw new InvalidRequestException("Invalid " + cqlName + " value: expected " + fixedSizeBytes
                    + " bytes but got " + value.length);
        }
        switch (this) {
            case ASCII -> {
                for (byte b : value) {
                    if (b < 0) {
                        throw new InvalidRequestException("Invalid byte for ascii: " + (b & 0xFF));
                    }
                }
            }
            case TEXT -> {
                if (!Utf8.isValid(value)) {
                    throw new InvalidRequestException("Invalid UTF-8 bytes for text");
                }
            }
            case TIMEUUID -> {
                if (((value[6] >> 4) & 0x0F) != 1) {
                    throw new InvalidRequestException("Unsupported UUID version for timeuuid: must be a type 1 UUID");
                }
            }
            case INET -> {
                if (value.length != 4 && value.length != 16) {
                    throw new InvalidRequestException("Invalid inet value: expected 4 or 16 bytes, got "
                            + value.length);
                }
            }
            case DECIMAL -> {
                if (value.length < 4) {
                    throw new InvalidRequestException("Invalid decimal value: expected at least 4 bytes");
                }
            }
            case TIME -> {
                long nanos = ByteBuffer.wrap(value).getLong();
                if (nanos < 0 || nanos >= NANOS_PER_DAY) {
                    throw new InvalidRequestException("Invalid time value " + nanos
                            + ": must be in [0, 86399999999999]");
                }
            }
            default -> { }
        }
    }

    @Override
    public int compare(byte[] left, byte[] right) {
        if (left.length == 0 || right.length == 0) {
            return Integer.compare(left.length, right.length);
        }
        return switch (this) {
            case BIGINT, COUNTER, TIMESTAMP, TIME ->
                    Long.compare(ByteBuffer.wrap(left).getLong(), ByteBuffer.wrap(right).getLong());
            case INT -> Integer.compare(ByteBuffer.wrap(left).getInt(), ByteBuffer.wrap(right).getInt());
            case SMALLINT -> Short.compare(ByteBuffer.wrap(left).getShort(), ByteBuffer.wrap(right).getShort());
            case TINYINT -> Byte.compare(left[0], right[0]);
            case BOOLEAN -> Boolean.compare(left[0] != 0, right[0] != 0);
            case FLOAT -> Float.compare(ByteBuffer.wrap(left).getFloat(), ByteBuffer.wrap(right).getFloat());
            case DOUBLE -> Double.compare(ByteBuffer.wrap(left).getDouble(), ByteBuffer.wrap(right).getDouble());
            case DATE -> Integer.compareUnsigned(ByteBuffer.wrap(left).getInt(), ByteBuffer.wrap(right).getInt());
            case VARINT -> new BigInteger(left).compareTo(new BigInteger(right));
            case DECIMAL -> ((BigDecimal) decode(left)).compareTo((BigDecimal) decode(right));
            case TIMEUUID -> compareTimeUuid(left, right);
            case UUID -> compareUuid(left, right);
            case INET -> left.length != right.length ? Integer.compare(left.length, right.length)
                    : Arrays.compareUnsigned(left, right);
            default -> Arrays.compareUnsigned(left, right);
        };
    }

    /** Cassandra's UUIDType order: version first, then time order for type 1, then unsigned bytes. */
    private static int compareUuid(byte[] left, byte[] right) {
        int leftVersion = (left[6] >> 4) & 0x0F;
        int rightVersion = (right[6] >> 4) & 0x0F;
        if (leftVersion != rightVersion) {
            return Integer.compare(leftVersion, rightVersion);
        }
        if (leftVersion != 1) {
            return Arrays.compareUnsigned(left, right);
        }
        int byTime = Long.compare(timeUuidTimestamp(left), timeUuidTimestamp(right));
        return byTime != 0 ? byTime : Arrays.compareUnsigned(left, 8, 16, right, 8, 16);
    }

    /**
     * Cassandra's TimeUUIDType order: the 60-bit timestamp, then the clock sequence and node bytes compared as
     * SIGNED bytes (TimeUUIDType.compareCustom), so minTimeuuid's 0x80... tail is the smallest of its timestamp.
     */
    private static int compareTimeUuid(byte[] left, byte[] right) {
        int byTime = Long.compare(timeUuidTimestamp(left), timeUuidTimestamp(right));
        return byTime != 0 ? byTime : Arrays.compare(left, 8, 16, right, 8, 16);
    }

    private static long timeUuidTimestamp(byte[] uuid) {
        long msb = ByteBuffer.wrap(uuid).getLong();
        return ((msb & 0x0FFFL) << 48) | (((msb >>> 16) & 0xFFFFL) << 32) | (msb >>> 32);
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return switch (this) {
                case ASCII, TEXT ->
                    ((String) value).getBytes(this == ASCII ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
                case BIGINT, COUNTER -> ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
                case TIMESTAMP -> ByteBuffer.allocate(8).putLong(value instanceof Instant instant
                        ? instant.toEpochMilli() : ((Number) value).longValue()).array();
                case TIME -> ByteBuffer.allocate(8).putLong(value instanceof LocalTime time
                        ? time.toNanoOfDay() : ((Number) value).longValue()).array();
                case INT -> ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
                case SMALLINT -> ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
                case TINYINT -> new byte[] {((Number) value).byteValue()};
                case BOOLEAN -> new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
                case FLOAT -> ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
                case DOUBLE -> ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
                case DATE ->
                    ByteBuffer.allocate(4).putInt((int) (((LocalDate) value).toEpochDay() + EPOCH_DAY_OFFSET)).array();
                case UUID, TIMEUUID -> {
                    UUID uuid = (UUID) value;
                    byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                            .putLong(uuid.getLeastSignificantBits()).array();
                    validate(bytes);
                    yield bytes;
                }
                case BLOB -> ((byte[]) value).clone();
                case INET -> ((InetAddress) value).getAddress();
                case VARINT -> ((BigInteger) value).toByteArray();
                case DECIMAL -> {
                    BigDecimal decimal = (BigDecimal) value;
                    byte[] unscaled = decimal.unscaledValue().toByteArray();
                    yield ByteBuffer.allocate(4 + unscaled.length).putInt(decimal.scale()).put(unscaled).array();
                }
                case DURATION -> throw new InvalidRequestException("duration values are not supported yet");
            };
        } catch (ClassCastException e) {
            throw new InvalidRequestException("Invalid value for type " + cqlName + ": "
                    + value.getClass().getSimpleName());
        }
    }

    /** Parses the plain string form; see {@link NativeTypeStrings}. */
    @Override
    public byte[] fromString(String text) {
        return NativeTypeStrings.parse(this, text);
    }

    @Override
    public Object decode(byte[] value) {
        if (value.length == 0) {
            return isString() ? "" : (this == BLOB ? new byte[0] : null);
        }
        validate(value);
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return switch (this) {
            case ASCII -> new String(value, StandardCharsets.US_ASCII);
            case TEXT -> new String(value, StandardCharsets.UTF_8);
            case BIGINT, COUNTER, TIME -> buffer.getLong();
            case TIMESTAMP -> Instant.ofEpochMilli(buffer.getLong());
            case INT -> buffer.getInt();
            case SMALLINT -> buffer.getShort();
            case TINYINT -> value[0];
            case BOOLEAN -> value[0] != 0;
            case FLOAT -> buffer.getFloat();
            case DOUBLE -> buffer.getDouble();
            case DATE -> LocalDate.ofEpochDay(Integer.toUnsignedLong(buffer.getInt()) - EPOCH_DAY_OFFSET);
            case UUID, TIMEUUID -> new UUID(buffer.getLong(), buffer.getLong());
            case BLOB -> value.clone();
            case INET -> {
                try {
                    yield InetAddress.getByAddress(value);
                } catch (UnknownHostException e) {
                    throw new InvalidRequestException("Invalid inet value of " + value.length + " bytes");
                }
            }
            case VARINT -> new BigInteger(value);
            case DECIMAL -> {
                int scale = buffer.getInt();
                yield new BigDecimal(new BigInteger(Arrays.copyOfRange(value, 4, value.length)), scale);
            }
            case DURATION -> throw new InvalidRequestException("duration values are not supported yet");
        };
    }

    @Override
    public String toCqlLiteral(byte[] value) {
        if (value.length == 0 && !isString() && this != BLOB) {
            return "null";
        }
        Object decoded = decode(value);
        return switch (this) {
            case ASCII, TEXT -> "'" + ((String) decoded).replace("'", "''") + "'";
            case BLOB -> "0x" + HexFormat.of().formatHex(value);
            case TIMESTAMP, DATE -> "'" + decoded + "'";
            case TIME -> "'" + LocalTime.ofNanoOfDay((Long) decoded) + "'";
            case INET -> "'" + ((InetAddress) decoded).getHostAddress() + "'";
            case FLOAT, DOUBLE -> {
                String text = decoded.toString();
                boolean special = text.equals("Infinity") || text.equals("-Infinity") || text.equals("NaN");
                yield special ? text : text.toLowerCase(Locale.ROOT);
            }
            default -> decoded.toString();
        };
    }

    /** UTF-8 well-formedness check without allocating a decoder. */
    private static final class Utf8 {
        private Utf8() {
        }

        static boolean isValid(byte[] bytes) {
            int i = 0;
            while (i < bytes.length) {
                int b = bytes[i] & 0xFF;
                int extra;
                if (b < 0x80) {
                    i++;
                    continue;
                } else if (b >= 0xC2 && b <= 0xDF) {
                    extra = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    extra = 2;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    extra = 3;
                } else {
                    return false;
                }
                if (i + extra >= bytes.length) {
                    return false;
                }
                for (int k = 1; k <= extra; k++) {
                    if ((bytes[i + k] & 0xC0) != 0x80) {
                        return false;
                    }
                }
                i += extra + 1;
            }
            return true;
        }
    }
}
