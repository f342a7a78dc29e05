package io.tickwire.gateway.http;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.PollClient.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A client long-polling in a loop (PROTOCOL.md §4), each poll from the previous answer's cursor,
 * while quotes flow: it misses no symbol's final quote and is never answered a quote it already
 * had. One poll at a time is {@link LongPollTest}'s.
 */
class LongPollChainTest extends ManualFeedGatewayTest {

    /** Bound on every wait, for a hang only. */
    private static final Duration WAIT = PATIENCE;

    /** What a client polling in a loop on each answer's cursor saw, while a producer emitted quotes. */
    private record Chain(Map<String, Quote> emitted, Map<String, Message> seen, int polls, int answersWithQuotes,
                         List<String> notAfterCursor) {
    }

    /**
     * Polls {@code symbols} in a loop, each poll from the previous answer's cursor, while one producer
     * thread emits {@code total} quotes of them about one a millisecond, skewed so that some symbols
     * change often and others rarely. Ends once the producer is done and the cursor has reached its last.
     */
    private Chain pollInAChainWhileQuotesFlow(String[] symbols, int total) throws Exception {
        Map<String, Quote> emitted = new ConcurrentHashMap<>();
        Random random = new Random(42);
        long start = hub.latestSeq();
        CompletableFuture<Void> produced = new CompletableFuture<>();
        // One emitting thread: the feed's sink takes one emitter at a time.
        Disposable producer = Flux.interval(Duration.ofMillis(1))
                .take(total)
                .doOnNext(i -> {
                    Quote q = feed.emit(symbols[random.nextInt(random.nextBoolean() ? 2 : symbols.length)]);
                    emitted.put(q.symbol(), q);
                })
                .subscribe(null, produced::completeExceptionally, () -> produced.complete(null));
        try {
            PollClient client = new PollClient(port);
            String query = "?symbols=" + String.join(",", symbols) + "&timeout=10&since=";
            Map<String, Message> seen = new HashMap<>();
            List<String> notAfterCursor = new ArrayList<>();
            long cursor = start;
            int polls = 0;
            int answersWithQuotes = 0;
            // A hang guard only: a chain that never reaches the producer's last quote would loop forever.
            long hang = System.nanoTime() + PATIENCE.multipliedBy(4).toNanos();
            while (!(produced.isDone() && cursor >= feed.lastSeq())) {
                if (System.nanoTime() - hang > 0) {
                    throw new AssertionError("a hang: the chain is at " + cursor + ", the feed at " + feed.lastSeq());
                }
                Answer a = client.poll(query + cursor).block(WAIT);
                polls++;
                assertThat(a.status()).isEqualTo(200);
                long max = 0;
                for (Message q : a.quotes()) {
                    long seq = q.seq();
                    if (seq <= cursor) {
                        notAfterCursor.add("since=" + cursor + " answered " + a.body());
                    }
                    Message before = seen.get(q.symbol());
                    // Never an older quote of a symbol than one already seen, whatever else goes wrong.
                    assertThat(seq).as("%s after %s", q, before).isGreaterThanOrEqualTo(before == null ? 0 : before.seq());
                    seen.put(q.symbol(), q);
                    max = Math.max(max, seq);
                }
                assertThat(a.seq()).as("cursor of %s after since=%d", a.body(), cursor)
                        .isEqualTo(a.quotes().isEmpty() ? cursor : max);
                if (!a.quotes().isEmpty()) {
                    answersWithQuotes++;
                }
                cursor = a.seq();
            }
            produced.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new Chain(Map.copyOf(emitted), seen, polls, answersWithQuotes, notAfterCursor);
        }
        finally {
            producer.dispose();
        }
    }

    @Test
    void chainingPollsOnEachAnswersCursorMissesNoSymbolsFinalQuote() throws Exception {
        Chain chain = pollInAChainWhileQuotesFlow(new String[] {"AAPL", "MSFT", "TSLA", "NVDA", "SPY"}, 3_000);

        assertThat(chain.answersWithQuotes()).as("answers carrying quotes, of %d polls", chain.polls()).isGreaterThan(1);
        assertThat(chain.seen().keySet()).isEqualTo(chain.emitted().keySet());
        chain.emitted().forEach((symbol, q) -> {
            assertThat(chain.seen().get(symbol).seq()).as(symbol).isEqualTo(q.seq());
            assertThat(chain.seen().get(symbol).body().path("bid").asDouble()).as(symbol).isEqualTo(q.bid());
        });
    }

    @Test
    void chainingPollsOnEachAnswersCursorNeverGetsAQuoteAtOrBelowTheCursor() throws Exception {
        // A race: long enough a chain that it shows in most runs.
        Chain chain = pollInAChainWhileQuotesFlow(new String[] {"AAPL", "MSFT", "TSLA", "NVDA", "SPY"}, 8_000);

        assertThat(chain.notAfterCursor()).as("answers with quotes at or below their since, of %d polls", chain.polls())
                .isEmpty();
    }
}
