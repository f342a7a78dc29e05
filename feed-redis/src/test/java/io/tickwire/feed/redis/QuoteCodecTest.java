package io.tickwire.feed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain form a publisher hands {@code tickwire_publish}, and what a gateway reads back from an entry. */
class QuoteCodecTest {

    static final Instrument BTC = new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8);

    @Test
    void writesEveryNumberAtItsInstrumentsPlacesInTheFunctionsFieldOrder() {
        Quote q = new Quote("BTC-USD", 0, 1763712000000001L, 97123.45, 97123.46, 97123.5, 0.0153, 1, 0.00000001,
                12_345.6789, 95_000);
        assertThat(QuoteCodec.payload(q, BTC)).isEqualTo("{\"symbol\":\"BTC-USD\",\"ts\":1763712000000001,"
                + "\"bid\":97123.45,\"ask\":97123.46,\"last\":97123.50,\"bidSize\":0.0153,\"askSize\":1,"
                + "\"lastSize\":0.00000001,\"volume\":12345.6789,\"open\":95000.00}");
    }

    @Test
    void findsRoomForTheLongestSymbolAndNumbers() {
        Instrument wide = new Instrument("X".repeat(32), "x", InstrumentType.OTHER, "USD", 1e-8, 8, 8);
        double big = Decimals.value(Decimals.MAX_UNITS / 2, 8);
        Quote q = new Quote("X".repeat(32), 0, Quote.MAX_SEQ, big - 1, big, big, big, big, big, big, big);
        String payload = QuoteCodec.payload(q, wide);
        assertThat(payload.length()).isLessThanOrEqualTo(QuoteCodec.PAYLOAD_FIXED + 32);
        double read = QuoteCodec.readArray("[" + payload + "]", 7, 1).get(0).volume();
        assertThat(Decimals.units(read, 8)).as("the same units, at 16 digits where doubles end")
                .isEqualTo(Decimals.units(big, 8));
    }

    @Test
    void refusesAQuoteNotAtItsInstrumentsPrecision() {
        Quote q = new Quote("BTC-USD", 0, 1, 97123.451, 97123.46, 97123.5, 1, 1, 1, 1, 95_000);
        assertThatThrownBy(() -> QuoteCodec.payload(q, BTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAnEntrysQuotesWithTheirSeqsAndTheCallsTsWhereOneHasNone() {
        List<Quote> read = QuoteCodec.readArray("[{\"symbol\":\"A\",\"bid\":1,\"ask\":2,\"last\":1,\"bidSize\":1,"
                + "\"askSize\":1,\"lastSize\":1,\"volume\":1,\"open\":1},{\"symbol\":\"B\",\"ts\":5,\"bid\":1,\"ask\":2,"
                + "\"last\":1,\"bidSize\":1,\"askSize\":1,\"lastSize\":1,\"volume\":1,\"open\":1}]", 100, 42);
        assertThat(read).extracting(Quote::seq).containsExactly(100L, 101L);
        assertThat(read).extracting(Quote::ts).containsExactly(42L, 5L);
    }
}
