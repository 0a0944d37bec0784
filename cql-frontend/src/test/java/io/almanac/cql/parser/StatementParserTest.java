package io.almanac.cql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.auth.DataResource;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.RoleResource;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.NativeType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementParserTest {

    @Test
    void selectWithEveryClause() {
        ParsedQuery parsed = StatementParser.parse("SELECT token(k), writetime(v) AS w, ttl(v), c FROM ks.t"
                + " WHERE k IN (1, 2) AND c >= ? AND c < 10 AND token(k) > :t ORDER BY c DESC LIMIT 5 ALLOW"
                + " FILTERING;");

        ParsedStatement.Select select = (ParsedStatement.Select) parsed.statement();
        assertThat(select.table()).isEqualTo(new QualifiedName("ks", "t"));
        assertThat(select.selectors()).containsExactly(new Selector(Selector.Kind.TOKEN, List.of("k"), null),
                new Selector(Selector.Kind.WRITETIME, List.of("v"), "w"),
                new Selector(Selector.Kind.TTL, List.of("v"), null),
                new Selector(Selector.Kind.COLUMN, List.of("c"), null));
        assertThat(select.where()).extracting(Relation::toString)
                .containsExactly("k IN (1, 2)", "c >= ?", "c < 10", "token(k) > :t");
        assertThat(select.orderings()).containsExactly(new Ordering("c", true));
        assertThat(select.limit()).isEqualTo(new Term.Literal(Term.LiteralKind.INTEGER, "5"));
        assertThat(select.allowFiltering()).isTrue();
        assertThat(parsed.bindMarkerCount()).isEqualTo(2);
        assertThat(select.where().get(3).values()).containsExactly(new Term.BindMarker(1, "t"));
    }

    @Test
    void selectStarAndInMarker() {
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse(
                "select * from t where k in ?").statement();

        assertThat(select.selectors()).isEmpty();
        assertThat(select.where().get(0).wholeInMarker()).isTrue();
        assertThat(select.table()).isEqualTo(new QualifiedName(null, "t"));
    }

    @Test
    void insertWithUsingAndCollections() {
        ParsedQuery parsed = StatementParser.parse("INSERT INTO t (k, l, s, m, e) VALUES (?, [1, 2], {'a'},"
                + " {'x': 1.5}, {}) USING TTL ? AND TIMESTAMP 123");

        ParsedStatement.Insert insert = (ParsedStatement.Insert) parsed.statement();
        assertThat(insert.columns()).containsExactly("k", "l", "s", "m", "e");
        assertThat(insert.values()).containsExactly(new Term.BindMarker(0, null),
                new Term.ListLiteral(List.of(integer("1"), integer("2"))),
                new Term.SetLiteral(List.of(new Term.Literal(Term.LiteralKind.STRING, "a"))),
                new Term.MapLiteral(List.of(new Term.Literal(Term.LiteralKind.STRING, "x")),
                        List.of(new Term.Literal(Term.LiteralKind.FLOAT, "1.5"))),
                new Term.SetLiteral(List.of()));
        assertThat(insert.timeToLive()).isEqualTo(new Term.BindMarker(1, null));
        assertThat(insert.timestamp()).isEqualTo(integer("123"));
    }

    @Test
    void batchStatements() {
        ParsedStatement.Batch batch = (ParsedStatement.Batch) StatementParser.parse("BEGIN UNLOGGED BATCH USING"
                + " TIMESTAMP 5 INSERT INTO t (k) VALUES (1); INSERT INTO t (k) VALUES (?) APPLY BATCH").statement();

        assertThat(batch.type()).isEqualTo(BatchType.UNLOGGED);
        assertThat(batch.timestamp()).isEqualTo(integer("5"));
        assertThat(batch.statements()).hasSize(2);
        assertThat(((ParsedStatement.Batch) StatementParser.parse("begin logged batch apply batch").statement())
                .type()).isEqualTo(BatchType.LOGGED);
        assertThat(((ParsedStatement.Batch) StatementParser.parse("BEGIN BATCH APPLY BATCH").statement())
                .type()).isEqualTo(BatchType.LOGGED);
    }

    @Test
    void ddlStatements() {
        ParsedStatement.CreateKeyspace keyspace = (ParsedStatement.CreateKeyspace) StatementParser.parse(
                "CREATE KEYSPACE IF NOT EXISTS \"Ks\" WITH replication = {'class': 'SimpleStrategy',"
                        + " 'replication_factor': 1} AND durable_writes = false").statement();
        assertThat(keyspace.keyspace()).isEqualTo("Ks");
        assertThat(keyspace.ifNotExists()).isTrue();
        assertThat(keyspace.properties().maps().get("replication"))
                .isEqualTo(Map.of("class", "SimpleStrategy", "replication_factor", "1"));
        assertThat(keyspace.properties().simple()).isEqualTo(Map.of("durable_writes", "false"));

        ParsedStatement.CreateTable table = (ParsedStatement.CreateTable) StatementParser.parse(
                "CREATE TABLE ks.t (a text, b int, c timestamp, v frozen<map<text, list<int>>>,"
                        + " l list<frozen<set<int>>>, PRIMARY KEY ((a, b), c),) WITH CLUSTERING ORDER BY (c DESC)"
                        + " AND comment = 'x'")
                .statement();
        assertThat(table.partitionKey()).containsExactly("a", "b");
        assertThat(table.clusteringColumns()).containsExactly("c");
        assertThat(table.clusteringOrder()).isEqualTo(Map.of("c", true));
        assertThat(table.columns()).extracting(ColumnDefinition::type).containsExactly(NativeType.TEXT,
                NativeType.INT, NativeType.TIMESTAMP,
                CollectionType.map(NativeType.TEXT, CollectionType.list(NativeType.INT, false), true),
                CollectionType.list(CollectionType.set(NativeType.INT, true), false));
        assertThat(table.properties().simple()).isEqualTo(Map.of("comment", "x"));

        assertThat(StatementParser.parse("CREATE TABLE t (k int PRIMARY KEY)").statement())
                .isInstanceOfSatisfying(ParsedStatement.CreateTable.class,
                        t -> assertThat(t.partitionKey()).containsExactly("k"));
        assertThat(StatementParser.parse("CREATE COLUMNFAMILY t (k varchar PRIMARY KEY)").statement())
                .isInstanceOf(ParsedStatement.CreateTable.class);
        assertThat(StatementParser.parse("DROP TABLE IF EXISTS ks.t").statement())
                .isEqualTo(new ParsedStatement.DropTable(new QualifiedName("ks", "t"), true));
        assertThat(StatementParser.parse("drop schema k").statement())
                .isEqualTo(new ParsedStatement.DropKeyspace("k", false));
        assertThat(StatementParser.parse("USE \"MyKs\"").statement()).isEqualTo(new ParsedStatement.Use("MyKs"));
    }

    @Test
    void identifiersKeywordsAndQuoting() {
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse(
                "SeLeCt Key, TTL, \"Timestamp\", type, VALUES, \"with \"\"quote\"\"\" FROM Ks.Tab").statement();

        assertThat(select.selectors()).extracting(s -> s.columns().get(0))
                .containsExactly("key", "ttl", "Timestamp", "type", "values", "with \"quote\"");
        assertThat(select.table()).isEqualTo(new QualifiedName("ks", "tab"));
    }

    @Test
    void literalsOfEveryKind() {
        ParsedStatement.Insert insert = (ParsedStatement.Insert) StatementParser.parse(
                "INSERT INTO t (a, b, c, d, e, f, g, h, i, j, k, l, m) VALUES ('it''s', $$dollar 'q'$$, -42, 1.5e3,"
                        + " TRUE, 123e4567-e89b-12d3-a456-426614174000, 0xCAFE, NaN, -Infinity, Infinity, null, 1h30m,"
                        + " -7.)").statement();

        assertThat(insert.values()).containsExactly(
                new Term.Literal(Term.LiteralKind.STRING, "it's"),
                new Term.Literal(Term.LiteralKind.STRING, "dollar 'q'"),
                integer("-42"),
                new Term.Literal(Term.LiteralKind.FLOAT, "1.5e3"),
                new Term.Literal(Term.LiteralKind.BOOLEAN, "true"),
                new Term.Literal(Term.LiteralKind.UUID, "123e4567-e89b-12d3-a456-426614174000"),
                new Term.Literal(Term.LiteralKind.HEX, "0xCAFE"),
                new Term.Literal(Term.LiteralKind.FLOAT, "NaN"),
                new Term.Literal(Term.LiteralKind.FLOAT, "-Infinity"),
                new Term.Literal(Term.LiteralKind.FLOAT, "Infinity"),
                Term.Null.INSTANCE,
                new Term.Literal(Term.LiteralKind.DURATION, "1h30m"),
                new Term.Literal(Term.LiteralKind.FLOAT, "-7."));
    }

    @Test
    void commentsAndSemicolons() {
        String query = "-- leading comment\nSELECT /* inline */ v // trailing\nFROM t WHERE k = 1;;";

        assertThat(StatementParser.parse(query).statement()).isInstanceOf(ParsedStatement.Select.class);
    }

    @Test
    void syntaxErrorsReadLikeCassandras() {
        assertSyntaxError("CREATE FOO").hasMessage("line 1:7 no viable alternative at input 'FOO' (CREATE [FOO])");
        assertSyntaxError("SELECT a b FROM t")
                .hasMessage("line 1:9 mismatched input 'b' expecting K_FROM (SELECT a [b] FROM t)");
        assertSyntaxError("SELECT * FROM").hasMessageStartingWith("line 1:13 no viable alternative at input '<EOF>'");
        assertSyntaxError("SELECT @ FROM t").hasMessage("line 1:7 no viable alternative at character '@'");
        assertSyntaxError("SELECT * FROM t WHERE k = 'open").hasMessageStartingWith("line 1:26 no viable alternative"
                + " at character ''open'");
        assertSyntaxError("SELECT *\nFROM t\nWHERE k = = 1").hasMessageStartingWith("line 3:10 ");
        assertSyntaxError("").hasMessage("line 1:0 no viable alternative at input '<EOF>'");
        assertSyntaxError("INSERT INTO t (k) VALUES (1) garbage").hasMessageStartingWith("line 1:29 ");
        assertSyntaxError("CREATE KEYSPACE k WITH a = 1 AND a = 2")
                .hasMessage("Multiple definition for property 'a'");
    }

    @Test
    void alterTableInstructionsParse() {
        ParsedStatement.AlterTable add = (ParsedStatement.AlterTable) StatementParser.parse(
                "ALTER TABLE IF EXISTS ks.t ADD IF NOT EXISTS (a int, \"B\" set<text>)").statement();
        assertThat(add.ifExists()).isTrue();
        assertThat(add.action()).isEqualTo(new ParsedStatement.AddColumns(List.of(
                new ColumnDefinition("a", NativeType.INT),
                new ColumnDefinition("B", CollectionType.set(NativeType.TEXT, false))), java.util.Set.of(), true));
        ParsedStatement.AlterTable drop = (ParsedStatement.AlterTable) StatementParser.parse(
                "ALTER TABLE t DROP a, b USING TIMESTAMP 42").statement();
        assertThat(drop.action()).isEqualTo(new ParsedStatement.DropColumns(List.of("a", "b"), false, 42L));
        ParsedStatement.AlterTable rename = (ParsedStatement.AlterTable) StatementParser.parse(
                "ALTER TABLE t RENAME a TO b AND c TO d").statement();
        assertThat(rename.action()).isEqualTo(new ParsedStatement.RenameColumns(
                Map.of("a", "b", "c", "d"), false));
        ParsedStatement.AlterKeyspace keyspace = (ParsedStatement.AlterKeyspace) StatementParser.parse(
                "ALTER KEYSPACE ks WITH durable_writes = false").statement();
        assertThat(keyspace.properties().simple()).containsEntry("durable_writes", "false");
    }

    @Test
    void operationsConditionsAndElementDeletions() {
        ParsedStatement.Update update = (ParsedStatement.Update) StatementParser.parse(
                "UPDATE t SET a = 1, c = c + 2, d = d -3, l = [0] + l, m['k'] = 4, n -= {'x'} WHERE k = 1"
                        + " IF v = 1 AND m['k'] != 2 AND w IN (1, 2)").statement();
        assertThat(update.columns()).containsExactly("a");
        assertThat(update.operations()).extracting(Operation::column, Operation::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c", Operation.Kind.ADD),
                org.assertj.core.groups.Tuple.tuple("d", Operation.Kind.SUBTRACT),
                org.assertj.core.groups.Tuple.tuple("l", Operation.Kind.PREPEND),
                org.assertj.core.groups.Tuple.tuple("m", Operation.Kind.SET_ELEMENT),
                org.assertj.core.groups.Tuple.tuple("n", Operation.Kind.SUBTRACT));
        assertThat(update.operations().get(1).value()).hasToString("3");
        assertThat(update.conditions().kind()).isEqualTo(Conditions.Kind.COLUMNS);
        assertThat(update.conditions().columns()).extracting(Object::toString)
                .containsExactly("v = 1", "m['k'] != 2", "w IN (1, 2)");
        ParsedStatement.Delete delete = (ParsedStatement.Delete) StatementParser.parse(
                "DELETE v, m['a'], l[0] FROM t WHERE k = 1 IF EXISTS").statement();
        assertThat(delete.columns()).containsExactly("v");
        assertThat(delete.elements()).extracting(ParsedStatement.Delete.Element::column).containsExactly("m", "l");
        assertThat(delete.conditions()).isEqualTo(Conditions.IF_EXISTS);
        ParsedStatement.Insert insert = (ParsedStatement.Insert) StatementParser.parse(
                "INSERT INTO t (k) VALUES (1) IF NOT EXISTS").statement();
        assertThat(insert.ifNotExists()).isTrue();
        assertThat(((ParsedStatement.Batch) StatementParser.parse("BEGIN COUNTER BATCH APPLY BATCH").statement())
                .type()).isEqualTo(BatchType.COUNTER);
        assertThatThrownBy(() -> StatementParser.parse("UPDATE t SET c = d + 1 WHERE k = 1"))
                .isInstanceOf(CqlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE INDEX ON t (v)", "DROP INDEX i", "GRANT UNMASK ON ALL KEYSPACES TO r",
        "SELECT a + 1 FROM t",
        "SELECT * FROM t WHERE (a, b) BETWEEN (1, 2) AND (3, 4)",
        "INSERT INTO t JSON '{}' IF NOT EXISTS",
        "CREATE TABLE t (k int PRIMARY KEY) WITH COMPACT STORAGE"})
    void acceptedButUnsupportedStatementsAreInvalidRequests(String query) {
        assertThatThrownBy(() -> StatementParser.parse(query)).isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.INVALID))
                .hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "SELECT * FROM t WHERE a = 1 AND b != 'x'      | Unsupported \"!=\" relation: b != 'x'",
        "SELECT * FROM t WHERE token(a) != 1           | Unsupported \"!=\" relation: token(a) != 1",
        "SELECT * FROM t WHERE m['k'] != 1             | Unsupported \"!=\" relation: m['k'] != 1",
        "SELECT * FROM t WHERE (a, b) != (1, 2)        | Unsupported \"!=\" relation: (a, b) != (1, 2)",
        "SELECT * FROM t WHERE b IS NOT NULL           | Unsupported restriction: b IS NOT NULL",
        "SELECT * FROM t WHERE v LIKE 'x%'             | LIKE restriction is only supported on properly indexed columns."
                + " v LIKE 'x%' is not valid."})
    void relationsCassandraRefusesWithoutAnIndexGetItsMessages(String query, String message) {
        assertThatThrownBy(() -> StatementParser.parse(query)).isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.INVALID))
                .hasMessage(message);
    }

    @Test
    void tupleTypesLiteralsAndSelectors() {
        ParsedStatement.CreateTable create = (ParsedStatement.CreateTable) StatementParser.parse(
                "CREATE TABLE t (k frozen<tuple<int, text>>, c tuple<int, list<text>>, v list<tuple<int, int>>,"
                        + " PRIMARY KEY (k, c))").statement();
        assertThat(create.columns()).extracting(c -> c.type().cqlName()).containsExactly(
                "frozen<tuple<int, text>>", "frozen<tuple<int, frozen<list<text>>>>",
                "list<frozen<tuple<int, int>>>");
        assertThatThrownBy(() -> StatementParser.parse("CREATE TABLE t (k int PRIMARY KEY, v tuple<int, counter>)"))
                .isInstanceOf(CqlException.class).hasMessage("Counters are not allowed inside tuples");
        ParsedStatement.Insert insert = (ParsedStatement.Insert) StatementParser.parse(
                "INSERT INTO t (k, v) VALUES ((1, 'a'), (?, (null, 2)))").statement();
        assertThat(insert.values()).extracting(Object::toString).containsExactly("(1, 'a')", "(?, (null, 2))");
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse(
                "SELECT (k, v) AS kv, (k), (k, (v, k)) FROM t").statement();
        assertThat(select.selectors()).extracting(Selector::kind)
                .containsExactly(Selector.Kind.TUPLE, Selector.Kind.COLUMN, Selector.Kind.TUPLE);
        assertThat(select.selectors().get(2).defaultName()).isEqualTo("(k, (v, k))");
    }

    @Test
    void containsMapEntryRelationsFieldOperationsAndContainsConditions() {
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse(
                "SELECT * FROM t WHERE l CONTAINS ? AND m CONTAINS KEY 'a' AND m[?] = ? ALLOW FILTERING").statement();
        assertThat(select.where()).extracting(Relation::operator).containsExactly(Relation.Operator.CONTAINS,
                Relation.Operator.CONTAINS_KEY, Relation.Operator.EQ);
        Relation entry = select.where().get(2);
        assertThat(entry.mapKey()).isEqualTo(new Term.BindMarker(1, null));
        assertThat(entry.values()).containsExactly(new Term.BindMarker(2, null));
        assertThat(entry).hasToString("m[?] = ?");
        ParsedStatement.Update update = (ParsedStatement.Update) StatementParser.parse(
                "UPDATE t SET u.f = 1 WHERE k = 1 IF u.g = 2 AND l CONTAINS 3 AND m CONTAINS KEY 'a'").statement();
        Operation field = update.operations().get(0);
        assertThat(field.kind()).isEqualTo(Operation.Kind.SET_FIELD);
        assertThat(field.field()).isEqualTo("f");
        assertThat(update.conditions().columns()).extracting(Conditions.Condition::field)
                .containsExactly("g", null, null);
        assertThat(update.conditions().columns()).extracting(Conditions.Condition::operator).containsExactly(
                Conditions.Operator.EQ, Conditions.Operator.CONTAINS, Conditions.Operator.CONTAINS_KEY);
        ParsedStatement.Delete delete = (ParsedStatement.Delete) StatementParser.parse(
                "DELETE u.f, m['a'] FROM t WHERE k = 1").statement();
        assertThat(delete.elements()).extracting(ParsedStatement.Delete.Element::field).containsExactly("f", null);
        for (String syntaxError : List.of("SELECT * FROM t WHERE l NOT CONTAINS 1", "UPDATE t SET u.f += 1 WHERE k = 1",
                "UPDATE t SET v = 1 WHERE k = 1 IF m['a'] CONTAINS 1")) {
            assertThatThrownBy(() -> StatementParser.parse(syntaxError)).isInstanceOf(CqlException.class)
                    .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.SYNTAX_ERROR));
        }
    }

    @Test
    void userTypeStatementsAndStaticColumns() {
        ParsedStatement.CreateType create = (ParsedStatement.CreateType) StatementParser.parse(
                "CREATE TYPE IF NOT EXISTS ks.\"Addr\" (street text, tags frozen<set<text>>, home frozen<other>)")
                .statement();
        assertThat(create.type()).isEqualTo(new QualifiedName("ks", "Addr"));
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.fieldNames()).containsExactly("street", "tags", "home");
        assertThat(create.fieldTypes().get(2)).isEqualTo(new io.almanac.storage.schema.UserType("", "other",
                List.of(), List.of(), true));
        ParsedStatement.AlterType add = (ParsedStatement.AlterType) StatementParser.parse(
                "ALTER TYPE addr ADD IF NOT EXISTS zip int").statement();
        assertThat(add.addedField()).isEqualTo("zip");
        assertThat(add.ifFieldPresence()).isTrue();
        assertThat(add.ifExists()).isFalse();
        ParsedStatement.AlterType rename = (ParsedStatement.AlterType) StatementParser.parse(
                "ALTER TYPE IF EXISTS ks.addr RENAME a TO b AND c TO d").statement();
        assertThat(rename.renames()).containsExactly(Map.entry("a", "b"), Map.entry("c", "d"));
        assertThat(rename.ifExists()).isTrue();
        assertThat(StatementParser.parse("DROP TYPE IF EXISTS addr").statement())
                .isEqualTo(new ParsedStatement.DropType(new QualifiedName(null, "addr"), true));
        assertSyntaxError("ALTER TYPE addr foo a TO b");
        ParsedStatement.CreateTable table = (ParsedStatement.CreateTable) StatementParser.parse(
                "CREATE TABLE t (k int, c int, s text STATIC, PRIMARY KEY (k, c))").statement();
        assertThat(table.columns().get(2).isStatic()).isTrue();
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse("SELECT a.b.c FROM t")
                .statement();
        assertThat(select.selectors().get(0).defaultName()).isEqualTo("a.b.c");
    }

    @Test
    void updateDeleteTruncateAndMixedBatches() {
        ParsedStatement.Update update = (ParsedStatement.Update) StatementParser.parse(
                "UPDATE ks.t USING TTL ? AND TIMESTAMP 5 SET a = ?, b = null WHERE k = ? AND c IN (1, 2)").statement();
        ParsedStatement.Delete delete = (ParsedStatement.Delete) StatementParser.parse(
                "DELETE a, b FROM t USING TIMESTAMP ? WHERE k = 1").statement();
        ParsedStatement.Batch batch = (ParsedStatement.Batch) StatementParser.parse("BEGIN BATCH INSERT INTO t (k)"
                + " VALUES (1); UPDATE t SET a = 1 WHERE k = 2; DELETE FROM t WHERE k = 3 APPLY BATCH").statement();

        assertThat(update.table()).isEqualTo(new QualifiedName("ks", "t"));
        assertThat(update.columns()).containsExactly("a", "b");
        assertThat(update.values()).containsExactly(new Term.BindMarker(1, null), Term.Null.INSTANCE);
        assertThat(update.timeToLive()).isEqualTo(new Term.BindMarker(0, null));
        assertThat(update.timestamp()).isEqualTo(integer("5"));
        assertThat(update.where()).hasSize(2);
        assertThat(update.where().get(0).values()).containsExactly(new Term.BindMarker(2, null));
        assertThat(delete.columns()).containsExactly("a", "b");
        assertThat(delete.timestamp()).isEqualTo(new Term.BindMarker(0, null));
        assertThat(((ParsedStatement.Truncate) StatementParser.parse("TRUNCATE TABLE ks.t").statement()).table())
                .isEqualTo(new QualifiedName("ks", "t"));
        assertThat(((ParsedStatement.Truncate) StatementParser.parse("truncate t").statement()).table())
                .isEqualTo(new QualifiedName(null, "t"));
        assertThat(batch.statements()).hasExactlyElementsOfTypes(ParsedStatement.Insert.class,
                ParsedStatement.Update.class, ParsedStatement.Delete.class);
    }

    @Test
    void typeNestingRules() {
        assertThatThrownBy(() -> StatementParser.parse("CREATE TABLE t (k int PRIMARY KEY, l list<list<int>>)"))
                .hasMessage("Non-frozen collections are not allowed inside collections: list<list<int>>");
        assertThatThrownBy(() -> StatementParser.parse("CREATE TABLE t (k frozen<int> PRIMARY KEY)"))
                .hasMessage("frozen<> is only allowed on collections, tuples, and user-defined types (got int)");
    }

    private static Term.Literal integer(String text) {
        return new Term.Literal(Term.LiteralKind.INTEGER, text);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertSyntaxError(String query) {
        return assertThatThrownBy(() -> StatementParser.parse(query)).isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.SYNTAX_ERROR));
    }

    @Test
    void functionSelectorsAggregatesAndGroupBy() {
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse("SELECT count(*),"
                + " system.max(v) AS top, floor(ts, 1h), CAST(v AS text) FROM t WHERE k = now()"
                + " GROUP BY k, floor(ts, 1h)").statement();

        Selector floor = Selector.call("floor", List.of(new Selector(Selector.Kind.COLUMN, List.of("ts"), null),
                new Selector(Selector.Kind.LITERAL, List.of(), null, null, List.of(),
                        new Term.Literal(Term.LiteralKind.DURATION, "1h"))), null);
        assertThat(select.selectors()).containsExactly(new Selector(Selector.Kind.COUNT_ROWS, List.of(), null),
                Selector.call("system.max", List.of(new Selector(Selector.Kind.COLUMN, List.of("v"), null)), "top"),
                floor, new Selector(Selector.Kind.CAST, List.of(), null, "text",
                        List.of(new Selector(Selector.Kind.COLUMN, List.of("v"), null)), null));
        assertThat(select.selectors().get(2).defaultName()).isEqualTo("system.floor(ts, 1h)");
        assertThat(select.selectors().get(0).defaultName()).isEqualTo("count");
        assertThat(select.groupBy()).containsExactly(new Selector(Selector.Kind.COLUMN, List.of("k"), null), floor);
        assertThat(select.where().get(0).values()).containsExactly(new Term.FunctionCall("now", List.of()));
    }

    @Test
    void describeForms() {
        assertThat(StatementParser.parse("DESCRIBE KEYSPACES").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.KEYSPACES, null, null));
        assertThat(StatementParser.parse("desc full schema").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.FULL_SCHEMA, null, null));
        assertThat(StatementParser.parse("DESC SCHEMA").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.SCHEMA, null, null));
        assertThat(StatementParser.parse("DESCRIBE ONLY KEYSPACE \"Ks\"").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.ONLY_KEYSPACE, "Ks", null));
        assertThat(StatementParser.parse("DESCRIBE COLUMNFAMILY ks.t;").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.TABLE, "ks", "t"));
        assertThat(StatementParser.parse("DESCRIBE MATERIALIZED VIEW v").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.MATERIALIZED_VIEW, null, "v"));
        assertThat(StatementParser.parse("DESCRIBE tables").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.TABLES, null, null));
        assertThat(StatementParser.parse("DESCRIBE ks.readings").statement())
                .isEqualTo(new ParsedStatement.Describe(ParsedStatement.DescribeKind.GENERIC, "ks", "readings"));
        assertSyntaxError("DESCRIBE");
        assertSyntaxError("DESCRIBE TABLE");
    }

    @Test
    void roleStatementsAndTheirUserAliases() {
        assertThat(StatementParser.parse("CREATE ROLE alice WITH PASSWORD = 'p''w' AND LOGIN = true").statement())
                .isEqualTo(new ParsedStatement.CreateRole("alice", false,
                        new ParsedStatement.RoleOptions("p'w", true, null)));
        assertThat(StatementParser.parse("create role if not exists \"Al\"").statement())
                .isEqualTo(new ParsedStatement.CreateRole("Al", true, new ParsedStatement.RoleOptions(null, null,
                        null)));
        assertThat(StatementParser.parse("CREATE USER 'Bob' WITH PASSWORD 'x' SUPERUSER").statement())
                .isEqualTo(new ParsedStatement.CreateRole("Bob", false,
                        new ParsedStatement.RoleOptions("x", true, true)));
        assertThat(StatementParser.parse("ALTER ROLE r WITH SUPERUSER = false").statement())
                .isEqualTo(new ParsedStatement.AlterRole("r", false,
                        new ParsedStatement.RoleOptions(null, null, false)));
        assertThat(StatementParser.parse("ALTER USER u WITH PASSWORD 'n'").statement())
                .isEqualTo(new ParsedStatement.AlterRole("u", false, new ParsedStatement.RoleOptions("n", null,
                        null)));
        assertThat(StatementParser.parse("DROP USER IF EXISTS u").statement())
                .isEqualTo(new ParsedStatement.DropRole("u", true));
        assertThat(StatementParser.parse("LIST ROLES").statement()).isEqualTo(new ParsedStatement.ListRoles(false));
        assertThat(StatementParser.parse("list users;").statement()).isEqualTo(new ParsedStatement.ListRoles(true));
        assertThat(StatementParser.parse("ALTER ROLE r WITH PASSWORD = 'a'").statement().toString())
                .doesNotContain("'a'").contains("password=***");
        assertSyntaxError("CREATE ROLE r WITH PASSWORD = 'a' AND PASSWORD = 'b'")
                .hasMessage("Multiple definition for property PASSWORD");
        assertSyntaxError("CREATE USER u WITH PASSWORD 'a' ROOT")
                .hasMessage("Invalid user option 'ROOT' (expected SUPERUSER or NOSUPERUSER)");
    }

    @Test
    void permissionStatementsFollowCassandrasGrammar() {
        assertThat(StatementParser.parse("GRANT SELECT ON ALL KEYSPACES TO r").statement())
                .isEqualTo(new ParsedStatement.ChangePermissions(true, EnumSet.of(Permission.SELECT),
                        new ParsedStatement.PermissionTarget(DataResource.root(), null), "r"));
        assertThat(StatementParser.parse("grant all permissions on keyspace ks to 'Bob'").statement())
                .isEqualTo(new ParsedStatement.ChangePermissions(true, DataResource.keyspace("ks")
                        .applicablePermissions(), new ParsedStatement.PermissionTarget(DataResource.keyspace("ks"),
                        null), "Bob"));
        assertThat(StatementParser.parse("REVOKE MODIFY PERMISSION ON TABLE ks.t FROM r").statement())
                .isEqualTo(new ParsedStatement.ChangePermissions(false, EnumSet.of(Permission.MODIFY),
                        new ParsedStatement.PermissionTarget(DataResource.table("ks", "t"), null), "r"));
        assertThat(StatementParser.parse("GRANT ALL ON t TO r").statement())
                .isEqualTo(new ParsedStatement.ChangePermissions(true, DataResource.table("ks", "t")
                        .applicablePermissions(), new ParsedStatement.PermissionTarget(null, "t"), "r"));
        assertThat(StatementParser.parse("GRANT DESCRIBE ON ALL ROLES TO r").statement())
                .isEqualTo(new ParsedStatement.ChangePermissions(true, EnumSet.of(Permission.DESCRIBE),
                        new ParsedStatement.PermissionTarget(RoleResource.root(), null), "r"));
        assertThat(StatementParser.parse("LIST ALL PERMISSIONS ON ALL KEYSPACES OF alice NORECURSIVE").statement())
                .isEqualTo(new ParsedStatement.ListPermissions(Permission.ALL,
                        new ParsedStatement.PermissionTarget(DataResource.root(), null), "alice", false));
        assertThat(StatementParser.parse("LIST ALL").statement())
                .isEqualTo(new ParsedStatement.ListPermissions(Permission.ALL, null, null, true));
        assertThat(StatementParser.parse("LIST ALTER ON ROLE bob").statement())
                .isEqualTo(new ParsedStatement.ListPermissions(EnumSet.of(Permission.ALTER),
                        new ParsedStatement.PermissionTarget(RoleResource.role("bob"), null), null, true));
        assertThat(StatementParser.parse("LIST ROLES OF alice").statement())
                .isEqualTo(new ParsedStatement.ListRoles(false, "alice", true));
        assertThat(StatementParser.parse("LIST ROLES OF alice NORECURSIVE").statement())
                .isEqualTo(new ParsedStatement.ListRoles(false, "alice", false));
        assertThat(StatementParser.parse("GRANT readers TO alice").statement())
                .isEqualTo(new ParsedStatement.ChangeRoleMembership(true, "readers", "alice"));
        assertThat(StatementParser.parse("REVOKE 'Readers' FROM alice").statement())
                .isEqualTo(new ParsedStatement.ChangeRoleMembership(false, "Readers", "alice"));
        assertSyntaxError("GRANT DESCRIBE ON KEYSPACE ks TO r")
                .hasMessage("Resource type DataResource does not support any of the requested permissions");
        assertSyntaxError("GRANT CREATE ON ROLE bob TO r")
                .hasMessage("Resource type RoleResource does not support any of the requested permissions");
        assertSyntaxError("GRANT READ ON ALL KEYSPACES TO r").hasMessageStartingWith("Unknown permission READ");
    }
}
