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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code disconnect} slow-consumer policy (PROTOCOL.md §2 close code 4008, §5
 * {@code tickwire_slow_consumer_disconnects_total}): a client whose waiting quotes pass the queue
 * size is cut off, counted under its transport, and nobody else notices.
 */
@TestPropertySource(properties = {
    "tickwire.client.slow-consumer=disconnect", "tickwire.client.queue-size=" + SlowConsumerDisconnectTest.QUEUE_SIZE})
class SlowConsumerDisconnectTest extends GatewayTest {

    /** Fewer than the feed's ten symbols, so a whole snapshot can be larger than the queue. */
    static final int QUEUE_SIZE = 8;
    /**
     * Quotes emitted before waiting for the fast client to have them all: fewer than the queue
     * size, so the fast client never has that many waiting, however the threads are scheduled.
     */
    private static final int BURST = QUEUE_SIZE - 2;
    /** The paused client's socket buffers take a few megabytes; this is far more than they can. */
    private static final int MAX_QUOTES = 1_000_000;
    private static final String[] SYMBOLS = {"AAPL", "MSFT"};

    private StreamClient open(Transport transport) {
        return StreamClient.open(transport, port, symbols(SYMBOLS), feed::lastSeq);
    }

    private double sent(Transport transport) {
        return registry.get(MetricNames.MESSAGES_SENT).tag(MetricNames.TRANSPORT, transport.tag()).counter().count();
    }

    private double disconnects(Transport transport) {
        return registry.get(MetricNames.SLOW_CONSUMER_DISCONNECTS).tag(MetricNames.TRANSPORT, transport.tag())
                .counter().count();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void aClientThatStopsReadingIsCutOffWhileAnotherOnTheSameSymbolsGetsEveryQuoteInOrder(Transport transport) {
        Transport other = transport == Transport.WS ? Transport.SSE : Transport.WS;
        double before = disconnects(transport);
        double otherBefore = disconnects(other);
        feed.emit("AAPL");
        Quote snapshot = feed.emit("MSFT");

        try (StreamClient fast = open(transport); StreamClient slow = open(transport)) {
            fast.awaitAck();
            slow.awaitAck();
            fast.quotesThrough(snapshot.seq());
            slow.quotesThrough(snapshot.seq());
            slow.pauseReading();

            // Until the paused client's socket buffers are full and its queue overflows. The first burst is
            // handed to both sockets before the next comes, so the paused client has a prefix to show.
            List<Long> emitted = new ArrayList<>();
            List<Long> fastGot = new ArrayList<>();
            double sentBefore = sent(transport);
            fastGot.addAll(seqs(fast.quotesThrough(emitBurst(emitted))));
            await().atMost(TIMEOUT).until(() -> sent(transport) >= sentBefore + 2 * BURST);
            while (disconnects(transport) == before && emitted.size() < MAX_QUOTES) {
                fastGot.addAll(seqs(fast.quotesThrough(emitBurst(emitted))));
            }
            assertThat(disconnects(transport)).as("cut off after %d quotes", emitted.size()).isEqualTo(before + 1);
            assertThat(disconnects(other)).isEqualTo(otherBefore);
            await().atMost(TIMEOUT).until(() -> hub.connections(transport) == 1 && hub.subscriptions() == 2);

            // The other client goes on as if nothing happened, and has missed nothing.
            fastGot.addAll(seqs(fast.quotesThrough(emitBurst(emitted))));
            assertThat(fast.isEnded()).isFalse();
            assertThat(fastGot).as("every quote, in order").hasSameSizeAs(emitted);
            assertThat(firstDifference(fastGot, emitted)).as("index of the first quote out of place").isEqualTo(-1);

            slow.resumeReading();
            assertThat(slow.awaitEnd(TIMEOUT)).as("the slow client's stream ended").isTrue();
            if (transport == Transport.WS) {
                assertThat(slow.closeStatus()).isEqualTo(4008);
            }
            // Nothing is conflated under this policy: what the slow client got is the stream up to where it fell off.
            List<Long> slowGot = seqs(slow.drain().stream().filter(Message::isQuote).toList());
            assertThat(slowGot).isNotEmpty().hasSizeLessThan(emitted.size());
            assertThat(firstDifference(slowGot, emitted.subList(0, slowGot.size()))).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void aClientWhoseSnapshotAloneIsLargerThanTheQueueIsNotCutOffForIt(Transport transport) {
        double before = disconnects(transport);
        for (String s : ManualFeedConfiguration.SYMBOLS) {
            feed.emit(s);
        }
        // Ten snapshot quotes wait at once, through no fault of a client that has not had a chance to read.
        try (StreamClient s = StreamClient.open(transport, port, symbols("*"), feed::lastSeq)) {
            s.awaitAck();
            List<Message> snapshot = new ArrayList<>();
            for (int i = 0; i < ManualFeedConfiguration.SYMBOLS.length; i++) {
                snapshot.add(s.nextQuote());
            }
            assertThat(snapshot).extracting(Message::symbol).containsExactlyInAnyOrder(ManualFeedConfiguration.SYMBOLS);
            assertThat(disconnects(transport)).isEqualTo(before);
        }
    }

    /** Emits a burst alternating the symbols; returns the last seq. */
    private long emitBurst(List<Long> emitted) {
        long last = 0;
        for (int i = 0; i < BURST; i++) {
            last = feed.emit(SYMBOLS[i % SYMBOLS.length]).seq();
            emitted.add(last);
        }
        return last;
    }

    private static List<Long> seqs(List<Message> quotes) {
        return quotes.stream().map(Message::seq).toList();
    }

    /** The first index where the lists differ (or the shorter ends), -1 if they are equal. */
    private static int firstDifference(List<Long> a, List<Long> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : n;
    }
}
