package io.tickwire.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Messages;
import io.tickwire.gateway.wire.EncodedQuote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quote ring under {@link SlowConsumerPolicy#DISCONNECT}, on its own. */
class QuoteRingBoundedTest {

    private final SymbolSlot a = new SymbolSlot(null);
    private final SymbolSlot b = new SymbolSlot(null);

    private static EncodedQuote quote(String symbol, long seq) {
        return new EncodedQuote(ManualQuoteFeed.quote(symbol, seq), new byte[0]);
    }

    /** Polls until empty: "A@3" per quote, checking each quote came with its own slot. */
    private List<String> drain(QuoteRing queue) {
        List<String> out = new ArrayList<>();
        EncodedQuote q;
        while ((q = queue.poll()) != null) {
            assertThat(queue.polledSlot()).isSameAs(q.quote().symbol().equals("A") ? a : b);
            out.add(Messages.describe(q));
        }
        assertThat(queue.polledSlot()).isNull();
        return out;
    }

    @Test
    void quotesLeaveInTheOrderTheyWereOffered() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.DISCONNECT, 8, 0, Long.MAX_VALUE);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.offer(a, quote("A", 1), false)).isEqualTo(0);
        assertThat(queue.offer(b, quote("B", 2), false)).isEqualTo(0);
        assertThat(queue.offer(a, quote("A", 3), false)).isEqualTo(0);
        assertThat(queue.isEmpty()).isFalse();

        assertThat(drain(queue)).containsExactly("A@1", "B@2", "A@3");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aFullQueueRefusesTheNextQuoteAsAnOverflow() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.DISCONNECT, 3, 0, Long.MAX_VALUE);
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(queue.offer(a, quote("A", seq), false)).isEqualTo(0);
        }
        assertThat(queue.offer(a, quote("A", 4), false)).isEqualTo(QuoteRing.OVERFLOW);
        assertThat(queue.place(b, quote("B", 0))).isEqualTo(QuoteRing.OVERFLOW);
        // Nothing refused got in, nothing held was lost.
        assertThat(drain(queue)).containsExactly("A@1", "A@2", "A@3");
        assertThat(queue.offer(a, quote("A", 5), false)).isEqualTo(0);
    }

    @Test
    void placeInsertsAQuoteWhereItsSeqBelongs() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.DISCONNECT, 8, 0, Long.MAX_VALUE);
        queue.offer(a, quote("A", 3), false);
        queue.offer(a, quote("A", 5), false);
        queue.offer(a, quote("A", 9), false);
        assertThat(queue.place(b, quote("B", 6))).isEqualTo(0);
        assertThat(queue.place(b, quote("B", 1))).isEqualTo(0);
        assertThat(queue.place(b, quote("B", 10))).isEqualTo(0);

        assertThat(drain(queue)).containsExactly("B@1", "A@3", "A@5", "B@6", "A@9", "B@10");
    }

    @Test
    void placeKeepsSeqOrderAcrossTheEndOfTheRing() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.DISCONNECT, 4, 0, Long.MAX_VALUE);
        queue.offer(a, quote("A", 1), false);
        queue.offer(a, quote("A", 2), false);
        queue.offer(a, quote("A", 3), false);
        queue.poll();
        queue.poll();
        queue.offer(a, quote("A", 6), false);                          // last cell of the ring
        queue.offer(a, quote("A", 7), false);                          // wraps to the first
        assertThat(queue.place(b, quote("B", 4))).isEqualTo(0);
        assertThat(queue.offer(a, quote("A", 8), false)).isEqualTo(QuoteRing.OVERFLOW);

        assertThat(drain(queue)).containsExactly("A@3", "B@4", "A@6", "A@7");
    }

    @Test
    void quotesOfAClosedSlotAreSkippedWhenPolled() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.DISCONNECT, 8, 0, Long.MAX_VALUE);
        queue.offer(b, quote("B", 1), false);
        queue.offer(a, quote("A", 2), false);
        queue.offer(b, quote("B", 3), false);
        queue.offer(b, quote("B", 4), false);
        queue.offer(a, quote("A", 5), false);
        queue.offer(b, quote("B", 6), false);
        b.closed = true;
        queue.remove(b);

        assertThat(drain(queue)).containsExactly("A@2", "A@5");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void clearEmptiesTheQueueAndFreesItsRoom() {
        QuoteRing queue = new QuoteRing(SlowConsumerPolicy.DISCONNECT, 2, 0, Long.MAX_VALUE);
        queue.offer(a, quote("A", 1), false);
        queue.poll();
        queue.offer(a, quote("A", 2), false);
        queue.offer(a, quote("A", 3), false);
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(queue.offer(a, quote("A", 4), false)).isEqualTo(0);
        assertThat(queue.offer(a, quote("A", 5), false)).isEqualTo(0);
        assertThat(drain(queue)).containsExactly("A@4", "A@5");
    }
}
