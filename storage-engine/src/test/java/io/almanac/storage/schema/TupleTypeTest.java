package io.almanac.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TupleTypeTest {

    private static final TupleType POINT = (TupleType) CqlTypes.parse("tuple<int, text, list<double>>");

    @Test
    void parsesAndNamesAsFrozenWithFrozenComponents() {
        assertThat(POINT.cqlName()).isEqualTo("frozen<tuple<int, text, frozen<list<double>>>>");
        assertThat(CqlTypes.parse(POINT.cqlName())).isEqualTo(POINT);
        assertThat(CqlTypes.parse("frozen<tuple<int, text, frozen<list<double>>>>")).isEqualTo(POINT);
        assertThatThrownBy(() -> CqlTypes.parse("tuple<>")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> CqlTypes.parse("tuple<int")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void encodesDecodesAndPrintsWithNullAndMissingComponents() {
        byte[] full = POINT.encode(List.of(1, "a", List.of(2.5)));
        assertThat(POINT.decode(full)).isEqualTo(List.of(1, "a", List.of(2.5)));
        assertThat(POINT.toCqlLiteral(full)).isEqualTo("(1, 'a', [2.5])");

        byte[] partial = POINT.encode(Arrays.asList(7, null));
        POINT.validate(partial);
        assertThat(POINT.decode(partial)).isEqualTo(Arrays.asList(7, null, null));
        assertThat(POINT.toCqlLiteral(partial)).isEqualTo("(7, null, null)");
    }

    @Test
    void comparesComponentByComponentWithNullFirstAndShorterFirst() {
        TupleType pair = new TupleType(List.of(NativeType.INT, NativeType.TEXT));
        byte[] oneA = pair.encode(List.of(1, "a"));
        byte[] oneB = pair.encode(List.of(1, "b"));
        byte[] two = pair.encode(List.of(2, "a"));
        byte[] oneNull = pair.encode(Arrays.asList(1, null));
        byte[] one = pair.encode(List.of(1));
        assertThat(pair.compare(oneA, oneB)).isNegative();
        assertThat(pair.compare(two, oneB)).isPositive();
        assertThat(pair.compare(oneNull, oneA)).isNegative();
        assertThat(pair.compare(one, oneNull)).isNegative();
        assertThat(pair.compare(oneA, pair.encode(List.of(1, "a")))).isZero();
    }

    @Test
    void refusesMalformedValues() {
        byte[] value = POINT.encode(List.of(1, "a", List.of()));
        assertThatThrownBy(() -> POINT.validate(Arrays.copyOf(value, value.length - 1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("truncated");
        byte[] four = TupleType.join(Arrays.asList(new byte[4], null, null, null));
        assertThatThrownBy(() -> POINT.validate(four)).hasMessageContaining("too many fields");
        assertThatThrownBy(() -> POINT.encode(List.of(1, "a", List.of(), 4)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> POINT.validate(TupleType.join(List.of(new byte[3]))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void userTypesInsideTuplesAreFoundAndReplaced() {
        UserType address = new UserType("ks", "address", List.of("street"), List.of(NativeType.TEXT), true);
        CqlType tuple = CqlTypes.parse("tuple<int, address>", name -> name.equals("address") ? address : null);
        assertThat(tuple.cqlName()).isEqualTo("frozen<tuple<int, frozen<address>>>");
        assertThat(UserType.references(tuple, "ks", "address")).isTrue();
        UserType wider = address.withField("city", NativeType.TEXT);
        TupleType replaced = (TupleType) UserType.replace(tuple, wider);
        assertThat(replaced.componentTypes().get(1)).isEqualTo(wider.withFrozen(true));
    }
}
