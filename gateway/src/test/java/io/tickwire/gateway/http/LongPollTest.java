package io.tickwire.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.http.PollClient.Answer;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code GET /api/quotes/poll} (PROTOCOL.md §4) on the real server, asked by a real Reactor Netty
 * client. The context and its feed are shared with other tests: each test reads the hub's latest
 * {@code seq} first and asserts only on what it emits afterwards.
 */
class LongPollTest extends ManualFeedGatewayTest {

    /** Bound on every wait; far below no poll timeout used here, so a poll that misses its wake-up fails. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** "Promptly": well under the 30 s the polls ask to wait, generous for a shared 2-core machine. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    private PollClient polls() {
        return new PollClient(port);
    }

    private Answer poll(String query) {
        return polls().poll(query).block(WAIT);
    }

    private void awaitPolls(int held) {
        await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held);
    }

    @Test
    void aPollWaitsForAQuoteOfARequestedSymbolAndAnswersWithItPromptly() throws Exception {
        long since = hub.latestSeq();
        int held = hub.connections(Transport.POLL);
        int subscriptions = hub.subscriptions();
        CompletableFuture<Answer> answer = polls().poll("?symbols=AAPL,MSFT&since=" + since + "&timeout=30").toFuture();
        awaitPolls(held + 1);

        feed.emit("TSLA");
        // Not asked for: it must not wake the poll.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !answer.isDone());

        long emitted = System.nanoTime();
        Quote msft = feed.emit("MSFT");
        Answer a = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(a.receivedAt() - emitted)).isLessThan(PROMPT);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.seq()).isEqualTo(msft.seq());
        assertThat(a.quotes()).singleElement().satisfies(q -> {
            assertThat(q.path("symbol").asText()).isEqualTo("MSFT");
            assertThat(q.path("seq").asLong()).isEqualTo(msft.seq());
            assertThat(q.path("bid").asDouble()).isEqualTo(msft.bid());
        });
        awaitPolls(held);
        await().atMost(WAIT).until(() -> hub.subscriptions() == subscriptions);
    }

    @Test
    void aPollThatTimesOutAnswersNoQuotesWithItsSinceAsTheCursor() {
        long since = hub.latestSeq();
        int held = hub.connections(Transport.POLL);

        Answer a = poll("?symbols=IBM&since=" + since + "&timeout=0.3");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.quotes()).isEmpty();
        assertThat(a.seq()).isEqualTo(since);
        // The client's time spans the server's wait, so it cannot be shorter; nor near the 25 s default.
        assertThat(a.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(PROMPT);
        awaitPolls(held);
    }

    @Test
    void aZeroTimeoutAnswersAtOnceWhenNothingIsNew() {
        long since = hub.latestSeq();

        Answer a = poll("?symbols=IBM&since=" + since + "&timeout=0");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.quotes()).isEmpty();
        assertThat(a.seq()).isEqualTo(since);
        assertThat(a.took()).isLessThan(PROMPT);
    }

    @Test
    void aPollAfterSeveralQuotesAnswersOnlyTheLatestOfEachChangedSymbol() {
        Quote nvdaBefore = feed.emit("NVDA");
        long since = hub.latestSeq();
        feed.emit("AAPL");
        feed.emit("MSFT");
        feed.emit("AAPL");
        feed.emit("TSLA");
        Quote msft = feed.emit("MSFT");
        Quote aapl = feed.emit("AAPL");

        Answer a = poll("?symbols=AAPL,MSFT,NVDA&since=" + since + "&timeout=30");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.took()).isLessThan(PROMPT);
        // NVDA has a quote, but not one newer than since; TSLA was not asked for.
        assertThat(a.seqBySymbol()).containsOnly(Map.entry("AAPL", aapl.seq()), Map.entry("MSFT", msft.seq()));
        assertThat(nvdaBefore.seq()).isLessThanOrEqualTo(since);
        assertThat(a.seq()).isEqualTo(aapl.seq());
        assertThat(a.quotes()).allSatisfy(q -> assertThat(q.path("seq").asLong()).isGreaterThan(since));
    }

    @Test
    void withoutSinceThePollAnswersTheSnapshotAtOnce() {
        feed.emit("AAPL");
        Quote msft = feed.emit("MSFT");
        Quote aapl = feed.emit("AAPL");
        feed.emit("TSLA");

        Answer a = poll("?symbols=msft,AAPL&timeout=30");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.took()).isLessThan(PROMPT);
        assertThat(a.seqBySymbol()).containsOnly(Map.entry("AAPL", aapl.seq()), Map.entry("MSFT", msft.seq()));
        assertThat(a.seq()).isEqualTo(aapl.seq());
    }

    @Test
    void aSinceAboveTheHubsLatestSeqGetsTheSnapshot() {
        Quote nvda = feed.emit("NVDA");
        Quote spy = feed.emit("SPY");
        long fromAnotherLife = hub.latestSeq() + 1_000;

        Answer a = poll("?symbols=NVDA,SPY&since=" + fromAnotherLife + "&timeout=30");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.took()).isLessThan(PROMPT);
        assertThat(a.seqBySymbol()).containsOnly(Map.entry("NVDA", nvda.seq()), Map.entry("SPY", spy.seq()));
    }

    @Test
    void theCursorAnsweredWithASnapshotForAStaleSinceIsTheSnapshotsHighestSeq() {
        feed.emit("NVDA");
        Quote spy = feed.emit("SPY");
        long fromAnotherLife = hub.latestSeq() + 1_000;

        Answer snapshot = poll("?symbols=NVDA,SPY&since=" + fromAnotherLife + "&timeout=30");
        assertThat(snapshot.seq()).isEqualTo(spy.seq());

        // Polling on from that cursor must wait for news, not get the same snapshot again.
        Answer next = poll("?symbols=NVDA,SPY&since=" + snapshot.seq() + "&timeout=0.3");
        assertThat(next.quotes()).isEmpty();
        assertThat(next.seq()).isEqualTo(spy.seq());
    }

    /** What a client polling in a loop on each answer's cursor saw, while a producer emitted quotes. */
    private record Chain(Map<String, Quote> emitted, Map<String, JsonNode> seen, int polls, int answersWithQuotes,
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
            PollClient client = polls();
            String query = "?symbols=" + String.join(",", symbols) + "&timeout=10&since=";
            Map<String, JsonNode> seen = new HashMap<>();
            List<String> notAfterCursor = new ArrayList<>();
            long cursor = start;
            int polls = 0;
            int answersWithQuotes = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!(produced.isDone() && cursor >= feed.lastSeq())) {
                assertThat(System.nanoTime()).as("polls kept up with the producer").isLessThan(deadline);
                Answer a = client.poll(query + cursor).block(WAIT);
                polls++;
                assertThat(a.status()).isEqualTo(200);
                long max = 0;
                for (JsonNode q : a.quotes()) {
                    long seq = q.path("seq").asLong();
                    if (seq <= cursor) {
                        notAfterCursor.add("since=" + cursor + " answered " + a.body());
                    }
                    JsonNode before = seen.get(q.path("symbol").asText());
                    // Never an older quote of a symbol than one already seen, whatever else goes wrong.
                    assertThat(seq).as("%s after %s", q, before).isGreaterThanOrEqualTo(
                            before == null ? 0 : before.path("seq").asLong());
                    seen.put(q.path("symbol").asText(), q);
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
            assertThat(chain.seen().get(symbol).path("seq").asLong()).as(symbol).isEqualTo(q.seq());
            assertThat(chain.seen().get(symbol).path("bid").asDouble()).as(symbol).isEqualTo(q.bid());
        });
    }

    @Test
    void chainingPollsOnEachAnswersCursorNeverGetsAQuoteAtOrBelowTheCursor() throws Exception {
        // A race: long enough a chain that it shows in most runs.
        Chain chain = pollInAChainWhileQuotesFlow(new String[] {"AAPL", "MSFT", "TSLA", "NVDA", "SPY"}, 8_000);

        assertThat(chain.notAfterCursor()).as("answers with quotes at or below their since, of %d polls", chain.polls())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "since=-1, since",
        "since=abc, since",
        "since=1.5, since",
        "timeout=-1, timeout",
        "timeout=x, timeout",
        "timeout=NaN, timeout",
    })
    void aMalformedSinceOrTimeoutIsA400BadRequestNamingTheParameter(String query, String parameter) {
        int held = hub.connections(Transport.POLL);

        Answer a = poll("?symbols=AAPL&" + query);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.body().path("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(a.body().path("message").asText()).contains("'" + parameter + "'");
        assertThat(hub.connections(Transport.POLL)).isEqualTo(held);
    }

    @Test
    void anUnknownSymbolIsA400NamingIt() {
        Answer a = poll("?symbols=AAPL,XYZ&since=0&timeout=30");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.took()).isLessThan(PROMPT);
        assertThat(a.body().path("code").asText()).isEqualTo("UNKNOWN_SYMBOL");
        assertThat(a.body().path("message").asText()).isEqualTo("unknown symbol: XYZ");
        assertThat(a.body().path("symbols")).extracting(JsonNode::asText).containsExactly("XYZ");
    }

    @Test
    void moreSymbolsThanAConnectionMayHoldIsA400LimitExceeded() {
        Answer a = poll("?symbols=AAPL,MSFT,TSLA,NVDA,SPY,QQQ&timeout=30");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asText()).isEqualTo("LIMIT_EXCEEDED");
    }

    @Test
    void withoutSymbolsAPollCountsEverySymbolAgainstTheConnectionLimit() {
        // Ten symbols in this feed, five allowed per connection: "all" is too many here.
        Answer a = poll("?since=0&timeout=30");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asText()).isEqualTo("LIMIT_EXCEEDED");
    }

    @Test
    void aThousandPollsAreHeldAtOnceWithoutAThreadEachAndOneQuoteAnswersThemAll() throws Exception {
        int n = 1_000;
        ConnectionProvider provider = ConnectionProvider.builder("polls")
                .maxConnections(1_100)
                .pendingAcquireMaxCount(-1)
                .build();
        try {
            PollClient client = new PollClient(HttpClient.create(provider), port);
            feed.emit("AAPL");
            // Starts whatever threads a first poll needs (client event loops, timers) before counting.
            assertThat(client.poll("?symbols=AAPL").block(WAIT).status()).isEqualTo(200);
            int held = hub.connections(Transport.POLL);
            long since = hub.latestSeq();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int threadsBefore = threads.getThreadCount();
            threads.resetPeakThreadCount();

            CompletableFuture<List<Answer>> answers = Flux.range(0, n)
                    .flatMap(i -> client.poll("?symbols=AAPL&since=" + since + "&timeout=30"), n)
                    .collectList()
                    .toFuture();
            await().atMost(Duration.ofSeconds(25)).until(() -> hub.connections(Transport.POLL) == held + n);

            assertThat(answers).isNotDone();
            assertThat(threads.getPeakThreadCount() - threadsBefore)
                    .as("threads started while %d polls were held (%d before)", n, threadsBefore)
                    .isLessThan(50);

            Quote aapl = feed.emit("AAPL");
            List<Answer> all = answers.get(60, TimeUnit.SECONDS);

            assertThat(all).hasSize(n).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.seq()).isEqualTo(aapl.seq());
                assertThat(a.seqBySymbol()).containsExactly(Map.entry("AAPL", aapl.seq()));
            });
            awaitPolls(held);
        }
        finally {
            provider.disposeLater().block(WAIT);
        }
    }

    @Test
    void aPollWhoseClientDisconnectsReleasesItsSession() throws Exception {
        long since = hub.latestSeq();
        int held = hub.connections(Transport.POLL);
        int subscriptions = hub.subscriptions();
        CompletableFuture<Channel> channel = new CompletableFuture<>();
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection())
                .doOnRequest((request, connection) -> channel.complete(connection.channel()));
        CompletableFuture<Answer> answer = new PollClient(http, port)
                .poll("?symbols=AAPL,MSFT&since=" + since + "&timeout=30")
                .toFuture();
        try {
            awaitPolls(held + 1);
            await().atMost(WAIT).until(() -> hub.subscriptions() == subscriptions + 2);

            channel.get(WAIT.toSeconds(), TimeUnit.SECONDS).close().syncUninterruptibly();

            // Long before the poll's 30 s: released by the disconnect, not by its timeout.
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.connections(Transport.POLL) == held);
            assertThat(hub.subscriptions()).isEqualTo(subscriptions);
        }
        finally {
            channel.thenAccept(Channel::close);
        }
        assertThat(answer).failsWithin(WAIT);
        // Quotes of the symbols it waited for find nobody to answer.
        feed.emit("AAPL");
        assertThat(hub.connections(Transport.POLL)).isEqualTo(held);
    }
}
