package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.time.ManualClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The session store alone, on a manual clock: resume, clean start, expiry, take-over and the bound. */
class MqttSessionsTest {

    private final ManualClock clock = new ManualClock(1_000_000_000_000L);
    private final MqttSessions sessions = new MqttSessions(clock, 2);

    @Test
    void aDisconnectedSessionIsResumedUntilItExpires() {
        Runnable first = () -> { };
        MqttSessions.Attached attached = sessions.attach("device-1", false, 60, first);
        assertThat(attached.sessionPresent()).isFalse();
        attached.session().qos2Received.add(7);
        sessions.detach(attached.session(), first);
        assertThat(sessions.storedSessions()).isEqualTo(1);

        clock.advanceSeconds(59);
        Runnable second = () -> { };
        MqttSessions.Attached resumed = sessions.attach("device-1", false, 60, second);
        assertThat(resumed.sessionPresent()).isTrue();
        assertThat(resumed.session().qos2Received).containsExactly(7);
        assertThat(sessions.storedSessions()).isZero();
        sessions.detach(resumed.session(), second);

        clock.advanceSeconds(60);
        assertThat(sessions.hasSession("device-1")).isFalse();
        MqttSessions.Attached fresh = sessions.attach("device-1", false, 60, () -> { });
        assertThat(fresh.sessionPresent()).isFalse();
        assertThat(fresh.session().qos2Received).isEmpty();
        assertThat(sessions.storedSessions()).isZero();
    }

    @Test
    void cleanStartDiscardsTheStoredStateAndExpiryZeroEndsWithTheConnection() {
        Runnable owner = () -> { };
        MqttSessions.Attached attached = sessions.attach("device-2", false, 60, owner);
        attached.session().qos2Received.add(1);
        sessions.detach(attached.session(), owner);

        MqttSessions.Attached clean = sessions.attach("device-2", true, 0, owner);
        assertThat(clean.sessionPresent()).isFalse();
        assertThat(clean.session().qos2Received).isEmpty();
        sessions.detach(clean.session(), owner);
        assertThat(sessions.hasSession("device-2")).isFalse();
        assertThat(sessions.storedSessions()).isZero();
    }

    @Test
    void aSecondConnectionTakesTheSessionOverAndTheFirstOnesCloseDoesNotEndIt() {
        AtomicInteger takeOvers = new AtomicInteger();
        Runnable first = takeOvers::incrementAndGet;
        MqttSessions.Attached attached = sessions.attach("device-3", false, 60, first);
        attached.session().qos2Received.add(3);

        Runnable second = () -> { };
        MqttSessions.Attached taken = sessions.attach("device-3", false, 60, second);
        assertThat(takeOvers).hasValue(1);
        assertThat(taken.sessionPresent()).isTrue();
        assertThat(taken.session().qos2Received).containsExactly(3);

        sessions.detach(attached.session(), first);
        assertThat(sessions.storedSessions()).as("still connected through the second").isZero();
        assertThat(sessions.hasSession("device-3")).isTrue();
    }

    @Test
    void theBoundDropsExpiredSessionsFirstThenTheLongestDisconnected() {
        detachAfterAttach("short-lived", 10);
        clock.advanceSeconds(1);
        detachAfterAttach("long-lived-1", 1_000);
        clock.advanceSeconds(20); // short-lived has expired
        detachAfterAttach("long-lived-2", 1_000);

        assertThat(sessions.storedSessions()).isEqualTo(2);
        assertThat(sessions.hasSession("long-lived-1")).isTrue();
        assertThat(sessions.hasSession("long-lived-2")).isTrue();

        clock.advanceSeconds(1);
        detachAfterAttach("long-lived-3", 1_000);
        assertThat(sessions.storedSessions()).isEqualTo(2);
        assertThat(sessions.hasSession("long-lived-1")).as("the longest disconnected").isFalse();
        assertThat(sessions.hasSession("long-lived-2")).isTrue();
        assertThat(sessions.hasSession("long-lived-3")).isTrue();
    }

    @Test
    void theBoundMustBePositive() {
        assertThatThrownBy(() -> new MqttSessions(clock, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStoredSessions must be at least 1, got 0");
    }

    private void detachAfterAttach(String clientId, long expirySeconds) {
        Runnable owner = () -> { };
        sessions.detach(sessions.attach(clientId, false, expirySeconds, owner).session(), owner);
    }
}
