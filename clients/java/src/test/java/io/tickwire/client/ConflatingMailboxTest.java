package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ConflatingMailboxTest {

    private static final Duration TIMEOUT = Patience.PATIENCE;
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "TSLA");

    static Quote quote(String symbol, long seq) {
        return new Quote(symbol, seq, 1, 10.00, 10.01, 10.00, 1, 1, 1, seq, 10.00);
    }

    @Test
    void aReaderThatRequestsNothingHoldsAtMostOneQuotePerSymbolTheNewest() {
        ConflatingMailbox mailbox = new ConflatingMailbox();
        StepVerifier.create(mailbox.flux(() -> { }, () -> { }), 0)
                .then(() -> {
                    for (int seq = 1; seq <= 30_000; seq++) {
                        mailbox.offer(quote(SYMBOLS.get(seq % 3), seq));
                    }
                    // Nothing left it without a request: the next one asked for is the oldest of the newest three.
                    assertThat(mailbox.size()).isEqualTo(3);
                })
                .thenRequest(1)
                .assertNext(q -> assertThat(q).extracting(Quote::symbol, Quote::seq).containsExactly("MSFT", 29_998L))
                .thenRequest(5)
                .assertNext(q -> assertThat(q).extracting(Quote::symbol, Quote::seq).containsExactly("TSLA", 29_999L))
                .assertNext(q -> assertThat(q).extracting(Quote::symbol, Quote::seq).containsExactly("AAPL", 30_000L))
                .then(() -> assertThat(mailbox.size()).isZero())
                .then(() -> mailbox.offer(quote("AAPL", 30_001)))
                .assertNext(q -> assertThat(q.seq()).isEqualTo(30_001L))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void aSlowSubscriberGetsTheNewestQuoteOfEachSymbolAndTheMailboxNeverHoldsMore() {
        ConflatingMailbox mailbox = new ConflatingMailbox();
        AtomicInteger largest = new AtomicInteger();
        // One quote at a time: between two requests the market moves many quotes per symbol.
        StepVerifier.create(mailbox.flux(() -> { }, () -> { }).limitRate(1)
                        .doOnNext(q -> largest.accumulateAndGet(mailbox.size(), Math::max)), 1)
                .then(() -> publish(mailbox, 1, 3_000))
                .assertNext(q -> assertThat(q.seq()).isLessThanOrEqualTo(3_000L))
                .then(() -> publish(mailbox, 3_001, 6_000))
                .thenRequest(3)
                .expectNextCount(3)
                .then(() -> assertThat(mailbox.size()).isLessThanOrEqualTo(SYMBOLS.size()))
                .thenRequest(10)
                // Whatever is still on its way (limitRate may hold one) is among the newest of each symbol;
                // then comes a quote offered now, and no older one.
                .then(() -> mailbox.offer(quote("AAPL", 6_001)))
                .thenConsumeWhile(q -> q.seq() != 6_001L, q -> assertThat(q.seq()).isGreaterThanOrEqualTo(5_998L))
                .assertNext(q -> assertThat(q.seq()).isEqualTo(6_001L))
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(largest.get()).isLessThanOrEqualTo(SYMBOLS.size());
    }

    private static void publish(ConflatingMailbox mailbox, int from, int to) {
        for (int seq = from; seq <= to; seq++) {
            mailbox.offer(quote(SYMBOLS.get(seq % 3), seq));
            assertThat(mailbox.size()).isLessThanOrEqualTo(SYMBOLS.size());
        }
    }

    @Test
    void failingEndsTheFluxAtOnceEvenWithoutDemandAndRunsTheEndHook() {
        ConflatingMailbox mailbox = new ConflatingMailbox();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        StepVerifier.create(mailbox.flux(started::incrementAndGet, ended::incrementAndGet), 0)
                .then(() -> mailbox.offer(quote("AAPL", 1)))
                .then(() -> mailbox.fail(new IllegalStateException("refused")))
                .expectErrorMessage("refused")
                .verify(TIMEOUT);
        assertThat(started.get()).isEqualTo(1);
        assertThat(ended.get()).isEqualTo(1);
    }

    @Test
    void cancellingRunsTheEndHook() {
        ConflatingMailbox mailbox = new ConflatingMailbox();
        AtomicInteger ended = new AtomicInteger();
        StepVerifier.create(mailbox.flux(() -> { }, ended::incrementAndGet), 0).thenCancel().verify(TIMEOUT);
        assertThat(ended.get()).isEqualTo(1);
    }
}
