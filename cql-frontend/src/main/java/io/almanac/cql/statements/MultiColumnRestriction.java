package io.almanac.cql.statements;

import io.almanac.cql.parser.Relation;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TupleType;
import java.util.ArrayList;
import java.util.List;

/**
 * The restriction of a multi-column relation on consecutive clustering columns (Cassandra's
 * {@code MultiColumnRestriction}): {@code (c1, c2) = (..)}, {@code (c1, c2) IN ((..), (..))}, or a slice with up
 * to one lower and one upper bound, each on a prefix of the columns starting at the same column
 * ({@code (c1, c2, c3) >= (..) AND (c1, c2) < (..)}). Tuples compare in value order, column by column.
 *
 * <p>Values are written out ({@code (?, ?)}: each marker binds its column's type) or bound whole: a marker in place
 * of a tuple binds {@code tuple<types>} (named {@code (c1,c2)}), {@code IN ?} binds {@code list<tuple<types>>}
 * (named {@code in(c1,c2)}), as Cassandra's {@code Tuples}.
 *
 * <p>Thread safety: mutable while the statement is prepared, then never modified.
 */
final class MultiColumnRestriction {

    /** A prepared tuple: one term per column, or one marker bound to a whole tuple. */
    private record TupleTerm(List<PreparedTerm> elements, PreparedTerm whole, TupleType type) {
    }

    private final TableMetadata table;
    private List<ColumnMetadata> columns;
    private TupleTerm equal;
    private List<TupleTerm> in;
    private PreparedTerm inMarker;
    private TupleTerm lower;
    private boolean lowerInclusive;
    private TupleTerm upper;
    private boolean upperInclusive;

    private MultiColumnRestriction(TableMetadata table, List<ColumnMetadata> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    /**
     * @param columns the relation's columns, checked by {@link #columns(TableMetadata, Relation)}
     * @throws CqlException for tuples of the wrong size or values of the wrong type
     */
    static MultiColumnRestriction prepare(TableMetadata table, List<ColumnMetadata> columns, Relation relation,
                                          BindVariables variables) {
        MultiColumnRestriction restriction = new MultiColumnRestriction(table, columns);
        switch (relation.operator()) {
            case EQ -> restriction.equal = restriction.tuple(relation.tuples().get(0), columns, variables);
            case IN -> restriction.prepareIn(relation, variables);
            case GT, GTE -> {
                restriction.lower = restriction.tuple(relation.tuples().get(0), columns, variables);
                restriction.lowerInclusive = relation.operator() == Relation.Operator.GTE;
            }
            default -> {
                restriction.upper = restriction.tuple(relation.tuples().get(0), columns, variables);
                restriction.upperInclusive = relation.operator() == Relation.Operator.LTE;
            }
        }
        return restriction;
    }

    /**
     * @return the relation's columns: existing clustering columns, each once, consecutive in primary key order
     * @throws CqlException with Cassandra's messages ({@code MultiColumnRelation.receivers})
     */
    static List<ColumnMetadata> columns(TableMetadata table, Relation relation) {
        List<ColumnMetadata> columns = new ArrayList<>();
        int previous = -1;
        for (String name : relation.tupleColumns()) {
            ColumnMetadata column = table.column(name);
            if (column == null) {
                throw StatementErrors.undefinedColumn(name, table);
            }
            if (column.kind() != ColumnKind.CLUSTERING) {
                throw CqlException.invalid("Multi-column relations can only be applied to clustering columns but"
                        + " was applied to: " + name);
            }
            if (columns.contains(column)) {
                throw CqlException.invalid("Column \"" + name + "\" appeared twice in a relation: " + relation);
            }
            int position = table.clusteringColumns().indexOf(column);
            if (previous != -1 && position != previous + 1) {
                throw CqlException.invalid("Clustering columns must appear in the PRIMARY KEY order in multi-column"
                        + " relations: " + relation);
            }
            columns.add(column);
            previous = position;
        }
        return columns;
    }

    private void prepareIn(Relation relation, BindVariables variables) {
        if (relation.wholeInMarker()) {
            ColumnSpec list = new ColumnSpec(table.keyspace(), table.name(), "in(" + names(",") + ")",
                    CollectionType.list(tupleType(columns), false));
            inMarker = TermPreparer.prepare(relation.values().get(0), list, variables, null);
            return;
        }
        in = new ArrayList<>();
        for (Relation.TupleValue value : relation.tuples()) {
            in.add(tuple(value, columns, variables));
        }
    }

    private TupleTerm tuple(Relation.TupleValue value, List<ColumnMetadata> receivers, BindVariables variables) {
        TupleType type = tupleType(receivers);
        if (value.marker() != null) {
            ColumnSpec spec = new ColumnSpec(table.keyspace(), table.name(), "(" + names(",") + ")", type);
            return new TupleTerm(List.of(), TermPreparer.prepare(value.marker(), spec, variables, null), type);
        }
        if (value.elements().size() != receivers.size()) {
            throw CqlException.invalid("Expected " + receivers.size() + " elements in value tuple, but got "
                    + value.elements().size() + ": " + value);
        }
        List<PreparedTerm> elements = new ArrayList<>(receivers.size());
        for (int i = 0; i < receivers.size(); i++) {
            ColumnMetadata column = receivers.get(i);
            elements.add(TermPreparer.prepare(value.elements().get(i), new ColumnSpec(table.keyspace(), table.name(),
                    column.name(), column.type()), variables, null));
        }
        return new TupleTerm(elements, null, type);
    }

    private static TupleType tupleType(List<ColumnMetadata> columns) {
        List<CqlType> types = new ArrayList<>(columns.size());
        columns.forEach(c -> types.add(c.type()));
        return new TupleType(types);
    }

    private String names(String separator) {
        return String.join(separator, columns.stream().map(ColumnMetadata::name).toList());
    }

    List<ColumnMetadata> columns() {
        return columns;
    }

    ColumnMetadata firstColumn() {
        return columns.get(0);
    }

    boolean isEqual() {
        return equal != null;
    }

    boolean isIn() {
        return in != null || inMarker != null;
    }

    boolean isSlice() {
        return lower != null || upper != null;
    }

    /**
     * Merges a later multi-column relation on overlapping columns into this one (Cassandra's
     * {@code MultiColumnRestriction.mergeWith}): only two slices starting at the same column merge.
     *
     * @throws CqlException with Cassandra's messages otherwise
     */
    void merge(MultiColumnRestriction other) {
        String common = String.join(", ", columns.stream().filter(other.columns::contains)
                .map(ColumnMetadata::name).toList());
        if (isEqual()) {
            throw CqlException.invalid(common + " cannot be restricted by more than one relation if it includes an"
                    + " Equal");
        }
        if (isIn()) {
            throw CqlException.invalid(common + " cannot be restricted by more than one relation if it includes a"
                    + " IN");
        }
        if (!other.isSlice()) {
            throw CqlException.invalid("Column \"" + common + "\" cannot be restricted by both an equality and an"
                    + " inequality relation");
        }
        if (!firstColumn().equals(other.firstColumn())) {
            ColumnMetadata later = position(firstColumn()) > position(other.firstColumn()) ? firstColumn()
                    : other.firstColumn();
            throw CqlException.invalid("Column \"" + later.name() + "\" cannot be restricted by two tuple-notation"
                    + " inequalities not starting with the same column");
        }
        if (lower != null && other.lower != null) {
            throw CqlException.invalid("More than one restriction was found for the start bound on " + common);
        }
        if (upper != null && other.upper != null) {
            throw CqlException.invalid("More than one restriction was found for the end bound on " + common);
        }
        if (other.lower != null) {
            lower = other.lower;
            lowerInclusive = other.lowerInclusive;
        } else {
            upper = other.upper;
            upperInclusive = other.upperInclusive;
        }
        if (other.columns.size() > columns.size()) {
            columns = other.columns;
        }
    }

    private int position(ColumnMetadata column) {
        return table.clusteringColumns().indexOf(column);
    }

    // ---- binding ----

    /** @return the bound tuples of {@code =} (one) or IN (in the order given, possibly repeated) */
    List<List<byte[]>> equalityValues(List<byte[]> bound) {
        List<List<byte[]>> tuples = new ArrayList<>();
        if (equal != null) {
            tuples.add(bindSlice(equal, bound));
            return tuples;
        }
        if (in != null) {
            in.forEach(term -> tuples.add(bindIn(term, bound)));
            return tuples;
        }
        byte[] list = inMarker.bind(bound);
        if (list == null) {
            throw CqlException.invalid("Invalid null value for " + names(", "));
        }
        checkSet(list);
        TupleType type = tupleType(columns);
        for (byte[] tuple : ((CollectionType) ((PreparedTerm.Marker) inMarker).receiver().type()).split(list)) {
            tuples.add(checkIn(tuple == null ? null : pad(type.split(tuple))));
        }
        return tuples;
    }

    /** @return the lower bound's values, or null without one */
    ClusteringSlices.TupleBound lowerBound(List<byte[]> bound) {
        return lower == null ? null : new ClusteringSlices.TupleBound(bindSlice(lower, bound), lowerInclusive);
    }

    /** @return the upper bound's values, or null without one */
    ClusteringSlices.TupleBound upperBound(List<byte[]> bound) {
        return upper == null ? null : new ClusteringSlices.TupleBound(bindSlice(upper, bound), upperInclusive);
    }

    /** Binds a tuple of {@code =} or a slice: a null component is refused naming its column. */
    private List<byte[]> bindSlice(TupleTerm term, List<byte[]> bound) {
        List<byte[]> values = bindTuple(term, bound);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw CqlException.invalid("Invalid null value in condition for column " + columns.get(i).name());
            }
        }
        return values;
    }

    private List<byte[]> bindIn(TupleTerm term, List<byte[]> bound) {
        return checkIn(bindTuple(term, bound));
    }

    /** @return the tuple, or the message of Cassandra's {@code MultiColumnRestriction.INRestriction} for nulls */
    private List<byte[]> checkIn(List<byte[]> values) {
        if (values == null || values.contains(null)) {
            throw CqlException.invalid("Invalid null value in condition for columns: [" + names(", ") + "]");
        }
        return values;
    }

    /** @return one value per column of the term's tuple (null components kept) */
    private List<byte[]> bindTuple(TupleTerm term, List<byte[]> bound) {
        if (term.whole() == null) {
            List<byte[]> values = new ArrayList<>(term.elements().size());
            for (PreparedTerm element : term.elements()) {
                byte[] value = element.bind(bound);
                checkSet(value);
                values.add(value);
            }
            return values;
        }
        byte[] tuple = term.whole().bind(bound);
        if (tuple == null) {
            List<byte[]> nulls = new ArrayList<>();
            term.type().componentTypes().forEach(t -> nulls.add(null));
            return nulls;
        }
        checkSet(tuple);
        List<byte[]> values = term.type().split(tuple);
        while (values.size() < term.type().componentTypes().size()) {
            values.add(null);
        }
        return values;
    }

    private List<byte[]> pad(List<byte[]> values) {
        List<byte[]> padded = new ArrayList<>(values);
        while (padded.size() < columns.size()) {
            padded.add(null);
        }
        return padded;
    }

    private void checkSet(byte[] value) {
        if (value != null && QueryOptions.isUnset(value)) {
            throw CqlException.invalid("Invalid unset value for tuple (" + names(", ") + ")");
        }
    }

    // ---- filtering ----

    /**
     * @return whether a row's clustering satisfies this restriction with these bound values (range scans filter
     *         with it)
     */
    boolean matches(Clustering clustering, List<List<byte[]>> equalTo, ClusteringSlices.TupleBound low,
                    ClusteringSlices.TupleBound high) {
        if (clustering.isStatic()) {
            return false;
        }
        if (equalTo != null) {
            for (List<byte[]> tuple : equalTo) {
                if (compare(clustering, tuple) == 0) {
                    return true;
                }
            }
            return false;
        }
        if (low != null) {
            int c = compare(clustering, low.values());
            if (c < 0 || (c == 0 && !low.inclusive())) {
                return false;
            }
        }
        if (high != null) {
            int c = compare(clustering, high.values());
            return c < 0 || (c == 0 && high.inclusive());
        }
        return true;
    }

    /** Compares the clustering's values from the first column on with a tuple, in value order. */
    private int compare(Clustering clustering, List<byte[]> tuple) {
        int first = position(firstColumn());
        for (int i = 0; i < tuple.size(); i++) {
            ColumnMetadata column = table.clusteringColumns().get(first + i);
            int c = column.type().compare(clustering.get(first + i), tuple.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
