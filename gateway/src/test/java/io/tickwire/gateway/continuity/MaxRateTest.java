package io.tickwire.gateway.continuity;

import static io.tickwire.gateway.continuity.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.continuity.QuoteStream.Message;
import io.tickwire.gateway.continuity.QuoteStream.Refusal;
import io.tickwire.gateway.hub.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code maxRate} (PROTOCOL.md §2, §3): at most that many quotes per second per symbol, each the
 * newest; the server caps what a client asks for and says what it applied; a bad value is refused.
 */
class MaxRateTest extends ShortTimersGatewayTest {

    private static final Duration TICK = Duration.ofMillis(5);
    /**
     * How far behind the feed a delivered quote may be when it lands, in 5 ms ticks: the way from
     * the server's release to the client's socket on a busy machine. A throttle that sent the
     * oldest quote of each half second instead of the newest would be about 100 ticks behind.
     */
    private static final long STALE_MARGIN = 20;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void aSymbolTickingAt200PerSecondReachesAClientAskingMaxRate2AboutTwiceASecondEachTimeAsItsNewestQuote(
            Transport transport) {
        feed.emit("NVDA");
        try (QuoteStream s = open(transport, symbols("NVDA").maxRate(2))) {
            Message ack = s.awaitAck();
            if (transport == Transport.WS) {
                assertThat(ack.body().get("maxRate").toString()).isEqualTo("2");
            }
            List<Message> got = new ArrayList<>(List.of(s.nextQuote()));

            long ticks;
            long end;
            try (Ticker ticker = Ticker.start(TICK, Duration.ofSeconds(3), () -> feed.emit("NVDA"))) {
                ticks = ticker.awaitDone();
                end = ticker.endNanos();
            }
            got.addAll(s.drain().stream().filter(Message::isQuote).filter(m -> m.arrivedNanos() <= end).toList());

            assertThat(ticks).as("the feed ticked at about 200/s").isGreaterThan(300);
            assertThat(got).as("about 2/s over 3 s, snapshot included: %s", got).hasSizeBetween(4, 9);
            assertThat(got).extracting(Message::symbol).containsOnly("NVDA");
            assertThat(got).extracting(Message::seq).isSorted().doesNotHaveDuplicates();
            for (Message m : got.subList(1, got.size())) {
                assertThat(m.seq()).as("%s was the newest NVDA when it landed (feed at %d)", m, m.feedSeqAtArrival())
                        .isGreaterThanOrEqualTo(m.feedSeqAtArrival() - STALE_MARGIN);
            }
        }
    }

    @ParameterizedTest(name = "asked {0}, applied {1}")
    @CsvSource({"2, 2", "0.5, 0.5", "100, 100", "1000, 100", "1e9, 100"})
    void theAckEchoesTheAppliedMaxRateWhichTheServerCapsAtItsLimit(String asked, String applied) {
        try (QuoteStream ws = open(Transport.WS, symbols("NVDA").maxRate(asked))) {
            assertThat(ws.awaitAck().body().get("maxRate").toString()).isEqualTo(applied);
        }
    }

    @Test
    void aClientAskingNoMaxRateGetsTheServerLimitAndTheAckSaysSo() {
        try (QuoteStream ws = open(Transport.WS, symbols("NVDA"))) {
            assertThat(ws.awaitAck().body().get("maxRate").toString()).isEqualTo(String.valueOf(MAX_RATE));
        }
    }

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
    void aMaxRateThatIsNotAPositiveNumberIsABadRequestAndSubscribesNothing(Transport transport, String maxRate) {
        try (QuoteStream s = open(transport, symbols("NVDA").maxRate(maxRate))) {
            Refusal refusal = s.awaitRefusal();
            assertThat(refusal.code()).isEqualTo("BAD_REQUEST");
            assertThat(refusal.message()).contains("maxRate");
            assertThat(hub.subscriptions()).isZero();
            if (s instanceof WsQuoteStream ws) {
                assertThat(ws.roundTrip("still-serving")).filteredOn(m -> !m.isHeartbeat()).isEmpty();
            }
        }
    }
}
