package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server on a real loopback socket: binding, a raw request, close, and config validation. */
class CqlServerTest {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void answersOnASocketAndClosesOpenConnectionsOnClose() throws IOException {
        CqlServer server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), new PendingQueryFixture());
        try {
            server.start();
            assertThat(server.boundPort()).isPositive();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.boundPort())) {
                socket.getOutputStream().write(CqlTestChannel.envelope(0x42, 0, 77, Opcode.OPTIONS.code(),
                        new byte[0]));
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] header = new byte[9];
                in.readFully(header);
                assertThat(header[0] & 0xFF).isEqualTo(0x85);
                assertThat(header[3]).isEqualTo((byte) 77);
                in.skipBytes(((header[5] & 0xFF) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
                        | (header[8] & 0xFF));
                assertThat(in.read()).as("closed after the version error").isEqualTo(-1);
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.boundPort())) {
                socket.getOutputStream().write(CqlTestChannel.envelope(4, 0, 1, Opcode.OPTIONS.code(),
                        new byte[0]));
                InputStream in = socket.getInputStream();
                assertThat(in.read()).isEqualTo(0x84);
                assertThat(server.openConnections()).isEqualTo(1);
                server.close();
                assertThat(in.skip(Long.MAX_VALUE)).isPositive();
                assertThat(in.read()).isEqualTo(-1);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void bindFailureNamesTheAddress() throws IOException {
        try (CqlServer first = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group),
                new PendingQueryFixture())) {
            first.start();
            CqlServer second = new CqlServer(CqlServerConfig.of("127.0.0.1", first.boundPort(), group, group),
                    new PendingQueryFixture());
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot bind the native transport to 127.0.0.1:" + first.boundPort());
            second.close();
        }
    }

    @Test
    void configErrorsNameKeyValueAndRule() {
        assertThatThrownBy(() -> CqlServerConfig.of("127.0.0.1", 70000, group, group))
                .hasMessage("native_transport_port must be in 0..65535 (got 70000)");
        assertThatThrownBy(() -> CqlServerConfig.of("127.0.0.1", 0, group, group).withMaxFrameBytes(10))
                .hasMessage("native_transport_max_frame_size must be in 1024..268435456 bytes (got 10)");
        assertThatThrownBy(() -> new CqlServerConfig("127.0.0.1", 0, 1 << 20, 0, group, group))
                .hasMessage("max in-flight requests per connection must be >= 1 (got 0)");
        assertThatThrownBy(() -> CqlServerConfig.of(" ", 0, group, group))
                .hasMessage("rpc_address must not be blank");
    }
}
