package io.almanac.ingest.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A hand-rolled MQTT 3.1.1 client over a plain socket, for packets a real client library will not send (other
 * protocol levels, duplicate QoS 2 publishes, garbage) and for reading the broker's exact answer bytes.
 */
final class RawMqttConnection implements AutoCloseable {

    /** One packet read: the first header byte and the bytes after the remaining length. */
    record Packet(int header, byte[] body) {
        int type() {
            return header >>> 4;
        }

        int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawMqttConnection(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** A connection over an already connected socket (e.g. a TLS one). */
    RawMqttConnection(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends CONNECT with clean session and the given protocol level and keep-alive. */
    void connect(String clientId, int protocolLevel, int keepAliveSeconds) throws IOException {
        sendRaw(connectPacket(clientId, protocolLevel, keepAliveSeconds, true, null, null));
    }

    /**
     * @param cleanSession Clean Session (3.1.1) / Clean Start (5.0)
     * @param username     the user name, or null for none
     * @param password     the password, or null for none
     * @return the bytes of a CONNECT packet (MQTT 5: no properties)
     */
    static byte[] connectPacket(String clientId, int protocolLevel, int keepAliveSeconds, boolean cleanSession,
                                String username, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, protocolLevel == 3 ? "MQIsdp" : "MQTT");
        body.write(protocolLevel);
        body.write((cleanSession ? 0x02 : 0) | (username == null ? 0 : 0x80) | (password == null ? 0 : 0x40));
        body.write(keepAliveSeconds >>> 8);
        body.write(keepAliveSeconds);
        if (protocolLevel == 5) {
            body.write(0); // no CONNECT properties
        }
        writeString(body, clientId);
        if (username != null) {
            writeString(body, username);
        }
        if (password != null) {
            writeString(body, password);
        }
        return packet(0x10, body.toByteArray());
    }

    void publish(String topic, int qos, int packetId, boolean duplicate, String payload) throws IOException {
        sendRaw(publishPacket(topic, qos, packetId, duplicate, payload));
    }

    /** @return the bytes of a PUBLISH packet (MQTT 3.1.1 layout: no properties) */
    static byte[] publishPacket(String topic, int qos, int packetId, boolean duplicate, String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(packetId >>> 8);
            body.write(packetId);
        }
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | (duplicate ? 0x08 : 0) | (qos << 1), body.toByteArray());
    }

    void pubRel(int packetId) throws IOException {
        send(0x62, new byte[] {(byte) (packetId >>> 8), (byte) packetId});
    }

    void pingReq() throws IOException {
        send(0xC0, new byte[0]);
    }

    /** Sends raw bytes as they are. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Packet read() throws IOException {
        int header = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int digit = in.readUnsignedByte();
            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header, body);
    }

    /** @return whether the server closed the connection (end of stream) within the socket timeout */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private void send(int header, byte[] body) throws IOException {
        sendRaw(packet(header, body));
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int length = body.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
