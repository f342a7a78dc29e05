package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.ShortTimersGatewayTest;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.StreamClient.Refusal;
import io.tickwire.gateway.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code maxRate} as a client asks for it (PROTOCOL.md §2 {@code subscribe} field, §3 query
 * parameter): applied to its symbol, capped by the server and echoed on WebSocket, refused when it
 * is not a positive number. How the throttle paces a symbol (at most that many a second, each the
 * newest) is {@code delivery.ThrottleTest}'s, in virtual time.
 */
class MaxRateTest extends ShortTimersGatewayTest {

    /** Quotes emitted at once: far more than the half-second slots a rate of 2 gives them. */
    private static final int BURST = 100;

    @Nested
    class AClientAskingMaxRate {

        @ParameterizedTest
        @EnumSource(value = Transport.class, names = {"WS", "SSE"})
        void getsABurstHeldBackToItsNewestQuote(Transport transport) {
            Quote snapshot = feed.emit("NVDA");
            try (StreamClient s = open(transport, symbols("NVDA").maxRate(2))) {
                Message ack = s.awaitAck();
                if (transport == Transport.WS) {
                    assertThat(ack.body().get("maxRate").toString()).isEqualTo("2");
                }
                assertThat(s.nextQuote().seq()).isEqualTo(snapshot.seq());

                Quote newest = null;
                long burst = System.nanoTime();
                for (int i = 0; i < BURST; i++) {
                    newest = feed.emit("NVDA");
                }
                // The snapshot has just gone: the burst waits for the next slot, which takes the newest of it.
                List<Message> got = s.quotesThrough(newest.seq());

                assertThat(got).extracting(Message::symbol).containsOnly("NVDA");
                assertThat(got).extracting(Message::seq).isSorted().doesNotHaveDuplicates();
                assertThat(got).last().satisfies(m -> assertThat(m.seq()).as("the feed's newest when it landed")
                        .isEqualTo(m.feedSeqAtArrival()));
                // One quote a slot (half a second at a rate of 2), however long the burst took on this machine:
                // counted against the slots that began between the burst and the last arrival, plus one.
                long slots = 2 + (got.get(got.size() - 1).arrivedNanos() - burst) / Duration.ofMillis(500).toNanos();
                assertThat(got).as("of %d quotes in a burst, in %d slots: %s", BURST, slots, got)
                        .hasSizeLessThanOrEqualTo((int) slots);
            }
        }
    }

    @Nested
    class TheAck {

        @ParameterizedTest(name = "asked {0}, applied {1}")
        @CsvSource({"2, 2", "0.5, 0.5", "100, 100", "1000, 100", "1e9, 100"})
        void echoesTheAppliedMaxRateWhichTheServerCapsAtItsLimit(String asked, String applied) {
            try (StreamClient ws = open(Transport.WS, symbols("NVDA").maxRate(asked))) {
                assertThat(ws.awaitAck().body().get("maxRate").toString()).isEqualTo(applied);
            }
        }

        @Test
        void carriesTheServerLimitToAClientAskingNoMaxRate() {
            try (StreamClient ws = open(Transport.WS, symbols("NVDA"))) {
                assertThat(ws.awaitAck().body().get("maxRate").toString()).isEqualTo(String.valueOf(MAX_RATE));
            }
        }
    }

    @Nested
    class AMaxRateThatIsNotAPositiveNumber {

        static Stream<Arguments> badMaxRates() {
            return Stream.of(
                    Arguments.of(Transport.WS, "0"),
                    Arguments.of(Transport.WS, "-1"),
                    Arguments.of(Transport.WS, "x"),
                    Arguments.of(Transport.SSE, "0"),
                    Arguments.of(Transport.SSE, "-1"),
                    Arguments.of(Transport.SSE, "x"),
                    Arguments.of(Transport.SSE, "NaN"),
                    Arguments.of(Transport.SSE, "Infinity"));
        }

        @ParameterizedTest(name = "{0} maxRate={1}")
        @MethodSource("badMaxRates")
        void isABadRequestAndSubscribesNothing(Transport transport, String maxRate) {
            try (StreamClient s = open(transport, symbols("NVDA").maxRate(maxRate))) {
                Refusal refusal = s.awaitRefusal();
                assertThat(refusal.code()).isEqualTo("BAD_REQUEST");
                assertThat(refusal.message()).contains("maxRate");
                assertThat(hub.subscriptions()).isZero();
                if (s instanceof WsClient ws) {
                    assertThat(ws.roundTrip("still-serving")).filteredOn(m -> !m.isHeartbeat()).isEmpty();
                }
            }
        }
    }
}
