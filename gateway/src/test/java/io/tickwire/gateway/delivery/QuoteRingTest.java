package io.tickwire.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.Messages;
import io.tickwire.gateway.wire.EncodedQuote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quote ring under {@link SlowConsumerPolicy#CONFLATE}, on its own: every quote while the client keeps up. */
class QuoteRingTest {

    private static final long AFTER_MICROS = 50_000;
    private static final long T0 = 1_763_712_000_000_000L;

    private final SymbolSlot a = new SymbolSlot(null);
    private final SymbolSlot b = new SymbolSlot(null);
    private final SymbolSlot c = new SymbolSlot(null);

    /** A quote of {@code symbol} made {@code atMicros} after T0. */
    private static EncodedQuote quote(String symbol, long seq, long atMicros) {
        return new EncodedQuote(new Quote(symbol, seq, T0 + atMicros, 100, 100.01, 100, 100, 200, 100, 1000, 100),
                new byte[0]);
    }

    private static EncodedQuote quote(String symbol, long seq) {
        return quote(symbol, seq, seq);
    }

    /** Polls until empty: "A@3" per quote, checking each quote came with its own slot. */
    private List<String> drain(QuoteRing queue) {
        List<String> out = new ArrayList<>();
        EncodedQuote q;
        while ((q = queue.poll()) != null) {
            SymbolSlot expected = switch (q.quote().symbol()) {
                case "A" -> a;
                case "B" -> b;
                default -> c;
            };
            assertThat(queue.polledSlot()).isSameAs(expected);
            out.add(Messages.describe(q));
        }
        assertThat(queue.polledSlot()).isNull();
        return out;
    }

    @Test
    void aClientThatKeepsUpGetsEveryQuoteInSeqOrder() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 10, AFTER_MICROS);
        assertThat(queue.isEmpty()).isTrue();
        for (long seq = 1; seq <= 6; seq += 2) {
            assertThat(queue.offer(a, quote("A", seq), false)).isZero();
            assertThat(queue.offer(b, quote("B", seq + 1), false)).isZero();
        }
        assertThat(drain(queue)).containsExactly("A@1", "B@2", "A@3", "B@4", "A@5", "B@6");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aQuoteForAClientThatIsBehindReplacesTheWaitingQuotesOfItsSymbol() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 10, AFTER_MICROS);
        queue.offer(a, quote("A", 1), false);
        queue.offer(b, quote("B", 2), false);
        queue.offer(a, quote("A", 3), false);
        // Behind now: both waiting A quotes are replaced, B's stays, the new A joins the tail.
        assertThat(queue.offer(a, quote("A", 4), true)).isEqualTo(2);
        assertThat(queue.offer(c, quote("C", 5), true)).isZero();

        assertThat(drain(queue)).containsExactly("B@2", "A@4", "C@5");
        // Keeping up again: every quote is kept again.
        queue.offer(a, quote("A", 6), false);
        queue.offer(a, quote("A", 7), false);
        assertThat(drain(queue)).containsExactly("A@6", "A@7");
    }

    @Test
    void aClientWhoseOldestWaitingQuoteIsTooOldIsBehind() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 10, AFTER_MICROS);
        queue.offer(a, quote("A", 1, 0), false);
        queue.offer(b, quote("B", 2, 10_000), false);
        // 50 ms after the oldest: not more than the limit, kept.
        assertThat(queue.offer(b, quote("B", 3, AFTER_MICROS), false)).isZero();
        // Beyond it: B's two waiting quotes are replaced, though the socket takes more.
        assertThat(queue.offer(b, quote("B", 4, AFTER_MICROS + 1), false)).isEqualTo(2);
        assertThat(drain(queue)).containsExactly("A@1", "B@4");
    }

    @Test
    void aSnapshotAtTheHeadDoesNotMakeTheClientBehindHoweverOldItsPrice() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 10, AFTER_MICROS);
        EncodedQuote snapshot = quote("A", 1, -3_600_000_000L);
        a.snapshotSeq = snapshot.seq();
        queue.place(a, snapshot);
        queue.offer(b, quote("B", 2), false);
        assertThat(queue.offer(b, quote("B", 3), false)).isZero();
        assertThat(drain(queue)).containsExactly("A@1", "B@2", "B@3");
    }

    @Test
    void aFullRingConflatesSoWhatWaitsStaysBoundedBySymbols() {
        int capacity = 8;
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, capacity, 3, Long.MAX_VALUE);
        long seq = 0;
        int conflated = 0;
        // A reader that never reads, but whose socket still says it takes more: 10,000 quotes over three symbols.
        for (int i = 0; i < 10_000; i++) {
            SymbolSlot slot = i % 3 == 0 ? a : i % 3 == 1 ? b : c;
            conflated += queue.offer(slot, quote(slot == a ? "A" : slot == b ? "B" : "C", ++seq), false);
        }
        List<String> out = drain(queue);
        assertThat(out.size()).isLessThanOrEqualTo(capacity + 3);
        assertThat(out.size() + conflated).isEqualTo(10_000);
        // The newest quote of every symbol is among them, and the order is still by seq.
        assertThat(out).contains("B@9998", "C@9999", "A@10000");
        assertThat(out).isSortedAccordingTo((x, y) -> Long.compare(seqOf(x), seqOf(y)));
    }

    @Test
    void aLaggingClientsRingDoesNotGrowForQuotesNobodyWillGet() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 3, AFTER_MICROS);
        for (long seq = 1; seq <= 10_000; seq++) {
            SymbolSlot slot = seq % 3 == 0 ? a : seq % 3 == 1 ? b : c;
            queue.offer(slot, quote(slot == a ? "A" : slot == b ? "B" : "C", seq), true);
        }
        assertThat(queue.allocated()).isEqualTo(4);
        assertThat(drain(queue)).containsExactly("C@9998", "A@9999", "B@10000");
    }

    @Test
    void aRingGrownForABacklogIsGivenBackOnceDrained() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 3, Long.MAX_VALUE);
        for (long seq = 1; seq <= 1000; seq++) {
            queue.offer(a, quote("A", seq), false);
        }
        assertThat(queue.allocated()).isGreaterThanOrEqualTo(1000);
        assertThat(drain(queue)).hasSize(1000);
        assertThat(queue.allocated()).isEqualTo(4);
    }

    @Test
    void quotesOfAnUnsubscribedSlotAreNeverPolledAndDoNotKeepTheQueueBusy() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 10, AFTER_MICROS);
        queue.offer(a, quote("A", 1), false);
        queue.offer(a, quote("A", 2), false);
        a.closed = true;
        queue.remove(a);
        // Only quotes nobody will get wait: the queue counts as empty, so the next quote signals a drain.
        assertThat(queue.isEmpty()).isTrue();

        queue.offer(b, quote("B", 3), false);
        assertThat(queue.isEmpty()).isFalse();
        assertThat(drain(queue)).containsExactly("B@3");
    }

    @Test
    void placeInsertsAQuoteWhereItsSeqBelongs() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.CONFLATE, 1024, 10, AFTER_MICROS);
        queue.offer(a, quote("A", 2), false);
        queue.offer(a, quote("A", 5), false);
        queue.place(b, quote("B", 3));
        queue.place(c, quote("C", 1));
        assertThat(drain(queue)).containsExactly("C@1", "A@2", "B@3", "A@5");
    }

    private static long seqOf(String described) {
        return Long.parseLong(described.substring(described.indexOf('@') + 1));
    }
}
