package io.almanac.ingest.mqtt;

/**
 * The table an MQTT topic names: {@code almanac/{keyspace}/{table}}, exactly three non-empty levels.
 *
 * @param keyspace the keyspace name, as stored (case-sensitive)
 * @param table    the table name, as stored (case-sensitive)
 */
record IngestTopic(String keyspace, String table) {

    static final String PREFIX = "almanac";

    /** @return the topic's keyspace and table, or null when {@code topic} is not {@code almanac/{ks}/{table}} */
    static IngestTopic parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 3 || !levels[0].equals(PREFIX) || levels[1].isEmpty() || levels[2].isEmpty()) {
            return null;
        }
        return new IngestTopic(levels[1], levels[2]);
    }
}
