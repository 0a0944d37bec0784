package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.almanac.cql.DriverSessions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * User-defined types through the Apache Cassandra Java driver: CREATE / ALTER / DROP TYPE and their errors, frozen
 * and non-frozen UDT columns and UDTs in collections, literals, bound {@link UdtValue}s, field selection, the
 * driver's schema metadata, system_schema.types and DESCRIBE.
 */
class UserTypesDriverTest extends DriverNodeTest {

    private static void createSchema(CqlSession session) {
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TYPE iot.address (street text, city text, zip int)");
        session.execute("CREATE TYPE iot.site (name text, address frozen<address>)");
        session.execute("CREATE TABLE iot.devices (id int PRIMARY KEY, home frozen<address>, work address,"
                + " sites list<frozen<site>>)");
    }

    @Test
    void valuesRoundTripThroughLiteralsBindValuesAndFieldSelection() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            session.execute("INSERT INTO iot.devices (id, home, work, sites) VALUES (1, {street: 'Main St',"
                    + " city: 'Springfield'}, {city: 'Shelbyville', zip: 42},"
                    + " [{name: 'hq', address: {street: 'Elm', city: 'Ogdenville', zip: 7}}])");
            Row row = session.execute("SELECT home, work, sites FROM iot.devices WHERE id = 1").one();
            UdtValue home = row.getUdtValue("home");
            assertThat(home.getString("street")).isEqualTo("Main St");
            assertThat(home.getString("city")).isEqualTo("Springfield");
            assertThat(home.isNull("zip")).isTrue();
            assertThat(row.getUdtValue("work").getInt("zip")).isEqualTo(42);
            UdtValue site = row.getList("sites", UdtValue.class).get(0);
            assertThat(site.getUdtValue("address").getString("city")).isEqualTo("Ogdenville");

            UserDefinedType address = session.getMetadata().getKeyspace("iot").orElseThrow()
                    .getUserDefinedType("address").orElseThrow();
            UdtValue bound = address.newValue().setString("street", "Bound St").setInt("zip", 9);
            PreparedStatement insert = session.prepare("INSERT INTO iot.devices (id, home) VALUES (?, ?)");
            session.execute(insert.bind(2, bound));
            PreparedStatement select = session.prepare("SELECT home, home.street, home.zip FROM iot.devices"
                    + " WHERE id = ?");
            Row read = session.execute(select.bind(2)).one();
            assertThat(read.getUdtValue("home")).isEqualTo(bound);
            assertThat(read.getString("home.street")).isEqualTo("Bound St");
            assertThat(read.getInt("home.zip")).isEqualTo(9);
            PreparedStatement withMarkers = session.prepare("UPDATE iot.devices SET work = {street: ?, zip: ?}"
                    + " WHERE id = ?");
            session.execute(withMarkers.bind("Marker Rd", 5, 2));
            assertThat(session.execute("SELECT work.street FROM iot.devices WHERE id = 2").one().getString(0))
                    .isEqualTo("Marker Rd");
            node.db.engine.flush().join();
            assertThat(session.execute(select.bind(2)).one().getUdtValue("home")).isEqualTo(bound);
        }
    }

    @Test
    void driverMetadataSystemSchemaAndDescribeShowTheTypes() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            KeyspaceMetadata keyspace = session.getMetadata().getKeyspace("iot").orElseThrow();
            UserDefinedType site = keyspace.getUserDefinedType("site").orElseThrow();
            assertThat(site.getFieldNames()).extracting(Object::toString).containsExactly("name", "address");
            assertThat(site.getFieldTypes().get(0)).isEqualTo(DataTypes.TEXT);
            assertThat(((UserDefinedType) site.getFieldTypes().get(1)).isFrozen()).isTrue();
            assertThat(keyspace.getTable("devices").orElseThrow().getColumn("work").orElseThrow().getType())
                    .isInstanceOf(UserDefinedType.class);

            Row types = session.execute("SELECT field_names, field_types FROM system_schema.types"
                    + " WHERE keyspace_name = 'iot' AND type_name = 'site'").one();
            assertThat(types.getList("field_names", String.class)).containsExactly("name", "address");
            assertThat(types.getList("field_types", String.class)).containsExactly("text", "frozen<address>");

            assertThat(session.execute("DESCRIBE TYPE iot.address").one().getString("create_statement"))
                    .isEqualTo("CREATE TYPE iot.address (\n    street text,\n    city text,\n    zip int\n);");
            List<String> kinds = session.execute("DESCRIBE KEYSPACE iot").all().stream()
                    .map(r -> r.getString("type") + " " + r.getString("name")).toList();
            assertThat(kinds).containsExactly("keyspace iot", "type address", "type site", "table devices");
            assertThat(session.execute("DESCRIBE TYPES").all()).extracting(r -> r.getString("name"))
                    .containsExactly("address", "site");
        }
    }

    @Test
    void alterTypeAddsAndRenamesFields() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            session.execute("INSERT INTO iot.devices (id, home) VALUES (1, {street: 'Main St', zip: 1})");
            session.execute("ALTER TYPE iot.address ADD country text");
            session.execute("ALTER TYPE iot.address RENAME street TO road AND zip TO postcode");
            assertThat(session.execute("DESCRIBE TYPE iot.address").one().getString("create_statement"))
                    .contains("road text", "postcode int", "country text");
            Row row = session.execute("SELECT home.road, home.country FROM iot.devices WHERE id = 1").one();
            assertThat(row.getString(0)).isEqualTo("Main St");
            assertThat(row.isNull(1)).as("a field added later reads as null").isTrue();
            session.execute("UPDATE iot.devices SET home = {road: 'A', country: 'NZ'} WHERE id = 1");
            assertThat(session.execute("SELECT home.country FROM iot.devices WHERE id = 1").one().getString(0))
                    .isEqualTo("NZ");
            session.refreshSchema();
            UserDefinedType address = session.getMetadata().getKeyspace("iot").orElseThrow()
                    .getUserDefinedType("address").orElseThrow();
            assertThat(address.getFieldNames()).extracting(Object::toString)
                    .containsExactly("road", "city", "postcode", "country");
            session.execute("ALTER TYPE iot.address ADD IF NOT EXISTS country text");
            assertThatThrownBy(() -> session.execute("ALTER TYPE iot.address ADD city text"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("a field with name city already"
                            + " exists");
            assertThatThrownBy(() -> session.execute("ALTER TYPE iot.address RENAME nope TO other"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Unkown field nope");
        }
    }

    @Test
    void dropTypeIsRefusedWhileUsed() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            assertThatThrownBy(() -> session.execute("DROP TYPE iot.address"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Cannot drop user type 'iot.address' as it is still used by user types site");
            assertThatThrownBy(() -> session.execute("DROP TYPE iot.site"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Cannot drop user type 'iot.site' as it is still used by tables devices");
            session.execute("DROP TABLE iot.devices");
            session.execute("DROP TYPE iot.site");
            session.execute("DROP TYPE iot.address");
            session.execute("DROP TYPE IF EXISTS iot.address");
            assertThatThrownBy(() -> session.execute("DROP TYPE iot.address"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("doesn't exist");
            session.refreshSchema();
            assertThat(session.getMetadata().getKeyspace("iot").orElseThrow().getUserDefinedTypes()).isEmpty();
        }
    }

    @Test
    void invalidDefinitionsAndValuesAreRefused() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            assertThatThrownBy(() -> session.execute("CREATE TYPE iot.address (a int)"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("already exists");
            session.execute("CREATE TYPE IF NOT EXISTS iot.address (a int)");
            assertThatThrownBy(() -> session.execute("CREATE TABLE iot.t (id int PRIMARY KEY, v nothere)"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Unknown type iot.nothere");
            assertThatThrownBy(() -> session.execute("CREATE TABLE iot.t (id int PRIMARY KEY, v list<address>)"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Non-frozen UDTs are not allowed inside collections");
            assertThatThrownBy(() -> session.execute("CREATE TYPE iot.nested (a address)"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("A user type cannot contain non-frozen UDTs");
            assertThatThrownBy(() -> session.execute("INSERT INTO iot.devices (id, home) VALUES (1, {nope: 1})"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Unknown field 'nope' in value of user defined type address");
            assertThatThrownBy(() -> session.execute("SELECT home.nope FROM iot.devices"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("has no field nope");
            assertThatThrownBy(() -> session.execute("SELECT id.x FROM iot.devices"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("is not a user type");
            assertThat(session.execute("SELECT id FROM iot.devices").all()).as("the connection survives").isEmpty();
        }
    }
}
