package io.tickwire.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket spoken byte by byte, for frames no well-behaved client library will send: reserved
 * bits and opcodes, unmasked frames, lying lengths, invalid UTF-8, broken fragmentation, bad close
 * frames. {@link #frame} builds any frame; {@link #next} reads what the server sends back.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;

    /** A frame from the server; {@code opcode} {@code -1} means the connection ended without a close frame. */
    public record Frame(int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame; 1005 (none given) if it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens {@code /ws} on 127.0.0.1:{@code port} and completes the handshake (101). */
    public static RawWebSocket connect(int port) {
        try {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout((int) StreamClient.TIMEOUT.toMillis());
            s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawWebSocket ws = new RawWebSocket(s);
            String head = ws.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                s.close();
                throw new IllegalStateException("handshake refused: " + head);
            }
            return ws;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** A masked frame: {@code firstByte} is FIN, RSV1-3 and the opcode, as on the wire. */
    public static byte[] frame(int firstByte, byte[] payload) {
        return frame(firstByte, payload, true, payload.length);
    }

    /** A masked text frame with FIN set. */
    public static byte[] text(String text) {
        return frame(0x80 | TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any frame: {@code masked} as a client must (or not), and a length field that says
     * {@code declaredLength} whatever the payload's real length.
     */
    public static byte[] frame(int firstByte, byte[] payload, boolean masked, long declaredLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (declaredLength >= 0 && declaredLength < 126) {
            out.write(maskBit | (int) declaredLength);
        }
        else if (declaredLength >= 0 && declaredLength <= 0xffff) {
            out.write(maskBit | 126);
            out.write((int) (declaredLength >> 8));
            out.write((int) declaredLength);
        }
        else {
            out.write(maskBit | 127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(declaredLength).array());
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            out.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i % 4];
            }
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    public RawWebSocket send(byte[]... frames) {
        try {
            for (byte[] f : frames) {
                socket.getOutputStream().write(f);
            }
            socket.getOutputStream().flush();
        }
        catch (IOException e) {
            // The server may close before it has read everything sent: what it answered is still there to read.
        }
        return this;
    }

    /** The next frame from the server, or opcode -1 if the connection ended or was reset first. */
    public Frame next() {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            }
            else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(len)];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload);
        }
        catch (EOFException | SocketException e) {
            return new Frame(-1, new byte[0]);
        }
        catch (SocketTimeoutException e) {
            throw new AssertionError("nothing from the server within " + StreamClient.TIMEOUT, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text frame, skipping heartbeats and pings. */
    public String nextText() {
        for (Frame f = next(); ; f = next()) {
            if (f.opcode() == TEXT && !f.text().contains("\"heartbeat\"")) {
                return f.text();
            }
            if (f.opcode() != TEXT && f.opcode() != PING) {
                throw new AssertionError("expected a text frame, got opcode " + f.opcode() + ": " + f.text());
            }
        }
    }

    /** Reads until the server's close frame and returns its code; -1 if the connection ended without one. */
    public int closeCode() {
        for (Frame f = next(); ; f = next()) {
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
            if (f.opcode() == -1) {
                return -1;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        }
        catch (IOException e) {
            // Gone already.
        }
    }
}
