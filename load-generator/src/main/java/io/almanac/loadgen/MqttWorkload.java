package io.almanac.loadgen;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The write phase over MQTT with the HiveMQ async client: {@code connections} device connections (MQTT 3.1.1 or 5,
 * clean session), device {@code i} publishing its rows on connection {@code i mod connections} as the node's JSON
 * row payload ({@link JsonRowEncoder}; one object per message, an array when {@code --batch-size} is above 1) to
 * {@code almanac/<keyspace>/<table>}.
 *
 * <p>Completion of a publish: QoS 1 when its PUBACK arrives (a PUBACK with an error reason code fails the publish);
 * QoS 0 when the client has handed the PUBLISH to the connection, which says nothing about the node, so QoS 0
 * reports throughput only ({@link IngestOptions#latencyMeasured()}).
 *
 * <p>Thread safety: the clients are thread-safe; the request iterator is consumed by one thread.
 */
public final class MqttWorkload implements AutoCloseable {

    /** One device connection, either MQTT version. */
    private interface DeviceConnection {
        CompletableFuture<?> connect();

        CompletableFuture<?> publish(String topic, MqttQos qos, byte[] payload);

        CompletableFuture<Void> disconnect();
    }

    private final WorkloadConfig config;
    private final List<DeviceConnection> connections;
    private final String topic;
    private final MqttQos qos;

    private MqttWorkload(WorkloadConfig config, List<DeviceConnection> connections) {
        this.config = config;
        this.connections = connections;
        this.topic = topic(config);
        this.qos = config.ingest().qos() == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
    }

    /** @return {@code almanac/<keyspace>/<table>}, the node's default topic mapping */
    public static String topic(WorkloadConfig config) {
        return "almanac/" + config.keyspace() + "/" + config.table();
    }

    /**
     * Opens every device connection (CONNECT and CONNACK) concurrently.
     *
     * @throws IllegalStateException if a connection fails or is not accepted within the request timeout; the
     *                               connections opened so far are closed
     * @throws InterruptedException  if interrupted while waiting
     */
    public static MqttWorkload connect(WorkloadConfig config) throws InterruptedException {
        String clientPrefix = String.format(Locale.ROOT, "almanac-load-%06x-",
                ThreadLocalRandom.current().nextInt(1 << 24));
        List<DeviceConnection> connections = new ArrayList<>(config.ingest().connections());
        for (int i = 0; i < config.ingest().connections(); i++) {
            connections.add(newConnection(config, clientPrefix + i));
        }
        MqttWorkload workload = new MqttWorkload(config, connections);
        CompletableFuture<?>[] connacks = connections.stream().map(DeviceConnection::connect)
                .toArray(CompletableFuture[]::new);
        long timeoutMillis = Math.max(10_000, config.requestTimeoutMillis());
        try {
            CompletableFuture.allOf(connacks).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            workload.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot open " + connections.size() + " MQTT connections to "
                    + config.host() + ":" + config.ingest().mqttPort() + ": " + cause, cause);
        }
        return workload;
    }

    private static DeviceConnection newConnection(WorkloadConfig config, String clientId) {
        if (config.ingest().mqttVersion() == 3) {
            Mqtt3AsyncClient client = MqttClient.builder().identifier(clientId).serverHost(config.host())
                    .serverPort(config.ingest().mqttPort()).useMqttVersion3().buildAsync();
            return new DeviceConnection() {
                @Override
                public CompletableFuture<?> connect() {
                    return client.connect();
                }

                @Override
                public CompletableFuture<?> publish(String topic, MqttQos qos, byte[] payload) {
                    return client.publish(Mqtt3Publish.builder().topic(topic).qos(qos).payload(payload).build());
                }

                @Override
                public CompletableFuture<Void> disconnect() {
                    return client.disconnect();
                }
            };
        }
        Mqtt5AsyncClient client = MqttClient.builder().identifier(clientId).serverHost(config.host())
                .serverPort(config.ingest().mqttPort()).useMqttVersion5().buildAsync();
        return new DeviceConnection() {
            @Override
            public CompletableFuture<?> connect() {
                return client.connect();
            }

            @Override
            public CompletableFuture<?> publish(String topic, MqttQos qos, byte[] payload) {
                return client.publish(Mqtt5Publish.builder().topic(topic).qos(qos).payload(payload).build())
                        .thenApply(result -> {
                            if (result.getError().isPresent()) {
                                throw new CompletionException(result.getError().get());
                            }
                            return result;
                        });
            }

            @Override
            public CompletableFuture<Void> disconnect() {
                return client.disconnect();
            }
        };
    }

    /** @return the write phase's requests: one PUBLISH per device batch, on that device's connection */
    public Iterator<PhaseRunner.Request> writeRequests() {
        WriteSchedule schedule = new WriteSchedule(config);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return schedule.hasNext();
            }

            @Override
            public PhaseRunner.Request next() {
                List<SensorRow> rows = schedule.next();
                DeviceConnection connection = connections.get(schedule.lastDeviceIndex() % connections.size());
                byte[] payload = JsonRowEncoder.payload(rows);
                long points = rows.size();
                return PhaseRunner.Request.of(points,
                        recorder -> connection.publish(topic, qos, payload).thenApply(ack -> points));
            }
        };
    }

    /** Disconnects every connection (DISCONNECT), waiting up to 10 seconds in all. */
    @Override
    public void close() throws InterruptedException {
        CompletableFuture<?>[] disconnects = connections.stream()
                .map(connection -> connection.disconnect().exceptionally(error -> null))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(disconnects).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a connection that cannot say DISCONNECT is closed by the client anyway; nothing is left to write
        }
    }
}
