package io.almanac.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.almanac.ingest.mqtt.MqttBridgeConfig;
import io.almanac.ingest.mqtt.MqttIngestConfig;
import io.almanac.ingest.mqtt.MqttTopicMapping;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's configuration, read from YAML ({@code --config FILE}); keys follow cassandra.yaml where one exists.
 * Every key is optional (embedded defaults below); unknown keys are refused by {@link NodeConfigLoader}.
 *
 * <pre>
 *   key                                 default          unit / meaning
 *   cluster_name                        Almanac          system.local.cluster_name
 *   data_directory                      ./data           commitlog/, data/, schema/ live under it
 *   listen_address                      127.0.0.1        address of every listener
 *   native_transport_port               9042             CQL native protocol
 *   native_transport_port_ssl           9142             CQL over TLS, when client_encryption_options.enabled
 *   native_transport_max_frame_size_mb  16               MiB; larger CQL frames are refused
 *   http_port                           8080             HTTP ingest
 *   http_max_body_size_mb               16               MiB; larger HTTP bodies get 413
 *   http_max_lines_per_request          100000           line-protocol points per request; more get 413
 *   mqtt_port                           1883             MQTT ingest
 *   mqtt_port_ssl                       8883             MQTT over TLS, when client_encryption_options.enabled
 *                                                        (same keys and certificates as CQL); -1 = no MQTT TLS
 *   mqtt_max_sessions                   10000            persistent MQTT sessions kept for disconnected clients;
 *                                                        over it, expired then longest-disconnected are dropped
 *   mqtt_max_session_expiry_seconds     86400            s; expiry of MQTT 3.1.1 persistent sessions and cap of
 *                                                        MQTT 5 Session Expiry Interval; 0 = sessions end with
 *                                                        their connection. In memory: a restart loses them
 *   mqtt_max_message_size_kb            256              KiB; larger MQTT packets close the connection
 *   mqtt_back_pressure_max_wait_ms      10000            ms an MQTT 5 PUBLISH may wait for a full write path
 *                                                        before PUBACK 0x97 (quota exceeded); 0 = wait as long
 *                                                        as it takes; at most 3600000. MQTT 3.1.1 always waits
 *   mqtt_topic_mappings                 []               topic filters -> tables, tried before almanac/{ks}/{table}
 *                                                        (shape: io.almanac.ingest.mqtt.MqttTopicMapping)
 *   mqtt_bridge                         (absent: off)    subscribe to an existing broker and ingest what it
 *                                                        delivers (shape: io.almanac.ingest.mqtt.MqttBridgeConfig)
 *   admin_port                          7199             nodetool (loopback HTTP)
 *   authenticator                       AllowAllAuthenticator  or PasswordAuthenticator (CQL logins, roles;
 *                                                        also MQTT CONNECT and HTTP ingest credentials)
 *   authorizer                          AllowAllAuthorizer  or CassandraAuthorizer (GRANT/REVOKE, checked on every
 *                                                        CQL statement and ingest write; needs PasswordAuthenticator)
 *   auth_default_superuser_name         cassandra        superuser created on first start with PasswordAuthenticator
 *   auth_default_superuser_password     cassandra        its password: change it with ALTER ROLE
 *   data_center / rack                  datacenter1/rack1  shown in system.local
 *   shards                              0                write shards; 0 = one per core
 *   ring_buffer_size_mb                 4                MiB per shard, a power of two
 *   memtable_flush_threshold_mb         64               MiB per shard memtable before a flush
 *   commitlog_sync                      periodic         periodic | group
 *   commitlog_sync_period_in_ms         10000            ms between commit-log fsyncs (periodic)
 *   commitlog_sync_group_window_in_ms   10               ms; group: fsyncs at most once per window and acknowledges
 *                                                        the writes each one covers (Cassandra has no default and
 *                                                        its sample cassandra.yaml shows 1000)
 *   compaction_throughput_mb_per_sec    64               MiB/s; 0 = unthrottled
 *   ingest:
 *     auto_create_tables                false            line protocol creates missing tables
 *   client_encryption_options:          (disabled)       CQL over TLS, see {@link ClientEncryption}, docs/tls.md
 * </pre>
 *
 * <p>Thread safety: immutable once loaded.
 */
public record NodeConfig(
        @JsonProperty("cluster_name") String clusterName,
        @JsonProperty("data_directory") String dataDirectory,
        @JsonProperty("listen_address") String listenAddress,
        @JsonProperty("native_transport_port") int nativeTransportPort,
        @JsonProperty("native_transport_port_ssl") int nativeTransportPortSsl,
        @JsonProperty("native_transport_max_frame_size_mb") int nativeTransportMaxFrameSizeMebibytes,
        @JsonProperty("http_port") int httpPort,
        @JsonProperty("http_max_body_size_mb") int httpMaxBodySizeMebibytes,
        @JsonProperty("http_max_lines_per_request") int httpMaxLinesPerRequest,
        @JsonProperty("mqtt_port") int mqttPort,
        @JsonProperty("mqtt_port_ssl") int mqttPortSsl,
        @JsonProperty("mqtt_max_sessions") int mqttMaxSessions,
        @JsonProperty("mqtt_max_session_expiry_seconds") long mqttMaxSessionExpirySeconds,
        @JsonProperty("mqtt_max_message_size_kb") int mqttMaxMessageSizeKibibytes,
        @JsonProperty("mqtt_back_pressure_max_wait_ms") long mqttBackPressureMaxWaitMillis,
        @JsonProperty("mqtt_topic_mappings") List<Map<String, Object>> mqttTopicMappings,
        @JsonProperty("mqtt_bridge") Map<String, Object> mqttBridge,
        @JsonProperty("admin_port") int adminPort,
        @JsonProperty("authenticator") String authenticator,
        @JsonProperty("authorizer") String authorizer,
        @JsonProperty("auth_default_superuser_name") String authDefaultSuperuserName,
        @JsonProperty("auth_default_superuser_password") String authDefaultSuperuserPassword,
        @JsonProperty("data_center") String dataCenter,
        @JsonProperty("rack") String rack,
        @JsonProperty("shards") int shards,
        @JsonProperty("ring_buffer_size_mb") int ringBufferSizeMebibytes,
        @JsonProperty("memtable_flush_threshold_mb") int memtableFlushThresholdMebibytes,
        @JsonProperty("commitlog_sync") String commitLogSync,
        @JsonProperty("commitlog_sync_period_in_ms") long commitLogSyncPeriodMillis,
        @JsonProperty("commitlog_sync_group_window_in_ms") long commitLogSyncGroupWindowMillis,
        @JsonProperty("compaction_throughput_mb_per_sec") int compactionThroughputMebibytesPerSecond,
        @JsonProperty("ingest") Ingest ingest,
        @JsonProperty("client_encryption_options") ClientEncryption clientEncryption) {

    /**
     * The {@code client_encryption_options:} section (cassandra.yaml's), for CQL over TLS; see docs/tls.md. Paths are
     * files; absent values are null (lists: the defaults).
     *
     * @param enabled            offer TLS on {@code native_transport_port_ssl} (and on the native port when they are
     *                           equal)
     * @param optional           the native port accepts TLS and plaintext
     * @param keystore           PKCS12 keystore with the node's key and certificate
     * @param keystorePassword   its password
     * @param certificateChain   or: PEM certificate chain, node first
     * @param privateKey         and: PEM unencrypted PKCS8 private key
     * @param requireClientAuth  clients must present a certificate the truststore trusts
     * @param truststore         trusted client CAs
     * @param truststoreType     PKCS12 (default) or PEM
     * @param truststorePassword the PKCS12 truststore's password
     * @param acceptedProtocols  e.g. [TLSv1.2, TLSv1.3] (the default)
     * @param cipherSuites       JSSE names; absent or empty: the JDK's defaults
     */
    public record ClientEncryption(@JsonProperty("enabled") boolean enabled,
                                   @JsonProperty("optional") boolean optional,
                                   @JsonProperty("keystore") String keystore,
                                   @JsonProperty("keystore_password") String keystorePassword,
                                   @JsonProperty("certificate_chain") String certificateChain,
                                   @JsonProperty("private_key") String privateKey,
                                   @JsonProperty("require_client_auth") boolean requireClientAuth,
                                   @JsonProperty("truststore") String truststore,
                                   @JsonProperty("truststore_type") String truststoreType,
                                   @JsonProperty("truststore_password") String truststorePassword,
                                   @JsonProperty("accepted_protocols") List<String> acceptedProtocols,
                                   @JsonProperty("cipher_suites") List<String> cipherSuites) {

        /** TLS off. */
        public static final ClientEncryption DISABLED = new ClientEncryption(false, false, null, null, null, null,
                false, null, null, null, null, null);
    }

    /**
     * The {@code ingest:} section.
     *
     * @param autoCreateTables {@code auto_create_tables}: an InfluxDB line-protocol write to a measurement without a
     *                         table creates it (tags as partition key, {@code time} clustering, TWCS 1-day windows)
     */
    public record Ingest(@JsonProperty("auto_create_tables") boolean autoCreateTables) {
    }

    /**
     * The largest {@code mqtt_back_pressure_max_wait_ms}: one hour, ms (a longer wait is better said as 0, "as long
     * as it takes").
     */
    public static final long MAX_MQTT_BACK_PRESSURE_WAIT_MILLIS = 3_600_000;

    /** The embedded defaults: a node that needs no config file. */
    public static NodeConfig defaults() {
        return new NodeConfig("Almanac", "./data", "127.0.0.1", 9042, 9142, 16, 8080, 16, 100_000, 1883, 8883, 10_000,
                86_400, 256, MqttIngestConfig.DEFAULT_BACK_PRESSURE_MAX_WAIT_MILLIS, List.of(),
                null, 7199, "AllowAllAuthenticator", "AllowAllAuthorizer", "cassandra", "cassandra",
                "datacenter1", "rack1", 0, 4, 64, "periodic", 10_000, 10, 64, new Ingest(false), ClientEncryption.DISABLED);
    }

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public NodeConfig validate() {
        requireText("cluster_name", clusterName);
        requireText("data_directory", dataDirectory);
        requireText("data_center", dataCenter);
        requireText("rack", rack);
        if (!"AllowAllAuthenticator".equals(authenticator) && !"PasswordAuthenticator".equals(authenticator)) {
            throw new IllegalArgumentException("authenticator must be AllowAllAuthenticator or PasswordAuthenticator,"
                    + " got '" + authenticator + "'");
        }
        if (!"AllowAllAuthorizer".equals(authorizer) && !"CassandraAuthorizer".equals(authorizer)) {
            throw new IllegalArgumentException("authorizer must be AllowAllAuthorizer or CassandraAuthorizer, got '"
                    + authorizer + "'");
        }
        if (cassandraAuthorizer() && !"PasswordAuthenticator".equals(authenticator)) {
            throw new IllegalArgumentException("authorizer: CassandraAuthorizer requires authenticator:"
                    + " PasswordAuthenticator, got '" + authenticator + "'");
        }
        requireText("auth_default_superuser_name", authDefaultSuperuserName);
        requireText("auth_default_superuser_password", authDefaultSuperuserPassword);
        listenInetAddress();
        requirePort("native_transport_port", nativeTransportPort);
        requirePort("native_transport_port_ssl", nativeTransportPortSsl);
        if (clientEncryption == null) {
            throw new IllegalArgumentException("client_encryption_options must be a mapping, e.g."
                    + " client_encryption_options: {enabled: false}");
        }
        requirePort("http_port", httpPort);
        requirePort("mqtt_port", mqttPort);
        requireRange("mqtt_port_ssl", mqttPortSsl, -1, 65535);
        requireRange("mqtt_max_sessions", mqttMaxSessions, 1, 100_000_000);
        requireRange("mqtt_max_session_expiry_seconds", mqttMaxSessionExpirySeconds, 0, 0xFFFF_FFFFL);
        requirePort("admin_port", adminPort);
        requireRange("native_transport_max_frame_size_mb", nativeTransportMaxFrameSizeMebibytes, 1, 256);
        requireRange("http_max_body_size_mb", httpMaxBodySizeMebibytes, 1, 1024);
        requireRange("http_max_lines_per_request", httpMaxLinesPerRequest, 1, 100_000_000);
        if (ingest == null) {
            throw new IllegalArgumentException("ingest must be a mapping, e.g. ingest: {auto_create_tables: false}");
        }
        requireRange("mqtt_max_message_size_kb", mqttMaxMessageSizeKibibytes, 1, 256 * 1024);
        requireRange("mqtt_back_pressure_max_wait_ms", mqttBackPressureMaxWaitMillis, 0,
                MAX_MQTT_BACK_PRESSURE_WAIT_MILLIS);
        requireRange("shards", shards, 0, 1024);
        topicMappings();
        bridge();
        requireRange("ring_buffer_size_mb", ringBufferSizeMebibytes, 1, 1024);
        if (Integer.bitCount(ringBufferSizeMebibytes) != 1) {
            throw new IllegalArgumentException("ring_buffer_size_mb must be a power of two, got "
                    + ringBufferSizeMebibytes);
        }
        requireRange("memtable_flush_threshold_mb", memtableFlushThresholdMebibytes, 1, 64 * 1024);
        requireRange("compaction_throughput_mb_per_sec", compactionThroughputMebibytesPerSecond, 0, 1 << 20);
        if (commitLogSyncPeriodMillis < 1) {
            throw new IllegalArgumentException("commitlog_sync_period_in_ms must be at least 1, got "
                    + commitLogSyncPeriodMillis);
        }
        requireRange("commitlog_sync_group_window_in_ms", commitLogSyncGroupWindowMillis, 1, 60_000);
        commitLogSyncMode();
        return this;
    }

    /**
     * @return {@code mqtt_topic_mappings} as the gateway's records, in order
     * @throws IllegalArgumentException naming {@code mqtt_topic_mappings[i].key} when an entry is invalid
     */
    public List<MqttTopicMapping> topicMappings() {
        if (mqttTopicMappings == null) {
            throw new IllegalArgumentException("mqtt_topic_mappings must be a list of mappings");
        }
        List<MqttTopicMapping> mappings = new java.util.ArrayList<>();
        for (int i = 0; i < mqttTopicMappings.size(); i++) {
            mappings.add(MqttTopicMapping.fromConfig(i, mqttTopicMappings.get(i)));
        }
        return mappings;
    }

    /**
     * @return the {@code mqtt_bridge} section as the gateway's config, or null when the bridge is off
     * @throws IllegalArgumentException naming {@code mqtt_bridge.key} when the section is invalid
     */
    public MqttBridgeConfig bridge() {
        return mqttBridge == null ? null : MqttBridgeConfig.fromConfig(mqttBridge, topicMappings());
    }

    /** @return {@code listen_address} resolved */
    public InetAddress listenInetAddress() {
        try {
            return InetAddress.getByName(listenAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen_address '" + listenAddress + "' does not resolve", e);
        }
    }

    /** @return the engine's sync period: {@code commitlog_sync_period_in_ms}, or the group window in group mode */
    public long commitLogSyncIntervalMillis() {
        return commitLogSyncMode() == io.almanac.storage.engine.CommitLogSync.GROUP ? commitLogSyncGroupWindowMillis
                : commitLogSyncPeriodMillis;
    }

    /** @return whether {@code authorizer} is CassandraAuthorizer (GRANT/REVOKE enforced) */
    public boolean cassandraAuthorizer() {
        return "CassandraAuthorizer".equals(authorizer);
    }

    /** @return {@code commitlog_sync} as the engine's enum */
    public io.almanac.storage.engine.CommitLogSync commitLogSyncMode() {
        return switch (commitLogSync == null ? "" : commitLogSync.toLowerCase(Locale.ROOT)) {
            case "periodic" -> io.almanac.storage.engine.CommitLogSync.PERIODIC;
            case "group" -> io.almanac.storage.engine.CommitLogSync.GROUP;
            default -> throw new IllegalArgumentException("commitlog_sync must be periodic or group, got '"
                    + commitLogSync + "'");
        };
    }

    /** @return {@code data_directory} as a path */
    public Path dataPath() {
        return Path.of(dataDirectory);
    }

    /** @return a copy with another data directory ({@code --data-dir}) */
    public NodeConfig withDataDirectory(String directory) {
        return NodeConfigLoader.override(this, Map.of("data_directory", directory));
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    private static void requirePort(String key, int port) {
        requireRange(key, port, 0, 65535);
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
