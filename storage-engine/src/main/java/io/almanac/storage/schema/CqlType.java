package io.almanac.storage.schema;

/**
 * A CQL data type: how its values are serialized, compared and shown. Values travel through Almanac in their
 * native-protocol serialized form ({@code byte[]}, native_protocol_v4.spec §6), the same bytes a driver sends and
 * receives, so the storage engine never converts them on the hot path.
 *
 * <p>Java value mapping used by {@link #encode(Object)} and {@link #decode(byte[])}: ascii/text/varchar
 * {@link String}; bigint/counter {@link Long}; int {@link Integer}; smallint {@link Short}; tinyint {@link Byte};
 * float {@link Float}; double {@link Double}; boolean {@link Boolean}; timestamp {@link java.time.Instant}
 * (millisecond precision); date {@link java.time.LocalDate}; time {@link Long} nanoseconds since midnight;
 * uuid/timeuuid {@link java.util.UUID}; blob {@code byte[]}; inet {@link java.net.InetAddress}; varint
 * {@link java.math.BigInteger}; decimal {@link java.math.BigDecimal}; list {@link java.util.List}; set
 * {@link java.util.Set}; map {@link java.util.Map}; user-defined type {@link java.util.Map} by field name; tuple
 * {@link java.util.List} of components.
 *
 * <p>Thread safety: types are immutable.
 */
public sealed interface CqlType permits NativeType, CollectionType, UserType, TupleType {

    /** @return the type as CQL text, as shown in {@code system_schema.columns.type}, e.g. {@code frozen<set<text>>} */
    String cqlName();

    /**
     * Compares two serialized values in this type's clustering order (ascending).
     *
     * @throws InvalidRequestException if a value is malformed
     */
    int compare(byte[] left, byte[] right);

    /**
     * Checks that {@code value} is a valid serialization of this type; an empty value is valid for every type except
     * collections (as in Cassandra).
     *
     * @throws InvalidRequestException naming the type when it is not
     */
    void validate(byte[] value);

    /**
     * @param value a Java value of the mapped class (see the type docs)
     * @return the native-protocol serialization
     * @throws InvalidRequestException when the value does not fit the type
     */
    byte[] encode(Object value);

    /**
     * @return the Java value for the serialized bytes, or null for an empty value of a non-string type
     * @throws InvalidRequestException if the bytes are malformed
     */
    Object decode(byte[] value);

    /** @return the value as a CQL literal, e.g. {@code 'text'}, {@code 42}, {@code 0xcafe} */
    String toCqlLiteral(byte[] value);

    /**
     * Parses a value from its plain string form, as Cassandra's {@code AbstractType.fromString} (used by
     * {@code nodetool getsstables} keys): text unquoted, numbers in decimal, timestamps as ISO-8601 or milliseconds,
     * blobs in hex.
     *
     * @return the native-protocol serialization
     * @throws InvalidRequestException "Unable to make &lt;type&gt; from '&lt;text&gt;'" when it does not parse, or
     *         for collection types, which have no plain string form here
     */
    default byte[] fromString(String text) {
        throw new InvalidRequestException("Unable to make " + cqlName() + " from '" + text
                + "': collection values have no plain string form");
    }

    /** @return whether this is a collection type (list, set or map) */
    default boolean isCollection() {
        return false;
    }
}
