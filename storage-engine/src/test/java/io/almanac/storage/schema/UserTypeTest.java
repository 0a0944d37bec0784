package io.almanac.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link UserType} serialization, comparison and validation, and its parsing by {@link CqlTypes}. */
class UserTypeTest {

    private static final UserType ADDRESS = new UserType("ks", "address", List.of("street", "zip"),
            List.of(NativeType.TEXT, NativeType.INT), false);

    @Test
    void valuesRoundTripAndMissingFieldsReadAsNull() {
        byte[] value = ADDRESS.encode(Map.of("street", "Main St"));
        assertThat(ADDRESS.split(value)).hasSize(2);
        assertThat(ADDRESS.split(value).get(1)).as("a null field is length -1").isNull();
        Map<String, Object> expected = new HashMap<>();
        expected.put("street", "Main St");
        expected.put("zip", null);
        assertThat(ADDRESS.decode(value)).isEqualTo(expected);
        assertThat(ADDRESS.toCqlLiteral(value)).isEqualTo("{street: 'Main St', zip: null}");

        byte[] older = UserType.join(List.of(NativeType.TEXT.encode("Old Rd")));
        UserType grown = ADDRESS.withField("country", NativeType.TEXT);
        grown.validate(older);
        assertThat(((Map<?, ?>) grown.decode(older)).get("country")).as("field added later").isNull();
    }

    @Test
    void comparesFieldByFieldAndRejectsMalformedValues() {
        byte[] a = ADDRESS.encode(Map.of("street", "A", "zip", 2));
        byte[] b = ADDRESS.encode(Map.of("street", "B", "zip", 1));
        byte[] aShort = UserType.join(List.of(NativeType.TEXT.encode("A")));
        assertThat(ADDRESS.compare(a, b)).isNegative();
        assertThat(ADDRESS.compare(aShort, a)).as("a prefix sorts first").isNegative();
        assertThat(ADDRESS.compare(a, a.clone())).isZero();

        byte[] truncated = Arrays.copyOf(a, a.length - 1);
        assertThatThrownBy(() -> ADDRESS.validate(truncated)).isInstanceOf(InvalidRequestException.class);
        byte[] badInt = UserType.join(List.of(NativeType.TEXT.encode("A"), new byte[] {1, 2}));
        assertThatThrownBy(() -> ADDRESS.validate(badInt)).isInstanceOf(InvalidRequestException.class);
        byte[] tooMany = UserType.join(List.of(new byte[0], new byte[0], new byte[0]));
        assertThatThrownBy(() -> ADDRESS.validate(tooMany)).hasMessageContaining("too many fields");
        assertThatThrownBy(() -> ADDRESS.encode(Map.of("nope", 1))).hasMessageContaining("Unknown field 'nope'");
    }

    @Test
    void cqlTypesResolvesUserTypeNames() {
        Map<String, UserType> types = Map.of("address", ADDRESS);
        assertThat(CqlTypes.parse("frozen<address>", types::get)).isEqualTo(ADDRESS.withFrozen(true));
        assertThat(CqlTypes.parse("address", types::get)).isEqualTo(ADDRESS);
        CqlType list = CqlTypes.parse("list<frozen<address>>", types::get);
        assertThat(list.cqlName()).isEqualTo("list<frozen<address>>");
        assertThatThrownBy(() -> CqlTypes.parse("list<address>", types::get))
                .hasMessageContaining("Non-frozen UDTs are not allowed inside collections");
        assertThatThrownBy(() -> CqlTypes.parse("frozen<nothere>", types::get)).hasMessageContaining("Unknown type");
        assertThatThrownBy(() -> CqlTypes.parse("address")).hasMessageContaining("Unknown type");
    }

    @Test
    void replaceAndReferencesFollowCollectionsAndFields() {
        UserType site = new UserType("ks", "site", List.of("address"), List.of(ADDRESS.withFrozen(true)), false);
        CqlType column = CollectionType.list(site.withFrozen(true), false);
        assertThat(UserType.references(column, "ks", "address")).isTrue();
        assertThat(UserType.references(column, "other", "address")).isFalse();
        UserType renamed = ADDRESS.withFieldRenamed("zip", "postcode");
        CqlType replaced = UserType.replace(column, renamed);
        UserType inner = (UserType) ((UserType) ((CollectionType) replaced).elements()).fieldTypes().get(0);
        assertThat(inner.fieldNames()).containsExactly("street", "postcode");
        assertThat(inner.frozen()).as("each use keeps its frozenness").isTrue();
    }
}
