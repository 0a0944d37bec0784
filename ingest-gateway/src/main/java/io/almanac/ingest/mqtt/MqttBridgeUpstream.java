package io.almanac.ingest.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's connection to the upstream broker through the HiveMQ MQTT client, for MQTT 3.1.1 or 5: a persistent
 * session (MQTT 3.1.1 clean session 0, §3.1.2.4; MQTT 5 clean start 0 with a session expiry, §3.1.2.4 and
 * §3.1.2.11.2), automatic reconnect with exponential back-off, QoS 1 subscriptions, and manual acknowledgement: the
 * client sends a message's PUBACK only when {@link MessageHandler#onMessage}'s {@code acknowledge} is run.
 *
 * <p>The publish flow is registered for every incoming message ({@link MqttGlobalPublishFilter#ALL}) before the
 * first CONNECT, so messages the broker queued for the session while we were away, delivered right after CONNACK,
 * are not missed. After the first CONNACK the topic filters are subscribed (again, when the session was present:
 * SUBSCRIBE is idempotent at the broker, and the client then knows them and subscribes again by itself whenever a
 * reconnect finds the session gone). MQTT 5 subscriptions ask for retained messages only when the subscription is
 * new (Retain Handling 1, §3.8.3.1).
 *
 * <p>Thread safety: safe from any thread (the HiveMQ client is); messages are handed to the given executor.
 */
abstract class MqttBridgeUpstream {

    /** Receives bridged messages, on the bridge's executor. */
    interface MessageHandler {
        /**
         * @param topic       the message's topic name
         * @param payload     the payload bytes (owned by the handler)
         * @param acknowledge sends the PUBACK upstream; run at most once
         */
        void onMessage(String topic, byte[] payload, Runnable acknowledge);
    }

    /** @return completes after CONNACK and SUBACK (it waits through reconnect attempts until the broker answers) */
    abstract CompletableFuture<Void> connectAndSubscribe();

    /** @return completes when disconnected (or when it was not connected; a pending reconnect is abandoned) */
    abstract CompletableFuture<Void> disconnect();

    /** @return whether a connection to the broker is established now */
    abstract boolean isConnected();

    /** @return a connection (not connected yet) configured from {@code config} */
    static MqttBridgeUpstream create(MqttBridgeConfig config, Executor executor, MessageHandler handler,
                                     MqttClientConnectedListener connected,
                                     MqttClientDisconnectedListener disconnected) {
        return config.version() == MqttBridgeConfig.MqttVersion.V5
                ? new Version5(config, executor, handler, connected, disconnected)
                : new Version3(config, executor, handler, connected, disconnected);
    }

    /** The settings both protocol versions share: identity, broker address, reconnect back-off, listeners. */
    private static MqttClientBuilder clientBuilder(MqttBridgeConfig config, MqttClientConnectedListener connected,
                                                   MqttClientDisconnectedListener disconnected) {
        return MqttClient.builder().identifier(config.clientId()).serverHost(config.host()).serverPort(config.port())
                .automaticReconnect().initialDelay(config.reconnectInitialDelayMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(config.reconnectMaxDelayMillis(), TimeUnit.MILLISECONDS).applyAutomaticReconnect()
                .addConnectedListener(connected).addDisconnectedListener(disconnected);
    }

    private static final class Version5 extends MqttBridgeUpstream {
        private final MqttBridgeConfig config;
        private final Mqtt5AsyncClient client;

        Version5(MqttBridgeConfig config, Executor executor, MessageHandler handler,
                 MqttClientConnectedListener connected, MqttClientDisconnectedListener disconnected) {
            this.config = config;
            Mqtt5ClientBuilder builder = clientBuilder(config, connected, disconnected).useMqttVersion5();
            if (config.username() != null) {
                var auth = builder.simpleAuth().username(config.username());
                builder = (config.password() == null ? auth
                        : auth.password(config.password().getBytes(StandardCharsets.UTF_8))).applySimpleAuth();
            }
            this.client = builder.buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> handler.onMessage(publish.getTopic().toString(),
                    publish.getPayloadAsBytes(), publish::acknowledge), executor, true);
        }

        @Override
        CompletableFuture<Void> connectAndSubscribe() {
            Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().addSubscriptions(config.topicFilters().stream()
                    .map(filter -> Mqtt5Subscription.builder().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                            .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).build()))
                    .build();
            return client.connectWith().cleanStart(false).sessionExpiryInterval(config.sessionExpirySeconds())
                    .keepAlive(config.keepAliveSeconds()).restrictions().receiveMaximum(config.receiveMaximum())
                    .applyRestrictions().send()
                    .thenCompose(connAck -> client.subscribe(subscribe)).thenApply(subAck -> null);
        }

        @Override
        CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }

        @Override
        boolean isConnected() {
            return client.getState().isConnected();
        }
    }

    private static final class Version3 extends MqttBridgeUpstream {
        private final MqttBridgeConfig config;
        private final Mqtt3AsyncClient client;

        Version3(MqttBridgeConfig config, Executor executor, MessageHandler handler,
                 MqttClientConnectedListener connected, MqttClientDisconnectedListener disconnected) {
            this.config = config;
            Mqtt3ClientBuilder builder = clientBuilder(config, connected, disconnected).useMqttVersion3();
            if (config.username() != null) {
                var auth = builder.simpleAuth().username(config.username());
                builder = (config.password() == null ? auth
                        : auth.password(config.password().getBytes(StandardCharsets.UTF_8))).applySimpleAuth();
            }
            this.client = builder.buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> handler.onMessage(publish.getTopic().toString(),
                    publish.getPayloadAsBytes(), publish::acknowledge), executor, true);
        }

        @Override
        CompletableFuture<Void> connectAndSubscribe() {
            Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder().addSubscriptions(config.topicFilters().stream()
                    .map(filter -> Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                            .build())).build();
            return client.connectWith().cleanSession(false).keepAlive(config.keepAliveSeconds()).send()
                    .thenCompose(connAck -> client.subscribe(subscribe)).thenApply(subAck -> null);
        }

        @Override
        CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }

        @Override
        boolean isConnected() {
            return client.getState().isConnected();
        }
    }
}
