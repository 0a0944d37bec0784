package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ResultMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * STARTUP's {@code THROW_ON_OVERLOAD} (native_protocol_v5.spec §4.1.1: OVERLOADED instead of back-pressure) and the
 * USE_BETA flag on the versions we serve (reference §1.2, §1.3).
 */
class StartupOptionsTest {

    private final PendingQueryFixture handler = new PendingQueryFixture();

    private CqlTestChannel startedChannel(Map<String, String> options) {
        CqlTestChannel test = new CqlTestChannel(handler, CqlServerConfig.DEFAULT_MAX_FRAME_BYTES, 2);
        test.send(4, 0, Opcode.STARTUP, CqlTestChannel.stringMap(options));
        assertThat(test.response().opcode()).isEqualTo(Opcode.READY.code());
        return test;
    }

    @Test
    void throwOnOverloadAnswersOverloadedPastTheLimitAndKeepsReading() {
        try (CqlTestChannel test = startedChannel(Map.of("CQL_VERSION", "3.0.0", "throw_on_overload", "1"))) {
            test.send(4, 1, Opcode.QUERY, CqlTestChannel.queryBody("a", 4));
            test.send(4, 2, Opcode.QUERY, CqlTestChannel.queryBody("b", 4));
            test.send(4, 3, Opcode.QUERY, CqlTestChannel.queryBody("c", 4));

            CqlTestChannel.Response overloaded = test.response();
            assertThat(overloaded.streamId()).isEqualTo(3);
            assertThat(CqlTestChannel.error(overloaded).getKey()).isEqualTo(0x1001);
            assertThat(handler.pending).extracting(PendingQueryFixture.Pending::query).containsExactly("a", "b");
            assertThat(test.channel.config().isAutoRead()).isTrue();

            handler.pending.get(0).future().complete(ResultMessage.Void.INSTANCE);
            test.send(4, 4, Opcode.QUERY, CqlTestChannel.queryBody("d", 4));

            assertThat(test.response().streamId()).isEqualTo(1);
            assertThat(handler.pending).extracting(PendingQueryFixture.Pending::query).containsExactly("a", "b", "d");
        }
    }

    @Test
    void withoutThrowOnOverloadTheLimitIsBackPressure() {
        try (CqlTestChannel test = startedChannel(Map.of("CQL_VERSION", "3.0.0", "THROW_ON_OVERLOAD", "0"))) {
            test.send(4, 1, Opcode.QUERY, CqlTestChannel.queryBody("a", 4));
            test.send(4, 2, Opcode.QUERY, CqlTestChannel.queryBody("b", 4));

            assertThat(test.channel.config().isAutoRead()).isFalse();
            assertThat(test.outboundBytes()).isEmpty();
        }
    }

    @Test
    void useBetaFlagIsIgnoredOnServedVersions() {
        try (CqlTestChannel test = new CqlTestChannel(handler)) {
            test.send(4, Envelope.FLAG_USE_BETA, 5, Opcode.OPTIONS.code(), new byte[0]);

            List<CqlTestChannel.Response> responses = test.responses();
            assertThat(responses).extracting(CqlTestChannel.Response::opcode)
                    .containsExactly(Opcode.SUPPORTED.code());
            assertThat(test.channel.isOpen()).isTrue();
        }
    }
}
