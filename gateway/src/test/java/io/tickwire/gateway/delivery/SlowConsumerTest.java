package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.StreamClient.TIMEOUT;
import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.GatewayTest;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.StreamClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code conflate} slow-consumer policy over real sockets (docs/connect.md, "Slow clients"): clients
 * that stop reading next to clients that keep reading, on the same symbols. The fast ones go on
 * getting quotes; once the stalled ones' socket buffers are full, what waits for each of them in
 * the gateway is the newest quote of each symbol, no more, and that is what they get when they
 * read again, before live quotes.
 *
 * <p>Nothing here is timed. What waits is counted: every quote offered to a client is either sent,
 * replaced by a newer one of its symbol (conflated), or still waiting, so the gateway's counters of
 * sent and conflated messages tell how many wait. How fast the fast clients go meanwhile, and how soon a stalled
 * one reads fresh quotes again, is the bench's to measure ({@code bench/run.sh --stall 1}).
 */
@TestPropertySource(properties = {
    // No heartbeats: every message counted is a quote this test emitted.
    "tickwire.client.heartbeat-interval=0",
    // The stall is the point here, not dead-peer detection.
    "tickwire.ws.ping-interval=1m", "tickwire.ws.idle-timeout=5m"})
class SlowConsumerTest extends GatewayTest {

    private static final Logger log = LoggerFactory.getLogger(SlowConsumerTest.class);
    private static final int FAST = 6;
    private static final int STALLED = 4;
    private static final String[] SYMBOLS = ManualFeedConfiguration.SYMBOLS;
    /** Quotes per burst, every symbol in turn: fewer than a batch, so a client that takes more takes a burst at once. */
    private static final int BURST = 5 * SYMBOLS.length;
    /** Bursts emitted once the stalled clients are behind. */
    private static final int STALL_BURSTS = 20;
    /** The stalled clients' socket buffers take a few megabytes; this is far more than they can. */
    private static final int MAX_QUOTES = 1_000_000;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void stalledClientsNeitherHoldUpTheFastOnesNorHaveMoreThanTheNewestQuoteOfEachSymbolWaitingWhichTheyReadOnResuming(
            Transport transport) {
        for (String s : SYMBOLS) {
            feed.emit(s);
        }
        List<StreamClient> fast = new ArrayList<>();
        List<StreamClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < FAST; i++) {
                fast.add(subscribedToAll(transport));
            }
            for (int i = 0; i < STALLED; i++) {
                stalled.add(subscribedToAll(transport));
            }
            stalled.forEach(StreamClient::pauseReading);
            stalled.forEach(StreamClient::drain);
            Counts start = counts(transport);

            // Bursts, each read whole by the fast clients, until the stalled clients' sockets are full: from then on
            // each quote replaces the one of its symbol that waits for each of them. Two such bursts in a row, lest
            // the fast clients' own conflating (were the machine to stall them) be taken for it.
            long emitted = 0;
            int fullBursts = 0;
            Counts behind = null;
            while (fullBursts < 2 && emitted < MAX_QUOTES) {
                Counts before = counts(transport);
                burstReadByAll(fast);
                emitted += BURST;
                boolean full = counts(transport).minus(before).conflated() >= STALLED * (BURST - SYMBOLS.length);
                fullBursts = full ? fullBursts + 1 : 0;
                behind = counts(transport);
            }
            assertThat(fullBursts).as("bursts in a row in which the stalled clients were behind, of %d quotes", emitted)
                    .isEqualTo(2);
            // The stall goes on.
            for (int i = 0; i < STALL_BURSTS; i++) {
                burstReadByAll(fast);
                emitted += BURST;
            }
            assertThat(counts(transport).minus(behind).conflated())
                    .as("quotes conflated as the stall went on: all but the newest of each symbol, for each stalled client")
                    .isGreaterThanOrEqualTo((long) STALLED * (STALL_BURSTS * BURST - SYMBOLS.length));
            for (StreamClient c : stalled) {
                assertThat(c.drain()).as("quotes read by a stalled client while stalled").isEmpty();
            }

            // Offered to every client: sent, conflated, or waiting. The fast clients have had all of theirs.
            long offered = emitted * (FAST + STALLED);
            await().atMost(TIMEOUT)
                    .until(() -> counts(transport).minus(start).waiting(offered) <= STALLED * SYMBOLS.length);
            Counts stall = counts(transport).minus(start);
            long waiting = stall.waiting(offered);
            log.info("{}: {} quotes to {} fast and {} stalled clients; {} conflated, {} waiting", transport, emitted,
                    FAST, STALLED, stall.conflated(), waiting);
            assertThat(waiting).as("quotes waiting for %d stalled clients of %d symbols, of %d offered to them",
                    STALLED, SYMBOLS.length, emitted * STALLED).isBetween(1L, (long) STALLED * SYMBOLS.length);

            Counts paused = counts(transport);
            stalled.forEach(StreamClient::resumeReading);
            Map<String, Long> newest = newestSeqs();
            long lastSeq = feed.lastSeq();
            for (StreamClient c : stalled) {
                // What the kernels held first, then what waited in the gateway: in seq order, ending with the newest of each.
                List<Message> read = c.quotesThrough(lastSeq);
                assertThat(read).extracting(Message::seq).isSorted().doesNotHaveDuplicates();
                Map<String, Long> newestRead = new HashMap<>();
                read.forEach(m -> newestRead.put(m.symbol(), m.seq()));
                assertThat(newestRead).as("the newest quote of each symbol").isEqualTo(newest);
            }
            Counts resumed = counts(transport).minus(paused);
            assertThat(resumed.sent()).as("quotes sent once the stalled clients read again").isEqualTo(waiting);
            assertThat(resumed.conflated()).isZero();

            // Live again, every one of them, and every quote offered is accounted for.
            Quote live = feed.emit(SYMBOLS[0]);
            for (StreamClient c : fast) {
                assertThat(c.quotesThrough(live.seq())).extracting(Message::seq).containsExactly(live.seq());
            }
            for (StreamClient c : stalled) {
                assertThat(c.quotesThrough(live.seq())).extracting(Message::seq).containsExactly(live.seq());
            }
            assertThat(counts(transport).minus(start).waiting(offered + FAST + STALLED)).isZero();
        }
        finally {
            fast.forEach(StreamClient::close);
            stalled.forEach(StreamClient::close);
        }
        await().atMost(TIMEOUT).until(() -> hub.subscriptions() == 0);
    }

    /** A client of every symbol that has read its snapshot. */
    private StreamClient subscribedToAll(Transport transport) {
        StreamClient c = StreamClient.open(transport, port, symbols("*"), feed::lastSeq);
        c.awaitAck();
        assertThat(c.quotesThrough(feed.lastSeq())).hasSize(SYMBOLS.length);
        return c;
    }

    /** Emits {@link #BURST} quotes, every symbol in turn, and waits for each of {@code fast} to have read them. */
    private void burstReadByAll(List<StreamClient> fast) {
        long last = 0;
        for (int i = 0; i < BURST; i++) {
            last = feed.emit(SYMBOLS[i % SYMBOLS.length]).seq();
        }
        for (StreamClient c : fast) {
            assertThat(c.quotesThrough(last)).as("a fast client's quotes while others stall")
                    .extracting(Message::seq).isSorted().doesNotHaveDuplicates();
        }
    }

    private Map<String, Long> newestSeqs() {
        Map<String, Long> out = new HashMap<>();
        for (String s : SYMBOLS) {
            out.put(s, hub.latest(s).seq());
        }
        return out;
    }

    private Counts counts(Transport transport) {
        return new Counts(counter(MetricNames.MESSAGES_SENT, transport), counter(MetricNames.MESSAGES_CONFLATED, transport));
    }

    private long counter(String name, Transport transport) {
        return (long) registry.get(name).tag(MetricNames.TRANSPORT, transport.tag()).counter().count();
    }

    /** Messages sent and quotes conflated under one transport, since the start or between two readings. */
    private record Counts(long sent, long conflated) {

        Counts minus(Counts earlier) {
            return new Counts(sent - earlier.sent, conflated - earlier.conflated);
        }

        /** Of {@code offered} quotes, those neither sent nor conflated: still waiting. */
        long waiting(long offered) {
            return offered - sent - conflated;
        }
    }
}
