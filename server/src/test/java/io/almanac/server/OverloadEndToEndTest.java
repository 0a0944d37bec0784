package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's overload test: CQL (Java driver), HTTP line protocol, MQTT 5 and MQTT 3.1.1 QoS 1 clients write at once
 * into a node configured so they outrun it, and no acknowledged point may be lost and no point may go unanswered.
 *
 * <p>The node has one write shard with a 1 MiB ring buffer, 1 MiB memtables and {@code commitlog_sync: group} with a
 * two-second window. Two limits of the shard make clients that do not wait for acknowledgements back off:
 * the ring (a few thousand encoded points; it fills whenever the event loops offer faster than the shard writer
 * appends and applies) and the table of callbacks of records not acknowledged yet (2 x ring bytes / 48 = 65,536
 * slots here), which group commit empties only once per window. The HTTP writers alone keep
 * {@value #HTTP_IN_FLIGHT} x {@value #HTTP_LINES_PER_REQUEST} = 80,000 points unacknowledged, more than the slots, so
 * a node that parses over 32,768 points/s but appends fast enough never to fill the ring still refuses within a
 * window, and a slower one fills the ring; no test hook is involved.
 * Back-pressure shows as HTTP 503 with Retry-After and CQL OVERLOADED, and as paused reading for MQTT 3.1.1 and 5
 * (whose PUBLISHes are refused with 0x97 only after waiting 10 s, so they are normally all acknowledged). The Java
 * driver does not expose {@code THROW_ON_OVERLOAD} in STARTUP, so CQL also meets the pause-reading path: up to
 * {@value #CQL_IN_FLIGHT} requests in flight on one connection against the server's 1,024.
 *
 * <p>Every point has a unique key ((source, part), ts) and a value derived from it. Each client records per point:
 * acknowledged (driver success, HTTP 204, PUBACK success), refused (OVERLOADED, HTTP 503 with Retry-After, PUBACK
 * 0x97 quota exceeded) or failed (anything else, which must not happen). At the end every point is read back over
 * CQL: each acknowledged one must be there with its value; a refused one may or may not be (a 503 may follow a
 * partial write; README), and the counts are printed.
 */
class OverloadEndToEndTest {

    private static final long BASE_MILLIS = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    private static final int HTTP_PARTS = 4;
    private static final int HTTP_REQUESTS_PER_PART = 12;
    private static final int HTTP_LINES_PER_REQUEST = 2_000;
    private static final int HTTP_IN_FLIGHT = 40;
    private static final int CQL_POINTS = 12_000;
    private static final int CQL_IN_FLIGHT = 1_500;
    private static final int MQTT_CONNECTIONS = 4;
    private static final int MQTT_MESSAGES_PER_CONNECTION = 2_000;
    private static final String TOPIC = "almanac/overload/points";

    @TempDir
    Path dataDirectory;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedPointIsPresentAndEveryOtherWasRefusedToItsSender() throws Exception {
        NodeConfig config = NodeConfigLoader.override(TestNode.configFor(dataDirectory), Map.of("shards", 1,
                "ring_buffer_size_mb", 1, "memtable_flush_threshold_mb", 1, "commitlog_sync", "group",
                "commitlog_sync_group_window_in_ms", 2000));
        try (TestNode node = TestNode.start(config); CqlSession session = cqlSession(node.cqlPort())) {
            session.execute("CREATE KEYSPACE overload WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE overload.points (source text, part int, ts timestamp, value double,"
                    + " PRIMARY KEY ((source, part), ts))");
            List<Ledger> ledgers = new ArrayList<>();
            List<CompletableFuture<?>> writers = new ArrayList<>();
            ExecutorService drivers = Executors.newFixedThreadPool(2);
            try {
                Ledger cql = new Ledger("cql", 0, CQL_POINTS);
                ledgers.add(cql);
                writers.add(CompletableFuture.runAsync(() -> writeCql(session, cql), drivers));
                List<Ledger> http = new ArrayList<>();
                for (int part = 0; part < HTTP_PARTS; part++) {
                    http.add(new Ledger("http", part, HTTP_REQUESTS_PER_PART * HTTP_LINES_PER_REQUEST));
                }
                ledgers.addAll(http);
                writers.add(CompletableFuture.runAsync(() -> writeHttp(node.httpPort(), http), drivers));
                List<Mqtt5AsyncClient> mqtt5 = new ArrayList<>();
                List<Mqtt3AsyncClient> mqtt3 = new ArrayList<>();
                for (int part = 0; part < MQTT_CONNECTIONS; part++) {
                    Ledger v5 = new Ledger("mqtt5", part, MQTT_MESSAGES_PER_CONNECTION);
                    Ledger v3 = new Ledger("mqtt3", part, MQTT_MESSAGES_PER_CONNECTION);
                    ledgers.add(v5);
                    ledgers.add(v3);
                    mqtt5.add(MqttClient.builder().useMqttVersion5().identifier("overload-5-" + part)
                            .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildAsync());
                    mqtt3.add(MqttClient.builder().useMqttVersion3().identifier("overload-3-" + part)
                            .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildAsync());
                    writers.add(publishMqtt5(mqtt5.get(part), v5));
                    writers.add(publishMqtt3(mqtt3.get(part), v3));
                }
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(150, TimeUnit.SECONDS);
                mqtt5.forEach(client -> client.disconnect().join());
                mqtt3.forEach(client -> client.disconnect().join());
            } finally {
                drivers.shutdownNow();
            }
            verify(session, ledgers);
        }
    }

    /** Checks every ledger against what CQL reads back, and that the clients were pushed back at all. */
    private static void verify(CqlSession session, List<Ledger> ledgers) {
        long refusedTotal = 0;
        for (Ledger ledger : ledgers) {
            assertThat(ledger.failures).as(ledger + ": points failed otherwise than refused").isEmpty();
            boolean[] present = readBack(session, ledger);
            int acknowledged = 0;
            int refused = 0;
            int refusedPresent = 0;
            for (int seq = 0; seq < ledger.size(); seq++) {
                int outcome = ledger.outcomes.get(seq);
                assertThat(outcome).as(ledger + " point " + seq + " was neither acknowledged nor refused")
                        .isIn(Ledger.ACKNOWLEDGED, Ledger.REFUSED);
                if (outcome == Ledger.ACKNOWLEDGED) {
                    acknowledged++;
                    assertThat(present[seq]).as(ledger + " point " + seq + " was acknowledged but is missing")
                            .isTrue();
                } else {
                    refused++;
                    refusedPresent += present[seq] ? 1 : 0;
                }
            }
            refusedTotal += refused;
            System.out.printf("overload: %-8s part %d: %,7d acknowledged, %,7d refused (%,d of them present)%n",
                    ledger.source, ledger.part, acknowledged, refused, refusedPresent);
        }
        assertThat(refusedTotal).as("no client was refused: the load did not overload the node").isPositive();
    }

    /** @return for each seq of {@code ledger}, whether its point is present; asserts the value of each present one */
    private static boolean[] readBack(CqlSession session, Ledger ledger) {
        boolean[] present = new boolean[ledger.size()];
        for (Row row : session.execute("SELECT ts, value FROM overload.points WHERE source = ? AND part = ?",
                ledger.source, ledger.part)) {
            int seq = (int) (row.getInstant(0).toEpochMilli() - BASE_MILLIS);
            assertThat(seq).as(ledger + ": a point nobody wrote").isBetween(0, ledger.size() - 1);
            assertThat(row.getDouble(1)).as(ledger + " point " + seq).isEqualTo(value(ledger.part, seq));
            present[seq] = true;
        }
        return present;
    }

    private static double value(int part, int seq) {
        return seq * 0.5 + part;
    }

    private static CqlSession cqlSession(int port) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 4_096)
                .build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter("datacenter1").withConfigLoader(loader).build();
    }

    /** Prepared single-row INSERTs, {@value #CQL_IN_FLIGHT} in flight; statements are not idempotent, so no retry. */
    private static void writeCql(CqlSession session, Ledger ledger) {
        PreparedStatement insert = session.prepare(
                "INSERT INTO overload.points (source, part, ts, value) VALUES (?, ?, ?, ?)");
        Semaphore inFlight = new Semaphore(CQL_IN_FLIGHT);
        for (int seq = 0; seq < ledger.size(); seq++) {
            inFlight.acquireUninterruptibly();
            int point = seq;
            session.executeAsync(insert.bind(ledger.source, ledger.part, Instant.ofEpochMilli(BASE_MILLIS + seq),
                    value(ledger.part, seq))).whenComplete((result, error) -> {
                        inFlight.release();
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        if (cause == null) {
                            ledger.acknowledge(point, point + 1);
                        } else if (cause instanceof OverloadedException) {
                            ledger.refuse(point, point + 1);
                        } else {
                            ledger.fail(point, point + 1, cause.toString());
                        }
                    });
        }
        inFlight.acquireUninterruptibly(CQL_IN_FLIGHT);
    }

    /** Line-protocol requests round-robin over the parts, {@value #HTTP_IN_FLIGHT} in flight. */
    private static void writeHttp(int port, List<Ledger> ledgers) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v2/write?bucket=overload&precision=ms");
        Semaphore inFlight = new Semaphore(HTTP_IN_FLIGHT);
        for (int request = 0; request < HTTP_REQUESTS_PER_PART; request++) {
            for (Ledger ledger : ledgers) {
                int from = request * HTTP_LINES_PER_REQUEST;
                int to = from + HTTP_LINES_PER_REQUEST;
                inFlight.acquireUninterruptibly();
                client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(lines(ledger, from, to))).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                            inFlight.release();
                            recordHttp(ledger, from, to, response, error);
                        });
            }
        }
        inFlight.acquireUninterruptibly(HTTP_IN_FLIGHT);
    }

    private static void recordHttp(Ledger ledger, int from, int to, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            ledger.fail(from, to, error.toString());
        } else if (response.statusCode() == 204) {
            ledger.acknowledge(from, to);
        } else if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
            ledger.refuse(from, to);
        } else {
            ledger.fail(from, to, "HTTP " + response.statusCode() + " " + response.headers().map() + " "
                    + response.body());
        }
    }

    private static String lines(Ledger ledger, int from, int to) {
        StringBuilder body = new StringBuilder((to - from) * 64);
        for (int seq = from; seq < to; seq++) {
            body.append("points,source=").append(ledger.source).append(",part=").append(ledger.part)
                    .append(" value=").append(value(ledger.part, seq)).append(' ').append(BASE_MILLIS + seq)
                    .append('\n');
        }
        return body.toString();
    }

    /** Every message of the connection published at once; the client queues past the server's Receive Maximum. */
    private static CompletableFuture<?> publishMqtt5(Mqtt5AsyncClient client, Ledger ledger) {
        return client.connect().thenCompose(connAck -> {
            List<CompletableFuture<?>> acks = new ArrayList<>(ledger.size());
            for (int seq = 0; seq < ledger.size(); seq++) {
                int point = seq;
                acks.add(client.publish(Mqtt5Publish.builder().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(json(ledger, seq)).build()).handle((result, error) -> {
                            recordMqtt5(ledger, point, result, error);
                            return null;
                        }));
            }
            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        });
    }

    private static void recordMqtt5(Ledger ledger, int seq, Mqtt5PublishResult result, Throwable error) {
        Throwable cause = error != null ? error : result.getError().orElse(null);
        if (cause instanceof CompletionException) {
            cause = cause.getCause();
        }
        if (cause == null) {
            ledger.acknowledge(seq, seq + 1);
        } else if (cause instanceof Mqtt5PubAckException refused
                && refused.getMqttMessage().getReasonCode() == Mqtt5PubAckReasonCode.QUOTA_EXCEEDED) {
            ledger.refuse(seq, seq + 1);
        } else {
            ledger.fail(seq, seq + 1, cause.toString());
        }
    }

    /** MQTT 3.1.1 has no negative PUBACK: every message must be acknowledged, however long the node pauses. */
    private static CompletableFuture<?> publishMqtt3(Mqtt3AsyncClient client, Ledger ledger) {
        return client.connect().thenCompose(connAck -> {
            List<CompletableFuture<?>> acks = new ArrayList<>(ledger.size());
            for (int seq = 0; seq < ledger.size(); seq++) {
                int point = seq;
                acks.add(client.publish(Mqtt3Publish.builder().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(json(ledger, seq)).build()).handle((published, error) -> {
                            if (error == null) {
                                ledger.acknowledge(point, point + 1);
                            } else {
                                ledger.fail(point, point + 1, error.toString());
                            }
                            return null;
                        }));
            }
            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        });
    }

    private static byte[] json(Ledger ledger, int seq) {
        return ("{\"source\":\"" + ledger.source + "\",\"part\":" + ledger.part + ",\"ts\":" + (BASE_MILLIS + seq)
                + ",\"value\":" + value(ledger.part, seq) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What one client learned about each of its points (seq 0..size-1 of partition (source, part)).
     *
     * <p>Thread safety: outcomes and failures may be recorded from any thread.
     */
    private static final class Ledger {
        static final int UNANSWERED = 0;
        static final int ACKNOWLEDGED = 1;
        static final int REFUSED = 2;
        static final int FAILED = 3;

        final String source;
        final int part;
        final AtomicIntegerArray outcomes;
        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        Ledger(String source, int part, int size) {
            this.source = source;
            this.part = part;
            this.outcomes = new AtomicIntegerArray(size);
        }

        int size() {
            return outcomes.length();
        }

        void acknowledge(int fromSeq, int toSeq) {
            record(fromSeq, toSeq, ACKNOWLEDGED);
        }

        void refuse(int fromSeq, int toSeq) {
            record(fromSeq, toSeq, REFUSED);
        }

        void fail(int fromSeq, int toSeq, String why) {
            if (failures.size() < 20) {
                failures.add("points " + fromSeq + ".." + (toSeq - 1) + ": " + why);
            }
            record(fromSeq, toSeq, FAILED);
        }

        private void record(int fromSeq, int toSeq, int outcome) {
            for (int seq = fromSeq; seq < toSeq; seq++) {
                if (!outcomes.compareAndSet(seq, UNANSWERED, outcome)) {
                    failures.add("point " + seq + " answered twice: " + outcomes.get(seq) + " then " + outcome);
                }
            }
        }

        @Override
        public String toString() {
            return source + "/" + part;
        }
    }
}
