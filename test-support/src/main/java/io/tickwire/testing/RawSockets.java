package io.tickwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many plain TCP connections from one thread (one selector), for what an attacker does with them:
 * send half a request and wait, open WebSockets by hand and reset them all at once. Cheap enough
 * for thousands in a test; nothing here is a well-behaved client.
 */
public final class RawSockets implements AutoCloseable {

    private static final int HANDSHAKE_BATCH = 200;

    private final List<SocketChannel> channels = new ArrayList<>();

    /** {@code count} connections to 127.0.0.1:{@code port}, each having sent {@code bytes} and nothing more. */
    public static RawSockets sending(int port, int count, String bytes) {
        RawSockets s = new RawSockets();
        for (int i = 0; i < count; i++) {
            SocketChannel c = s.open(port);
            s.write(c, bytes.getBytes(StandardCharsets.US_ASCII));
        }
        return s;
    }

    /**
     * {@code count} WebSockets to {@code path}, upgraded by hand (101 read back), each having sent
     * {@code firstMessage} as one masked text frame. Handshakes go out in batches, so thousands
     * open in seconds rather than one round trip after another.
     */
    public static RawSockets webSockets(int port, String path, int count, String firstMessage) {
        RawSockets s = new RawSockets();
        byte[] upgrade = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int from = 0; from < count; from += HANDSHAKE_BATCH) {
            List<SocketChannel> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + HANDSHAKE_BATCH); i++) {
                SocketChannel c = s.open(port);
                s.write(c, upgrade);
                batch.add(c);
            }
            for (SocketChannel c : batch) {
                String head = s.readHead(c);
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IllegalStateException("handshake refused: " + head.lines().findFirst().orElse(""));
                }
                s.write(c, maskedText(firstMessage));
            }
        }
        return s;
    }

    private SocketChannel open(int port) {
        try {
            SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channels.add(c);
            return c;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(SocketChannel c, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead(SocketChannel c) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        StringBuilder head = new StringBuilder();
        try {
            while (head.indexOf("\r\n\r\n") < 0) {
                b.clear();
                if (c.read(b) < 0) {
                    break;
                }
                head.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return head.toString();
    }

    static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short messages only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** How many of the connections the server has closed (read gives end of stream or a reset), waiting at most {@code max}. */
    public int awaitClosedByServer(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        int closed = 0;
        try (Selector selector = Selector.open()) {
            for (SocketChannel c : channels) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
            }
            ByteBuffer sink = ByteBuffer.allocate(8192);
            while (closed < channels.size() && System.nanoTime() < deadline) {
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    int n;
                    try {
                        sink.clear();
                        n = c.read(sink);
                    }
                    catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        k.cancel();
                        closed++;
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return closed;
    }

    /** Sets SO_LINGER 0 on every connection: closing one (or the process ending) resets it, no FIN. */
    public void lingerZero() {
        for (SocketChannel c : channels) {
            try {
                c.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            catch (IOException e) {
                // Gone already.
            }
        }
    }

    @Override
    public void close() {
        for (SocketChannel c : channels) {
            try {
                c.close();
            }
            catch (IOException e) {
                // Gone already.
            }
        }
    }
}
