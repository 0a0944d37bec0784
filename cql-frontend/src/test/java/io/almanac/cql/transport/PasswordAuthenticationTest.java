package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.auth.AllowAllAuthenticator;
import io.almanac.cql.query.AuthenticatedUser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SASL PLAIN exchange over {@link CqlConnectionHandler} with the real {@code PasswordAuthenticator} (reference
 * §1.5): AUTHENTICATE after STARTUP, AUTH_SUCCESS with a null token, Cassandra's 0x0100 messages, the protocol
 * error for requests before login, and v5 framing from AUTHENTICATE on.
 */
class PasswordAuthenticationTest {

    @TempDir
    Path directory;
    private PasswordAuthFixture auth;
    private CqlTestChannel test;

    @BeforeEach
    void start() {
        auth = new PasswordAuthFixture(directory);
        assertThat(auth.authenticator.start()).isTrue();
        test = new CqlTestChannel(auth.processor, CqlServerConfig.DEFAULT_MAX_FRAME_BYTES,
                CqlServerConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS, auth.synchronous());
    }

    @AfterEach
    void stop() {
        test.close();
        auth.close();
    }

    @Test
    void v4StartupIsAnsweredAuthenticateAndTheRightPasswordLogsIn() {
        startup(4);
        test.send(4, 1, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "secret")));

        CqlTestChannel.Response success = test.response();
        assertThat(success.opcode()).isEqualTo(Opcode.AUTH_SUCCESS.code());
        assertThat(success.streamId()).isEqualTo(1);
        assertThat(success.bodyBuffer().readInt()).isEqualTo(-1);
        assertThat(test.connection.clientState().user()).isEqualTo(new AuthenticatedUser("cassandra", true));
    }

    @Test
    void wrongPasswordOrUnknownRoleIsBadCredentialsAndTheClientMayRetry() {
        startup(4);
        test.send(4, 1, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "wrong")));
        assertThat(CqlTestChannel.error(test.response()))
                .isEqualTo(Map.entry(0x0100, "Provided username cassandra and/or password are incorrect"));
        test.send(4, 2, Opcode.AUTH_RESPONSE, bytes(token("", "nobody", "secret")));
        assertThat(CqlTestChannel.error(test.response()))
                .isEqualTo(Map.entry(0x0100, "Provided username nobody and/or password are incorrect"));
        assertThat(test.connection.clientState().user()).isNull();

        test.send(4, 3, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "secret")));
        assertThat(test.response().opcode()).isEqualTo(Opcode.AUTH_SUCCESS.code());
    }

    @Test
    void malformedTokensGetCassandrasThreeMessages() {
        startup(4);
        Map<byte[], String> cases = Map.of(
                "cassandra".getBytes(StandardCharsets.UTF_8), "Password must not be null",
                token("", "cassandra", ""), "Password must not be null",
                token("", "", "secret"), "Authentication ID must not be null",
                "\0a\0b\0c".getBytes(StandardCharsets.UTF_8),
                "Credential format error: username or password is empty or contains NUL(\\0) character");
        int stream = 1;
        for (Map.Entry<byte[], String> malformed : cases.entrySet()) {
            test.send(4, stream++, Opcode.AUTH_RESPONSE, bytes(malformed.getKey()));
            assertThat(CqlTestChannel.error(test.response())).isEqualTo(Map.entry(0x0100, malformed.getValue()));
        }
    }

    @Test
    void authzidIsIgnoredAsTheTokenIsParsedFromTheEnd() {
        startup(4);
        test.send(4, 1, Opcode.AUTH_RESPONSE, bytes(token("someone-else", "cassandra", "secret")));
        assertThat(test.response().opcode()).isEqualTo(Opcode.AUTH_SUCCESS.code());
        assertThat(test.connection.clientState().user().name()).isEqualTo("cassandra");
    }

    @Test
    void requestsBeforeLoginAreProtocolErrorsAndTheConnectionStaysUsable() {
        startup(4);
        test.send(4, 5, Opcode.QUERY, CqlTestChannel.queryBody("SELECT role FROM system_auth.roles", 4));
        assertThat(CqlTestChannel.error(test.response()))
                .isEqualTo(Map.entry(0x000A, "Unexpected message QUERY, expecting SASL_RESPONSE"));
        test.send(4, 6, Opcode.REGISTER, new byte[] {0, 0});
        assertThat(CqlTestChannel.error(test.response()).getKey()).isEqualTo(0x000A);
        test.send(4, 7, Opcode.OPTIONS, new byte[0]);
        assertThat(test.response().opcode()).isEqualTo(Opcode.SUPPORTED.code());

        test.send(4, 8, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "secret")));
        assertThat(test.response().opcode()).isEqualTo(Opcode.AUTH_SUCCESS.code());
        test.send(4, 9, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "secret")));
        assertThat(CqlTestChannel.error(test.response())).isEqualTo(Map.entry(0x000A,
                "Unexpected message AUTH_RESPONSE, the connection is already authenticated"));
    }

    @Test
    void v5SwitchesToSegmentsRightAfterAuthenticate() {
        startup(5);
        test.useSegments(false);
        test.send(5, 1, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "wrong")));
        test.send(5, 2, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "secret")));

        List<CqlTestChannel.Response> responses = test.framedResponses(false);
        assertThat(responses).extracting(CqlTestChannel.Response::opcode)
                .containsExactly(Opcode.ERROR.code(), Opcode.AUTH_SUCCESS.code());
        assertThat(CqlTestChannel.error(responses.get(0)).getKey()).isEqualTo(0x0100);
        assertThat(responses.get(1).versionByte()).isEqualTo(0x85);
    }

    @Test
    void allowAllAnswersReadyAndRefusesAuthResponse() {
        try (CqlTestChannel open = new CqlTestChannel(auth.processor, CqlServerConfig.DEFAULT_MAX_FRAME_BYTES,
                CqlServerConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS, new AllowAllAuthenticator())) {
            open.send(4, 0, Opcode.STARTUP, CqlTestChannel.stringMap(Map.of("CQL_VERSION", "3.0.0")));
            assertThat(open.response().opcode()).isEqualTo(Opcode.READY.code());
            open.send(4, 1, Opcode.AUTH_RESPONSE, bytes(token("", "cassandra", "secret")));
            assertThat(CqlTestChannel.error(open.response())).isEqualTo(Map.entry(0x000A,
                    "Unexpected message AUTH_RESPONSE: this server does not require authentication"));
            assertThat(open.connection.clientState().user()).isNull();
        }
    }

    @Test
    void theDefaultSuperuserIsCreatedOnlyOnFirstStart() {
        assertThat(auth.authenticator.start()).isFalse();
    }

    private void startup(int version) {
        test.send(version, 0, Opcode.STARTUP, CqlTestChannel.stringMap(Map.of("CQL_VERSION", "3.0.0")));
        CqlTestChannel.Response authenticate = test.response();
        assertThat(authenticate.opcode()).isEqualTo(Opcode.AUTHENTICATE.code());
        assertThat(authenticate.versionByte()).isEqualTo(0x80 | version);
        assertThat(WireFormat.readString(authenticate.bodyBuffer(), "authenticator"))
                .isEqualTo("org.apache.cassandra.auth.PasswordAuthenticator");
    }

    private static byte[] token(String authzid, String user, String password) {
        return (authzid + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** @return {@code [bytes]}: an int length and the bytes */
    private static byte[] bytes(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(value.length >>> 24);
        out.write(value.length >>> 16);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }
}
