package io.tickwire.gateway.hub;

import static io.tickwire.gateway.support.StreamClient.TIMEOUT;
import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.StreamClient.Refusal;
import io.tickwire.gateway.support.StreamRequest;
import io.tickwire.gateway.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resuming from a cursor (PROTOCOL.md §2 {@code since}, §3 {@code Last-Event-ID} and
 * {@code lastEventId}): a client that comes back gets the latest quote of each symbol that changed
 * while it was away, and nothing it already had, then live quotes. Each scenario runs over every
 * way a client can pass its cursor. A cursor on a symbol already subscribed is the hub's matter
 * ({@code hub.QuoteHubTest}); a long-poll's {@code since} is {@code http.LongPollTest}'s.
 */
class ResumeTest extends ManualFeedGatewayTest {

    /** Four symbols: under the context's limit of five per connection. */
    private static final String[] MINE = {"AAPL", "MSFT", "TSLA", "NVDA"};

    /** The ways to hand the server a cursor. */
    enum Resume {
        WS_SINCE(Transport.WS),
        SSE_LAST_EVENT_ID_HEADER(Transport.SSE),
        SSE_LAST_EVENT_ID_PARAM(Transport.SSE);

        final Transport transport;

        Resume(Transport transport) {
            this.transport = transport;
        }

        StreamRequest from(StreamRequest request, Object cursor) {
            return this == SSE_LAST_EVENT_ID_HEADER ? request.lastEventIdHeader(cursor) : request.since(cursor);
        }
    }

    private static String quoted(Message m) {
        return m.symbol() + "@" + m.seq();
    }

    private static String quoted(Quote q) {
        return q.symbol() + "@" + q.seq();
    }

    @Nested
    class AValidCursor {

        @ParameterizedTest
        @EnumSource(Resume.class)
        void aReturningClientGetsExactlyTheSymbolsThatChangedEachAtItsLatestSeqThenLiveQuotes(Resume resume) {
            for (String s : MINE) {
                feed.emit(s);
            }
            String cursor;
            try (StreamClient first = open(resume.transport, symbols(MINE))) {
                first.awaitAck();
                // The whole snapshot first: a live TSLA could otherwise replace a snapshot still waiting.
                List<Message> seen = new ArrayList<>(List.of(first.nextQuote(), first.nextQuote(), first.nextQuote(),
                        first.nextQuote()));
                Quote live = feed.emit("TSLA");
                seen.addAll(first.quotesThrough(live.seq()));
                assertThat(seen).extracting(Message::symbol).containsExactly("AAPL", "MSFT", "TSLA", "NVDA", "TSLA");
                cursor = seen.get(seen.size() - 1).cursor();
            }
            assertThat(cursor).isEqualTo(String.valueOf(feed.lastSeq()));
            await().atMost(TIMEOUT).until(() -> hub.connections(resume.transport) == 0);

            // While it is away: AAPL changes three times, MSFT once, TSLA and NVDA not at all; others tick too.
            // TSLA's latest quote is the cursor itself: the client has it, so it is not sent again.
            feed.emit("AAPL");
            feed.emit("SPY");
            feed.emit("AAPL");
            Quote msft = feed.emit("MSFT");
            feed.emit("QQQ");
            Quote aapl = feed.emit("AAPL");
            feed.emit("IBM");

            try (StreamClient back = open(resume.transport, resume.from(symbols(MINE), cursor))) {
                back.awaitAck();
                List<Message> resumed = List.of(back.nextQuote(), back.nextQuote());
                assertThat(resumed).extracting(ResumeTest::quoted).containsExactly(quoted(msft), quoted(aapl));
                assertThat(resumed).allSatisfy(m -> assertThat(m.seq()).isGreaterThan(Long.parseLong(cursor)));

                // Nothing else was queued before this live quote of an unchanged symbol, and live quotes go on.
                Quote tsla = feed.emit("TSLA");
                assertThat(back.quotesThrough(tsla.seq())).extracting(ResumeTest::quoted).containsExactly(quoted(tsla));
                Quote next = feed.emit("MSFT");
                assertThat(back.quotesThrough(next.seq())).extracting(ResumeTest::quoted).containsExactly(quoted(next));
            }
        }

        @ParameterizedTest
        @EnumSource(Resume.class)
        void aClientThatIsUpToDateGetsNothingButLiveQuotes(Resume resume) {
            for (String s : MINE) {
                feed.emit(s);
            }
            feed.emit("SPY");
            try (StreamClient s = open(resume.transport, resume.from(symbols(MINE), hub.latestSeq()))) {
                s.awaitAck();
                Quote live = feed.emit("TSLA");
                assertThat(s.quotesThrough(live.seq())).extracting(ResumeTest::quoted).containsExactly(quoted(live));
            }
        }

        @ParameterizedTest
        @EnumSource(Resume.class)
        void aCursorFromANodeAheadIsAFloorNothingUpToItIsSentAgain(Resume resume) {
            Stream.of(MINE).forEach(feed::emit);
            // The client saw three more quotes on a node that is ahead of this one.
            long cursor = hub.latestSeq() + 3;
            try (StreamClient s = open(resume.transport, resume.from(symbols(MINE), cursor))) {
                s.awaitAck();
                // This node catches up: those three quotes are not sent again, the one after them is.
                feed.emit("AAPL");
                feed.emit("MSFT");
                Quote atCursor = feed.emit("AAPL");
                assertThat(atCursor.seq()).isEqualTo(cursor);
                Quote after = feed.emit("MSFT");
                assertThat(s.quotesThrough(after.seq())).extracting(ResumeTest::quoted).containsExactly(quoted(after));
            }
        }

        @Test
        void theLastEventIdHeaderWinsOverTheLastEventIdParameter() {
            for (String s : MINE) {
                feed.emit(s);
            }
            long cursor = hub.latestSeq();
            Quote msft = feed.emit("MSFT");
            // The parameter alone (0) would replay all four symbols; the header, newer, leaves only MSFT.
            try (StreamClient s = open(Transport.SSE, symbols(MINE).since(0).lastEventIdHeader(cursor))) {
                s.awaitAck();
                assertThat(quoted(s.nextQuote())).isEqualTo(quoted(msft));
                Quote live = feed.emit("AAPL");
                assertThat(s.quotesThrough(live.seq())).extracting(ResumeTest::quoted).containsExactly(quoted(live));
            }
        }
    }

    @Nested
    class ABadCursor {

        static Stream<Arguments> badCursors() {
            return Stream.of(
                    Arguments.of(Transport.WS, symbols("AAPL").since(-1), "since"),
                    Arguments.of(Transport.WS, symbols("AAPL").since("x"), "since"),
                    Arguments.of(Transport.WS, symbols("AAPL").since(1.5), "since"),
                    Arguments.of(Transport.SSE, symbols("AAPL").since("x"), "lastEventId"),
                    Arguments.of(Transport.SSE, symbols("AAPL").since(-1), "lastEventId"),
                    Arguments.of(Transport.SSE, symbols("AAPL").lastEventIdHeader("abc"), "Last-Event-ID"));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("badCursors")
        void thatIsNotASeqIsABadRequestAndSubscribesNothing(Transport transport, StreamRequest request, String field) {
            try (StreamClient s = open(transport, request)) {
                Refusal refusal = s.awaitRefusal();
                assertThat(refusal.code()).isEqualTo("BAD_REQUEST");
                assertThat(refusal.message()).contains(field);
                assertThat(hub.subscriptions()).isZero();
                if (s instanceof WsClient ws) {
                    assertThat(ws.roundTrip("still-serving")).isEmpty();
                }
            }
        }
    }
}
