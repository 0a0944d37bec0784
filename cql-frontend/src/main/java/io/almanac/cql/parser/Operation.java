package io.almanac.cql.parser;

import java.util.Objects;

/**
 * An UPDATE assignment that is not a plain {@code column = term}: a counter or collection operation, or an element
 * assignment (Cassandra's {@code Operation.RawUpdate}).
 *
 * <pre>
 *   ADD          c = c + v, c += v     counter increment; list append; set / map union
 *   PREPEND      l = v + l             list prepend
 *   SUBTRACT     c = c - v, c -= v     counter decrement; list / set element removal; map key removal
 *   SET_ELEMENT  l[i] = v, m[k] = v    list index set; map put (a null value removes the key)
 *   SET_FIELD    u.f = v               field set of a non-frozen user-defined type
 * </pre>
 *
 * @param column  the assigned column
 * @param kind    the operation
 * @param element the list index or map key of SET_ELEMENT, else null
 * @param value   the operand
 * @param field   the field name of SET_FIELD, else null
 */
public record Operation(String column, Kind kind, Term element, Term value, String field) {

    /** The operation kinds. */
    public enum Kind { ADD, PREPEND, SUBTRACT, SET_ELEMENT, SET_FIELD }

    /** An operation other than SET_FIELD. */
    public Operation(String column, Kind kind, Term element, Term value) {
        this(column, kind, element, value, null);
    }

    public Operation {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if ((kind == Kind.SET_ELEMENT) != (element != null)) {
            throw new IllegalArgumentException("an element term belongs to SET_ELEMENT only");
        }
        if ((kind == Kind.SET_FIELD) != (field != null)) {
            throw new IllegalArgumentException("a field name belongs to SET_FIELD only");
        }
    }
}
