package io.tickwire.gateway.http;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.PollClient.Answer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code GET /api/quotes/poll} (PROTOCOL.md §4) on the real server, asked by a real Reactor Netty
 * client. The context and its feed are shared with other tests: each test reads the hub's latest
 * {@code seq} first and asserts only on what it emits afterwards.
 */
class LongPollTest extends ManualFeedGatewayTest {

    /** Bound on every wait, for a hang only. */
    private static final Duration WAIT = PATIENCE;

    private PollClient polls() {
        return new PollClient(port);
    }

    private Answer poll(String query) {
        return polls().poll(query).block(WAIT);
    }

    private void awaitPolls(int held) {
        await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held);
    }

    /**
     * {@code query}'s answer, got while a witness poll started before it still waits out its 20 s
     * timeout: the answer came before that timer, so from a quote, the snapshot or a shorter
     * timeout, not from the 25 s default or the 30 s the tests ask for (timers fire in order).
     */
    private Answer pollWithWitness(String query) {
        int held = hub.connections(Transport.POLL);
        // IBM is never emitted in this class: only the witness's timeout answers it.
        PollClient.Waiting witness = polls().start("?symbols=IBM&since=" + hub.latestSeq() + "&timeout=20");
        try {
            awaitPolls(held + 1);
            Answer a = poll(query);
            assertThat(witness.answer()).as("the witness's 20 s timeout came first").isNotDone();
            return a;
        }
        finally {
            witness.abort();
            awaitPolls(held);
        }
    }

    /** A poll with a cursor waits, without a thread, for a quote newer than it, or its timeout. */
    @Nested
    class AWaitingPoll {

        @Test
        void aPollWaitsForAQuoteOfARequestedSymbolAndAnswersWithItPromptly() throws Exception {
            long since = hub.latestSeq();
            int held = hub.connections(Transport.POLL);
            int subscriptions = hub.subscriptions();
            // Its timeout is the longest allowed, past the test's own bound: only a quote can answer it.
            CompletableFuture<Answer> answer = polls().start("?symbols=AAPL,MSFT&since=" + since + "&timeout=60").answer();
            awaitPolls(held + 1);

            // Not asked for: it must not wake the poll, which then answers MSFT alone, and no earlier.
            Quote tsla = feed.emit("TSLA");
            Quote msft = feed.emit("MSFT");
            Answer a = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.contentType()).isEqualTo("application/json");
            assertThat(a.seq()).isEqualTo(msft.seq());
            assertThat(a.quotes()).singleElement().satisfies(q -> {
                assertThat(q.symbol()).isEqualTo("MSFT");
                assertThat(q.seq()).isEqualTo(msft.seq());
                assertThat(q.body().path("bid").asDouble()).isEqualTo(msft.bid());
            });
            assertThat(tsla.seq()).isLessThan(msft.seq());
            awaitPolls(held);
            await().atMost(WAIT).until(() -> hub.subscriptions() == subscriptions);
        }

        @Test
        void aPollThatTimesOutAnswersNoQuotesWithItsSinceAsTheCursor() {
            long since = hub.latestSeq();
            int held = hub.connections(Transport.POLL);

            Answer a = pollWithWitness("?symbols=IBM&since=" + since + "&timeout=0.3");

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.contentType()).isEqualTo("application/json");
            assertThat(a.quotes()).isEmpty();
            assertThat(a.seq()).isEqualTo(since);
            // The client's time spans the server's wait, so it cannot be shorter; the witness shows it was not the default.
            assertThat(a.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            awaitPolls(held);
        }

        @Test
        void aZeroTimeoutAnswersAtOnceWhenNothingIsNew() {
            long since = hub.latestSeq();

            Answer a = pollWithWitness("?symbols=IBM&since=" + since + "&timeout=0");

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.quotes()).isEmpty();
            assertThat(a.seq()).isEqualTo(since);
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
                await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held + n);

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
            PollClient.Waiting poll = new PollClient(HttpClient.create(ConnectionProvider.newConnection()), port)
                    .start("?symbols=AAPL,MSFT&since=" + since + "&timeout=60");
            try {
                awaitPolls(held + 1);
                await().atMost(WAIT).until(() -> hub.subscriptions() == subscriptions + 2);

                poll.abort();

                // Within the test's bound, shorter than the poll's 60 s: released by the disconnect, not by its timeout.
                awaitPolls(held);
                assertThat(hub.subscriptions()).isEqualTo(subscriptions);
            }
            finally {
                poll.channel().thenAccept(Channel::close);
            }
            assertThat(poll.answer()).failsWithin(WAIT);
            // Quotes of the symbols it waited for find nobody to answer.
            feed.emit("AAPL");
            assertThat(hub.connections(Transport.POLL)).isEqualTo(held);
        }
    }

    /** What an answer holds, and the cursor it gives for the next poll. */
    @Nested
    class AnAnswer {

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

            Answer a = pollWithWitness("?symbols=AAPL,MSFT,NVDA&since=" + since + "&timeout=30");

            assertThat(a.status()).isEqualTo(200);
            // NVDA has a quote, but not one newer than since; TSLA was not asked for.
            assertThat(a.seqBySymbol()).containsOnly(Map.entry("AAPL", aapl.seq()), Map.entry("MSFT", msft.seq()));
            assertThat(nvdaBefore.seq()).isLessThanOrEqualTo(since);
            assertThat(a.seq()).isEqualTo(aapl.seq());
            assertThat(a.quotes()).allSatisfy(q -> assertThat(q.seq()).isGreaterThan(since));
        }

        @Test
        void withoutSinceThePollAnswersTheSnapshotAtOnce() {
            feed.emit("AAPL");
            Quote msft = feed.emit("MSFT");
            Quote aapl = feed.emit("AAPL");
            feed.emit("TSLA");

            Answer a = pollWithWitness("?symbols=msft,AAPL&timeout=30");

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.seqBySymbol()).containsOnly(Map.entry("AAPL", aapl.seq()), Map.entry("MSFT", msft.seq()));
            assertThat(a.seq()).isEqualTo(aapl.seq());
        }

        @Test
        void aSinceAboveTheHubsLatestSeqWaitsForAQuoteAboveIt() {
            feed.emit("NVDA");
            feed.emit("SPY");
            // From a node that is ahead by two quotes: this node catches up, then moves past the cursor.
            long cursor = hub.latestSeq() + 2;
            int held = hub.connections(Transport.POLL);
            PollClient.Waiting waiting = polls().start("?symbols=NVDA,SPY&since=" + cursor + "&timeout=60");
            awaitPolls(held + 1);
            feed.emit("NVDA");
            feed.emit("SPY");
            Quote after = feed.emit("NVDA");

            Answer a = waiting.answer().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.seqBySymbol()).containsOnly(Map.entry("NVDA", after.seq()));
            assertThat(a.seq()).isEqualTo(after.seq());
        }
    }

    /** A poll the gateway cannot take is a 400 with the contract's body, at once. */
    @Nested
    class ARefusal {

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
    }
}
