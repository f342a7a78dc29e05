package io.tickwire.system.client;

import static io.tickwire.system.support.AppRecorder.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.client.ConnectionState;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Transport;
import io.tickwire.feed.Instrument;
import io.tickwire.system.support.AppRecorder;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TickwireClient}s, one per transport (long-poll included), following a steady market in a real cluster (Redis,
 * two nodes as processes of their own) through a TCP proxy that stands for the address they were
 * given. When their node is killed and started again, or the address leads to the other node,
 * they resume by themselves: no symbol is handed a quote at or below one it already had, and in
 * the end each holds Redis's latest quote of every symbol.
 */
class ClusterResumeTest {

    private static final List<Instrument> SYMBOLS = TestCluster.symbols("CR", 6);
    private static final String[] NAMES = SYMBOLS.stream().map(Instrument::symbol).toArray(String[]::new);
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path dir;
    TestCluster cluster;
    TcpProxy proxy;
    TestCluster.Market market;

    @BeforeEach
    void startCluster() {
        cluster = TestCluster.start(dir, SYMBOLS);
        proxy = TcpProxy.start(cluster.a.port);
        market = cluster.market(SYMBOLS, 6, Duration.ofMillis(20));
    }

    @AfterEach
    void stopCluster() {
        proxy.close();
        cluster.close();
    }

    TickwireClient client(Transport transport) {
        return TickwireClient.builder("http://127.0.0.1:" + proxy.port()).transport(transport)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    }

    @Test
    void aNodeKilledAndStartedAgainIsRejoinedAndEveryStreamResumesWithNoDuplicateOrStaleQuote() {
        try (AppRecorder ws = new AppRecorder(client(Transport.WEBSOCKET), NAMES);
             AppRecorder sse = new AppRecorder(client(Transport.SSE), NAMES);
             AppRecorder poll = new AppRecorder(client(Transport.LONG_POLL), NAMES)) {
            awaitQuotesFlow(ws, sse, poll);

            cluster.a.kill();
            await().atMost(TIMEOUT).until(() -> ws.times(ConnectionState.RECONNECTING) > 0
                    && sse.times(ConnectionState.RECONNECTING) > 0 && poll.times(ConnectionState.RECONNECTING) > 0);
            try (GatewayNode again = GatewayNode.start("a-again", cluster.redis.url(), dir)) {
                proxy.retarget(again.port);
                ws.awaitLive(2);
                sse.awaitLive(2);
                poll.awaitLive(2);
                awaitQuotesFlow(ws, sse, poll);
                awaitEveryStreamCurrent(ws, sse, poll);
            }
        }
    }

    @Test
    void aStreamSentToAnotherNodeResumesThereWithNoDuplicateOrStaleQuote() {
        try (AppRecorder ws = new AppRecorder(client(Transport.WEBSOCKET), NAMES);
             AppRecorder sse = new AppRecorder(client(Transport.SSE), NAMES);
             AppRecorder poll = new AppRecorder(client(Transport.LONG_POLL), NAMES)) {
            awaitQuotesFlow(ws, sse, poll);

            proxy.retarget(cluster.b.port);
            proxy.cut();
            ws.awaitLive(2);
            sse.awaitLive(2);
            poll.awaitLive(2);
            awaitQuotesFlow(ws, sse, poll);
            awaitEveryStreamCurrent(ws, sse, poll);
        }
    }

    /** Waits until each stream has been handed more quotes than it had. */
    static void awaitQuotesFlow(AppRecorder... apps) {
        for (AppRecorder app : apps) {
            int had = app.quotes.size();
            await().atMost(TIMEOUT).until(() -> app.quotes.size() > had + NAMES.length);
        }
    }

    /** Stops the market; waits until every stream holds Redis's latest quote of each symbol, having risen all along. */
    void awaitEveryStreamCurrent(AppRecorder... apps) {
        market.stop();
        Map<String, Long> truth = redisLatest();
        assertThat(truth.keySet()).containsExactlyInAnyOrder(NAMES);
        for (AppRecorder app : apps) {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(app.latest()).isEqualTo(truth));
            app.assertEachSymbolsSeqsRise();
            assertThat(app.error.get()).isNull();
        }
    }

    /** The seq of each symbol's latest quote, as Redis holds it. */
    Map<String, Long> redisLatest() {
        Map<String, Long> out = new HashMap<>();
        for (String symbol : NAMES) {
            String json = cluster.redis.command("HGET tickwire:latest " + symbol);
            Matcher m = SEQ.matcher(json);
            assertThat(m.find()).as("a quote of %s in %s", symbol, json).isTrue();
            out.put(symbol, Long.parseLong(m.group(1)));
        }
        return out;
    }
}
