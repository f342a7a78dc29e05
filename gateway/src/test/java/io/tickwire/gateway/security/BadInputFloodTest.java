package io.tickwire.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.FuzzCorpus;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.RawWebSocket;
import io.tickwire.gateway.support.StreamClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The whole fuzz corpus, over and over, from a thousand and more connections: the log does not
 * grow with it (nothing per bad input above DEBUG), the heap is as flat after the last rounds as
 * after the first, and no connection or subscription is left behind.
 */
class BadInputFloodTest extends ManualFeedGatewayTest {

    private static final int WARM_UP_ROUNDS = 4;
    private static final int ROUNDS = 4;
    /** Far below what one log line per bad input would make: a few hundred per round. */
    private static final int LOG_LINES_ALLOWED = 5;
    private static final long HEAP_GROWTH_ALLOWED = 16L << 20;

    @Test
    void leavesTheLogTheHeapAndTheRegistrationsAsTheyWere() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                round();
            }
            long before = heapAfterGc();
            for (int i = 0; i < ROUNDS; i++) {
                round();
            }
            await().atMost(StreamClient.TIMEOUT)
                    .until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
            assertThat(heapAfterGc() - before).as("heap growth over %d rounds, bytes", ROUNDS)
                    .isLessThan(HEAP_GROWTH_ALLOWED);
        }
        finally {
            root.detachAppender(log);
        }
        List<String> lines = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertThat(lines).hasSizeLessThanOrEqualTo(LOG_LINES_ALLOWED);
    }

    /** Every case of the corpus once, each on a connection of its own, and all requests on one connection that does not read. */
    private void round() throws IOException {
        for (FuzzCorpus.Request r : FuzzCorpus.requests()) {
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                ws.send(RawWebSocket.text(r.text())).nextText();
            }
        }
        for (FuzzCorpus.Frames f : FuzzCorpus.frames()) {
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                ws.send(f.frames().toArray(byte[][]::new)).closeCode();
            }
        }
        try (RawWebSocket flood = RawWebSocket.connect(port)) {
            for (int i = 0; i < 3; i++) {
                FuzzCorpus.requests().forEach(r -> flood.send(RawWebSocket.text(r.text())));
            }
            assertThat(flood.closeCode()).isEqualTo(1008);
        }
        for (FuzzCorpus.Query q : FuzzCorpus.queries()) {
            send("GET " + q.target() + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        }
        for (String path : FuzzCorpus.traversals()) {
            send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        }
        send("GET /api/symbols?x=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
        send("GET /api/symbols HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
        send("NOT HTTP AT ALL\r\n\r\n");
    }

    private void send(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) StreamClient.TIMEOUT.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
