package io.tickwire.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FeedContractTest {

    private static Quote quote(String symbol, long seq) {
        return new Quote(symbol, seq, 1_763_712_000_000_000L, 10.00, 10.01, 10.00, 100, 100, 100, 1000, 9.99);
    }

    @Nested
    class AQuote {

        @Test
        void carriesASeqUpToTwoToThe53MinusOne() {
            assertThat(quote("AAPL", Quote.MAX_SEQ).seq()).isEqualTo(9_007_199_254_740_991L);
            assertThatThrownBy(() -> quote("AAPL", Quote.MAX_SEQ + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^53");
        }

        @Test
        void refusesWhatBreaksTheContract() {
            assertThatThrownBy(() -> new Quote("AAPL US", 1, 1, 10, 10.01, 10, 1, 1, 1, 0, 10))
                    .hasMessageContaining("invalid symbol");
            assertThatThrownBy(() -> new Quote("AAPL", 1, 1, 10.01, 10.01, 10, 1, 1, 1, 0, 10))
                    .hasMessageContaining("bid < ask");
            assertThatThrownBy(() -> new Quote("AAPL", 1, 1, 10, 10.01, 10, 0, 1, 1, 0, 10))
                    .hasMessageContaining("sizes");
            assertThatThrownBy(() -> new Quote("AAPL", 1, 0, 10, 10.01, 10, 1, 1, 1, 0, 10))
                    .hasMessageContaining("ts > 0");
        }

        @Test
        void isAnEventOfTheFeedItself() {
            FeedEvent e = quote("AAPL", 1);
            assertThat(e).isInstanceOf(Quote.class);
        }
    }

    @Nested
    class ASnapshot {

        @Test
        void holdsOnlyQuotesAtOrBelowItsPosition() {
            FeedSnapshot s = new FeedSnapshot(List.of(Instrument.equity("AAPL", "Apple Inc.")),
                    List.of(quote("AAPL", 7)), 9);
            assertThat(s.latest()).extracting(Quote::seq).containsExactly(7L);
            assertThatThrownBy(() -> new FeedSnapshot(List.of(), List.of(quote("AAPL", 10)), 9))
                    .hasMessageContaining("newer than the snapshot's position 9");
            assertThatThrownBy(() -> new FeedSnapshot(List.of(), List.of(), -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void isACopyTheFeedCannotChangeAfterwards() {
            List<Quote> latest = new ArrayList<>(List.of(quote("AAPL", 1)));
            FeedSnapshot s = new FeedSnapshot(List.of(), latest, 1);
            latest.clear();
            assertThat(s.latest()).hasSize(1);
        }
    }
}
