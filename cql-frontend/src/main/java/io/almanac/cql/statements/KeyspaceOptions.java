package io.almanac.cql.statements;

import io.almanac.cql.parser.Properties;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.KeyspaceMetadata;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code WITH} options of CREATE KEYSPACE, checked as Cassandra checks them ({@code KeyspaceAttributes},
 * {@code ReplicationParams}, {@code SimpleStrategy}, {@code NetworkTopologyStrategy}): {@code replication} is
 * mandatory and names SimpleStrategy (with {@code replication_factor}) or NetworkTopologyStrategy (with
 * data-centre: factor pairs); {@code durable_writes} is optional. The options are kept verbatim, with the class
 * name fully qualified; on one node every replication factor is satisfied by the single replica.
 *
 * <p>Thread safety: stateless.
 */
final class KeyspaceOptions {

    static final String SIMPLE_STRATEGY = KeyspaceMetadata.REPLICATION_PACKAGE + "SimpleStrategy";
    static final String NETWORK_TOPOLOGY_STRATEGY = KeyspaceMetadata.REPLICATION_PACKAGE + "NetworkTopologyStrategy";

    private static final Pattern NAME = Pattern.compile("\\w+");
    private static final int NAME_MAX_LENGTH = 48;

    private KeyspaceOptions() {
    }

    /**
     * @return the keyspace, without tables
     * @throws CqlException (0x2200, 0x2000) or ConfigurationException (0x2300) with Cassandra's messages
     */
    static KeyspaceMetadata build(String keyspace, Properties properties) {
        checkName("Keyspace", keyspace);
        checkOptions(properties);
        if (!properties.maps().containsKey("replication")) {
            throw CqlException.invalid("Missing mandatory option 'replication'");
        }
        Map<String, String> replication = replication(keyspace, properties.maps().get("replication"));
        String durable = properties.simple().get("durable_writes");
        return new KeyspaceMetadata(keyspace, replication, durable == null || bool(durable, "durable_writes"),
                Map.of());
    }

    /**
     * ALTER KEYSPACE's options ({@code KeyspaceAttributes.asAlteredKeyspaceParams}): those not named keep their
     * values; a named replication replaces the whole replication map.
     *
     * @return the altered keyspace, with the tables of {@code existing}
     * @throws CqlException (0x2200, 0x2000) or ConfigurationException (0x2300) with Cassandra's messages
     */
    static KeyspaceMetadata alter(KeyspaceMetadata existing, Properties properties) {
        checkOptions(properties);
        Map<String, String> replication = properties.maps().containsKey("replication")
                ? replication(existing.name(), properties.maps().get("replication")) : existing.replication();
        String durable = properties.simple().get("durable_writes");
        return new KeyspaceMetadata(existing.name(), replication,
                durable == null ? existing.durableWrites() : bool(durable, "durable_writes"), existing.tables());
    }

    private static void checkOptions(Properties properties) {
        // a SyntaxException in Cassandra (PropertyDefinitions.validate)
        for (String option : properties.simple().keySet()) {
            if (!option.equals("durable_writes") && !option.equals("replication")) {
                throw CqlException.syntax("Unknown property '" + option + "'");
            }
        }
        for (String option : properties.maps().keySet()) {
            if (!option.equals("replication")) {
                throw CqlException.syntax("Unknown property '" + option + "'");
            }
        }
        if (properties.simple().containsKey("replication")) {
            throw CqlException.syntax("Invalid value for property 'replication'. It should be a map.");
        }
    }

    /**
     * @param kind "Keyspace" or "Table"
     * @throws CqlException 0x2200 unless the name is 1..48 word characters
     */
    static void checkName(String kind, String name) {
        if (name.isEmpty() || name.length() > NAME_MAX_LENGTH || !NAME.matcher(name).matches()) {
            throw CqlException.invalid(kind + " name must not be empty, more than " + NAME_MAX_LENGTH
                    + " characters long, or contain non-alphanumeric-underscore characters (got \"" + name + "\")");
        }
    }

    private static Map<String, String> replication(String keyspace, Map<String, String> options) {
        Map<String, String> replication = new TreeMap<>(options);
        String className = replication.get("class");
        if (className == null) {
            throw new ConfigurationException("Missing replication strategy class");
        }
        String qualified = className.contains(".") ? className : KeyspaceMetadata.REPLICATION_PACKAGE + className;
        replication.put("class", qualified);
        if (qualified.equals(SIMPLE_STRATEGY)) {
            String factor = replication.get("replication_factor");
            if (factor == null) {
                throw new ConfigurationException("SimpleStrategy requires a replication_factor strategy option.");
            }
            for (String option : replication.keySet()) {
                if (!option.equals("class") && !option.equals("replication_factor")) {
                    throw new ConfigurationException("Unrecognized strategy option {" + option
                            + "} passed to SimpleStrategy for keyspace " + keyspace);
                }
            }
            checkReplicationFactor(factor);
        } else if (qualified.equals(NETWORK_TOPOLOGY_STRATEGY)) {
            replication.forEach((option, value) -> {
                if (!option.equals("class")) {
                    checkReplicationFactor(value);
                }
            });
        } else if (qualified.endsWith(".LocalStrategy") || qualified.endsWith(".EverywhereStrategy")) {
            throw new ConfigurationException("Unable to use given strategy class: " + className
                    + " is reserved for internal use.");
        } else {
            throw new ConfigurationException("Unable to find replication strategy class '" + qualified + "'");
        }
        return replication;
    }

    private static void checkReplicationFactor(String factor) {
        int value;
        try {
            value = Integer.parseInt(factor.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Replication factor must be numeric; found " + factor);
        }
        if (value < 0) {
            throw new ConfigurationException("Replication factor must be non-negative; found " + factor);
        }
    }

    /** Cassandra's {@code PropertyDefinitions.getBoolean}: true/false, yes/no, 1/0. */
    static boolean bool(String value, String option) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> {
                return true;
            }
            case "false", "no", "0" -> {
                return false;
            }
            default -> throw CqlException.syntax("Invalid boolean value " + value + " for '" + option + "'. Valid"
                    + " values are 'true', 'false', 'yes', 'no', '1', '0'");
        }
    }
}
