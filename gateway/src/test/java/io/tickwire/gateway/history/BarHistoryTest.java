package io.tickwire.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.feed.Quote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bars as {@link BarHistory} builds them from quotes, read back as {@code GET /api/bars} serves them. */
class BarHistoryTest {

    /** 2025-12-01T09:00:00Z, in µs: a minute boundary. */
    static final long T0 = 1_764_579_600_000_000L;
    static final long SECOND = 1_000_000L;
    static final long MINUTE = 60 * SECOND;

    BarHistory history = new BarHistory(new HistorySettings(10, 3), T0);
    long seq;

    void quote(String symbol, long ts, double last, long volume) {
        history.accepted(new Quote(symbol, ++seq, ts, last, last + 0.01, last, 1, 1, 1, volume, last));
    }

    void quote(long ts, double last, long volume) {
        quote("AAPL", ts, last, volume);
    }

    /** Each bar as "t o h l c v", prices in ticks, t in ms. */
    List<String> bars(BarInterval interval) {
        return bars("AAPL", interval, history.settings().bars(interval));
    }

    List<String> bars(String symbol, BarInterval interval, int limit) {
        Bars b = history.bars(symbol, interval, limit);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(b.start(i) + " " + ticks(b.open(i)) + " " + ticks(b.high(i)) + " " + ticks(b.low(i)) + " "
                    + ticks(b.close(i)) + " " + Math.round(b.volume(i)));
        }
        return out;
    }

    static long ticks(double price) {
        return Math.round(price * 100);
    }

    static long ms(long micros) {
        return micros / 1000;
    }

    @Nested
    class ABar {

        @Test
        void opensAtTheFirstPriceAndTracksHighLowCloseAndTheVolumeTradedInIt() {
            quote(T0 + 100, 189.31, 1_000);
            quote(T0 + 200_000, 189.40, 1_500);
            quote(T0 + 500_000, 189.30, 1_600);
            quote(T0 + 999_999, 189.35, 2_200);
            // The first quote has no earlier volume to grow from: 500 + 100 + 600.
            assertThat(bars(BarInterval.SECOND)).containsExactly(ms(T0) + " 18931 18940 18930 18935 1200");
            assertThat(bars(BarInterval.MINUTE)).containsExactly(ms(T0) + " 18931 18940 18930 18935 1200");
        }

        @Test
        void endsWhereTheQuotesTsCrossesTheIntervalBoundary() {
            history = new BarHistory(new HistorySettings(100, 3), T0);
            quote(T0 + SECOND - 1, 10.00, 100);
            quote(T0 + SECOND, 10.01, 110);
            quote(T0 + MINUTE - 1, 10.02, 130);
            quote(T0 + MINUTE, 10.03, 160);
            assertThat(bars(BarInterval.SECOND)).containsExactly(
                    ms(T0) + " 1000 1000 1000 1000 0",
                    ms(T0 + SECOND) + " 1001 1001 1001 1001 10",
                    ms(T0 + MINUTE - SECOND) + " 1002 1002 1002 1002 20",
                    ms(T0 + MINUTE) + " 1003 1003 1003 1003 30");
            assertThat(bars(BarInterval.MINUTE)).containsExactly(
                    ms(T0) + " 1000 1002 1000 1002 30",
                    ms(T0 + MINUTE) + " 1003 1003 1003 1003 30");
        }

        @Test
        void countsTheWholeVolumeWhenItWentDownANewDay() {
            quote(T0, 50.00, 9_000_000);
            quote(T0 + 10, 50.10, 9_000_400);
            quote(T0 + 20, 50.20, 300);
            quote(T0 + 30, 50.30, 350);
            assertThat(bars(BarInterval.SECOND)).containsExactly(ms(T0) + " 5000 5030 5000 5030 750");
        }

        @Test
        void takesInAQuoteStampedBeforeItAndNeverReopensAnOlderBar() {
            quote(T0 + 5 * SECOND, 20.00, 10);
            quote(T0 + 6 * SECOND, 20.05, 20);
            quote(T0 + 5 * SECOND + 1, 19.90, 25);
            assertThat(bars(BarInterval.SECOND)).containsExactly(
                    ms(T0 + 5 * SECOND) + " 2000 2000 2000 2000 0",
                    ms(T0 + 6 * SECOND) + " 2005 2005 1990 1990 15");
        }

        @Test
        void isOnlyMadeForIntervalsThatHadAQuote() {
            quote(T0, 1.00, 1);
            quote(T0 + 4 * SECOND, 1.01, 2);
            assertThat(bars(BarInterval.SECOND)).extracting(b -> b.split(" ")[0])
                    .containsExactly(String.valueOf(ms(T0)), String.valueOf(ms(T0 + 4 * SECOND)));
        }
    }

    @Nested
    class TheWindow {

        @Test
        void keepsTheNewestBarsOnlyAsTheRingWrapsAround() {
            for (int i = 0; i < 25; i++) {
                quote(T0 + i * SECOND, 100 + i, i);
            }
            List<String> kept = bars(BarInterval.SECOND);
            assertThat(kept).hasSize(10);
            assertThat(kept.get(0)).startsWith(ms(T0 + 15 * SECOND) + " 11500 ");
            assertThat(kept.get(9)).startsWith(ms(T0 + 24 * SECOND) + " 12400 ");
            assertThat(history.bars("AAPL", BarInterval.SECOND, 10).from()).isEqualTo(ms(T0 + 15 * SECOND));
        }

        @Test
        void dropsBarsOfAnEarlierLapThatASkipLeavesInTheirSlots() {
            for (int i = 0; i < 10; i++) {
                quote(T0 + i * SECOND, 1 + i, i);
            }
            // 13 s later: the slots of seconds 10..22 are those of 0..9 (mod 10); none may come back.
            quote(T0 + 23 * SECOND, 50.00, 100);
            assertThat(bars(BarInterval.SECOND)).containsExactly(ms(T0 + 23 * SECOND) + " 5000 5000 5000 5000 91");
            quote(T0 + 100 * SECOND, 60.00, 101);
            assertThat(bars(BarInterval.SECOND)).containsExactly(ms(T0 + 100 * SECOND) + " 6000 6000 6000 6000 1");
        }

        @Test
        void servesTheNewestLimitBars() {
            for (int i = 0; i < 6; i++) {
                quote(T0 + i * MINUTE, 10 + i, i);
            }
            assertThat(bars("AAPL", BarInterval.MINUTE, 2)).extracting(b -> b.split(" ")[0])
                    .containsExactly(String.valueOf(ms(T0 + 4 * MINUTE)), String.valueOf(ms(T0 + 5 * MINUTE)));
            assertThatThrownBy(() -> history.bars("AAPL", BarInterval.MINUTE, 4))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void isAllocatedOnASymbolsFirstQuoteOnly() {
            assertThat(history.symbolCount()).isZero();
            assertThat(bars("MSFT", BarInterval.SECOND, 10)).isEmpty();
            assertThat(history.symbolCount()).isZero();
            quote("MSFT", T0, 1.00, 1);
            quote("MSFT", T0 + 1, 1.00, 2);
            assertThat(history.symbolCount()).isEqualTo(1);
        }

        @Test
        void defaultsStayWithinTheBudgetAtTenThousandSymbols() {
            HistorySettings d = HistorySettings.defaults();
            assertThat(d.bytesPerSymbol() * 10_000).isLessThanOrEqualTo(125_000_000L);
            assertThat(d.minuteBars()).isGreaterThanOrEqualTo(30);
            assertThat(d.secondBars()).isGreaterThanOrEqualTo(240);
        }
    }

    @Nested
    class From {

        @Test
        void isTheFirstBoundaryAtOrAfterTheNodeStartedFollowing() {
            BarHistory late = new BarHistory(new HistorySettings(10, 3), T0 + 2 * SECOND + 1);
            late.accepted(new Quote("AAPL", 1, T0 + SECOND, 1, 1.01, 1, 1, 1, 1, 1, 1));
            late.accepted(new Quote("AAPL", 2, T0 + 3 * SECOND, 1, 1.01, 1, 1, 1, 1, 2, 1));
            Bars seconds = late.bars("AAPL", BarInterval.SECOND, 10);
            assertThat(seconds.from()).isEqualTo(ms(T0 + 3 * SECOND));
            assertThat(seconds.size()).as("the bar before from is not served").isEqualTo(1);
            assertThat(seconds.start(0)).isEqualTo(ms(T0 + 3 * SECOND));
            assertThat(late.bars("AAPL", BarInterval.MINUTE, 3).from()).isEqualTo(ms(T0 + MINUTE));
            assertThat(late.bars("AAPL", BarInterval.MINUTE, 3).size()).isZero();
        }

        @Test
        void movesPastTheNewestQuoteOfASnapshotTheFeedRejoinedFrom() {
            quote(T0, 1.00, 1);
            assertThat(history.bars("AAPL", BarInterval.SECOND, 10).from()).isEqualTo(ms(T0));
            history.rejoined(T0 + 7 * SECOND);
            quote(T0 + 7 * SECOND, 1.01, 2);
            quote(T0 + 8 * SECOND, 1.02, 3);
            Bars b = history.bars("AAPL", BarInterval.SECOND, 10);
            assertThat(b.from()).isEqualTo(ms(T0 + 8 * SECOND));
            assertThat(b.size()).isEqualTo(1);
            assertThat(history.bars("MSFT", BarInterval.SECOND, 10).from()).isEqualTo(ms(T0 + 8 * SECOND));
        }
    }
}
