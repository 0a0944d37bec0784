package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import java.nio.ByteBuffer;

/**
 * Checks a bound value (the bytes a driver sent for a bind marker) against the marker's type, with the messages of
 * Cassandra's serializers ({@code Int32Serializer.validate}: "Expected 4 or 0 byte int (3)", ...). An empty value
 * is accepted for every non-collection type, as Cassandra does.
 *
 * <p>Thread safety: stateless.
 */
final class BoundValueValidator {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private BoundValueValidator() {
    }

    /**
     * @param receiver the bind variable's specification
     * @param value    the serialized value (not null, not unset)
     * @throws CqlException 0x2200 when the value is not a valid serialization of the receiver's type
     */
    static void validate(ColumnSpec receiver, byte[] value) {
        CqlType type = receiver.type();
        int size = value.length;
        if (type instanceof NativeType nativeType && size > 0) {
            String error = sizeError(nativeType, size);
            if (error != null) {
                throw CqlException.invalid(error);
            }
            String content = contentError(nativeType, value);
            if (content != null) {
                throw CqlException.invalid(content);
            }
        }
        try {
            type.validate(value);
        } catch (InvalidRequestException e) {
            throw CqlException.invalid(e.getMessage());
        }
    }

    private static String sizeError(NativeType type, int size) {
        return switch (type) {
            case INT -> size != 4 ? "Expected 4 or 0 byte int (" + size + ")" : null;
            case BIGINT, COUNTER -> size != 8 ? "Expected 8 or 0 byte long (" + size + ")" : null;
            case SMALLINT -> size != 2 ? "Expected 2 bytes for a smallint (" + size + ")" : null;
            case TINYINT -> size != 1 ? "Expected 1 byte for a tinyint (" + size + ")" : null;
            case BOOLEAN -> size != 1 ? "Expected 1 or 0 byte value (" + size + ")" : null;
            case FLOAT -> size != 4 ? "Expected 4 or 0 byte value for a float (" + size + ")" : null;
            case DOUBLE -> size != 8 ? "Expected 8 or 0 byte value for a double (" + size + ")" : null;
            case TIMESTAMP -> size != 8 ? "Expected 8 or 0 byte long for date (" + size + ")" : null;
            case UUID, TIMEUUID -> size != 16 ? "UUID should be 16 or 0 bytes (" + size + ")" : null;
            case DATE -> size != 4 ? "Expected 4 byte long for date (" + size + ")" : null;
            case TIME -> size != 8 ? "Expected 8 byte long for time (" + size + ")" : null;
            case INET -> size != 4 && size != 16 ? "Invalid length of bytes for InetAddress (" + size + ")" : null;
            case DECIMAL -> size < 4 ? "Expected 0 or at least 4 bytes (" + size + ")" : null;
            default -> null;
        };
    }

    private static String contentError(NativeType type, byte[] value) {
        switch (type) {
            case TIMEUUID -> {
                return ((value[6] >> 4) & 0x0F) != 1 ? "Invalid version for TimeUUID type." : null;
            }
            case TIME -> {
                long nanos = ByteBuffer.wrap(value).getLong();
                return nanos < 0 || nanos >= NANOS_PER_DAY
                        ? "Time value out of range (" + nanos + " nanoseconds is not in [0, 86399999999999])" : null;
            }
            case ASCII -> {
                for (byte b : value) {
                    if (b < 0) {
                        return "Invalid byte for ascii: " + b;
                    }
                }
                return null;
            }
            case TEXT -> {
                try {
                    NativeType.TEXT.validate(value);
                    return null;
                } catch (InvalidRequestException e) {
                    return "String didn't validate.";
                }
            }
            default -> {
                return null;
            }
        }
    }
}
