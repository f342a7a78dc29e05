package io.tickwire.gateway.http;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Instrument;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.PollClient.Answer;
import io.tickwire.gateway.wire.EncodedQuote;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The long-poll under its settings: a short default and maximum timeout, so both can be seen
 * passing, and the default symbol limit, so a poll without {@code symbols} may cover them all.
 * This class never emits IBM, so that symbol has no quote here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tickwire.poll.default-timeout=300ms", "tickwire.poll.max-timeout=3s"})
@Import(ManualFeedConfiguration.class)
class LongPollSettingsTest {

    private static final Duration WAIT = PATIENCE;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(3);

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    QuoteHub hub;

    private Answer poll(String query) {
        return new PollClient(port).poll(query).block(WAIT);
    }

    @Nested
    class TheTimeout {

        @Test
        void withoutTimeoutAPollWaitsTheConfiguredDefault() throws Exception {
            long since = hub.latestSeq();
            int held = hub.connections(Transport.POLL);
            CompletableFuture<Answer> answer = new PollClient(port).start("?symbols=AAPL&since=" + since).answer();
            await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held + 1);
            // Started later, asking 2 s (between the default and the maximum): answered first, the poll
            // without a timeout waited less than 2 s, so not the maximum.
            CompletableFuture<Answer> witness = new PollClient(port).start("?symbols=AAPL&since=" + since + "&timeout=2")
                    .answer();

            Answer a = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Answer w = witness.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(a.receivedAt()).as("the default's answer came before the 2 s poll's").isLessThan(w.receivedAt());
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.quotes()).isEmpty();
            assertThat(a.seq()).isEqualTo(since);
            assertThat(a.took()).isGreaterThanOrEqualTo(DEFAULT_TIMEOUT);
        }

        @Test
        void aTimeoutAboveTheMaximumIsCutToIt() {
            long since = hub.latestSeq();

            // Answered within the test's bound at all, it was cut: an hour's wait would fail the poll.
            Answer a = poll("?symbols=AAPL&since=" + since + "&timeout=3600");

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.quotes()).isEmpty();
            assertThat(a.seq()).isEqualTo(since);
            assertThat(a.took()).isGreaterThanOrEqualTo(MAX_TIMEOUT);
        }
    }

    /** A poll without symbols covers every symbol; a symbol that never quoted has nothing to answer. */
    @Nested
    class TheSymbols {

        @Test
        void withoutSymbolsAPollIsWokenByAQuoteOfAnySymbol() throws Exception {
            long since = hub.latestSeq();
            int held = hub.connections(Transport.POLL);
            CompletableFuture<Answer> answer = new PollClient(port).start("?since=" + since + "&timeout=30").answer();
            await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held + 1);

            // The last symbol of the universe: only "every symbol" covers it.
            Quote f = feed.emit("F");
            Answer a = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.seq()).isEqualTo(f.seq());
            assertThat(a.seqBySymbol()).containsExactly(Map.entry("F", f.seq()));
            await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held);
        }

        @Test
        void withoutSymbolsOrSinceAPollAnswersTheLatestQuoteOfEverySymbolThatHasOne() throws Exception {
            feed.emit("AAPL");
            feed.emit("BRK.B");
            feed.emit("AAPL");
            Map<String, Long> expected = new HashMap<>();
            for (Instrument s : hub.instruments()) {
                EncodedQuote q = hub.latest(s.symbol());
                if (q != null) {
                    expected.put(s.symbol(), q.seq());
                }
            }

            // Answered before a poll started first and cut to the same maximum: the snapshot came at once.
            int held = hub.connections(Transport.POLL);
            CompletableFuture<Answer> witness = new PollClient(port)
                    .start("?symbols=IBM&since=" + hub.latestSeq() + "&timeout=30").answer();
            await().atMost(WAIT).until(() -> hub.connections(Transport.POLL) == held + 1);

            Answer a = poll("?timeout=30");

            assertThat(a.receivedAt()).as("the snapshot came before the earlier poll's timeout")
                    .isLessThan(witness.get(WAIT.toSeconds(), TimeUnit.SECONDS).receivedAt());
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.seqBySymbol()).isEqualTo(expected).doesNotContainKey("IBM");
            assertThat(a.seq()).isEqualTo(hub.latestSeq());
        }

        @Test
        void withoutSinceASymbolThatNeverQuotedGetsNoQuotesAndCursorZero() {
            Answer a = poll("?symbols=IBM&timeout=0.3");

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.quotes()).isEmpty();
            assertThat(a.seq()).isZero();
        }
    }
}
