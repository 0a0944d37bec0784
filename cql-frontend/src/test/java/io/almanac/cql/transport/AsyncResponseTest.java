package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Responses written when futures complete, in completion order, and back-pressure on in-flight requests. */
class AsyncResponseTest {

    private final PendingQueryFixture handler = new PendingQueryFixture();
    private final CqlTestChannel test = new CqlTestChannel(handler, CqlServerConfig.DEFAULT_MAX_FRAME_BYTES, 2);

    @BeforeEach
    void startup() {
        test.send(4, 0, Opcode.STARTUP, CqlTestChannel.stringMap(Map.of("CQL_VERSION", "3.0.0")));
        assertThat(test.response().opcode()).isEqualTo(Opcode.READY.code());
    }

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void responsesFollowCompletionOrderOnTheirOwnStreams() {
        test.send(4, 10, Opcode.QUERY, CqlTestChannel.queryBody("first", 4));
        test.send(4, 11, Opcode.QUERY, CqlTestChannel.queryBody("second", 4));
        assertThat(test.outboundBytes()).isEmpty();

        handler.pending.get(1).future().complete(ResultMessage.Void.INSTANCE);
        handler.pending.get(0).future().completeExceptionally(CqlException.invalid("no such table"));

        List<CqlTestChannel.Response> responses = test.responses();
        assertThat(responses).extracting(CqlTestChannel.Response::streamId).containsExactly(11, 10);
        assertThat(responses.get(0).opcode()).isEqualTo(Opcode.RESULT.code());
        assertThat(CqlTestChannel.error(responses.get(1))).isEqualTo(Map.entry(0x2200, "no such table"));
    }

    @Test
    void stopsReadingAtTheInFlightLimitAndResumesWhenARequestCompletes() {
        test.send(4, 1, Opcode.QUERY, CqlTestChannel.queryBody("a", 4));
        assertThat(test.channel.config().isAutoRead()).isTrue();
        test.send(4, 2, Opcode.QUERY, CqlTestChannel.queryBody("b", 4));
        assertThat(test.channel.config().isAutoRead()).isFalse();

        handler.pending.get(0).future().complete(ResultMessage.Void.INSTANCE);

        assertThat(test.channel.config().isAutoRead()).isTrue();
        assertThat(test.response().streamId()).isEqualTo(1);
    }

    @Test
    void aHandlerThatThrowsGetsAServerErrorLoggedOnce() {
        test.send(4, 3, Opcode.QUERY, CqlTestChannel.queryBody("THROW", 4));
        test.send(4, 4, Opcode.QUERY, CqlTestChannel.queryBody("THROW", 4));

        List<CqlTestChannel.Response> responses = test.responses();
        assertThat(responses).extracting(CqlTestChannel.Response::streamId).containsExactly(3, 4);
        assertThat(CqlTestChannel.error(responses.get(0)))
                .isEqualTo(Map.entry(0x0000, "java.lang.IllegalStateException: query handler bug"));
        assertThat(test.errorLog.count(new IllegalStateException("query handler bug"))).isEqualTo(2);
        assertThat(test.channel.config().isAutoRead()).isTrue();
    }

    @Test
    void resultsThatCannotBeEncodedBecomeServerErrors() {
        test.send(4, 5, Opcode.QUERY, CqlTestChannel.queryBody("bad rows", 4));
        handler.pending.get(0).future().complete(new ResultMessage.Rows(
                new io.almanac.cql.query.ResultMetadata(List.of()), List.<byte[][]>of(new byte[][] {{1}}), null));

        assertThat(CqlTestChannel.error(test.response()))
                .isEqualTo(Map.entry(0x0000, "java.lang.IllegalStateException: Row with 1 values for 0 columns"));
    }

    @Test
    void queryOptionsReachTheHandler() {
        test.send(4, 6, Opcode.QUERY, CqlTestChannel.queryBody("SELECT now() FROM system.local", 4));
        assertThat(handler.pending.get(0).query()).isEqualTo("SELECT now() FROM system.local");
        assertThat(handler.pending.get(0).options().consistency()).isEqualTo(1);
        assertThat(handler.pending.get(0).options().protocolVersion()).isEqualTo(4);
    }
}
