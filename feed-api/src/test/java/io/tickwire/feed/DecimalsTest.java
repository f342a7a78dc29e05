package io.tickwire.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    private static String written(long units, int decimals, boolean trim) {
        byte[] b = new byte[32];
        return new String(b, 0, Decimals.write(b, 0, units, decimals, trim), StandardCharsets.US_ASCII);
    }

    @Test
    void writesUnitsAsPlainDecimalsWithExactlyThePlacesOrTrimmed() {
        assertThat(written(18931, 2, false)).isEqualTo("189.31");
        assertThat(written(18930, 2, false)).isEqualTo("189.30");
        assertThat(written(5, 2, false)).isEqualTo("0.05");
        assertThat(written(108345, 5, false)).isEqualTo("1.08345");
        assertThat(written(1, 10, false)).isEqualTo("0.0000000001");
        assertThat(written(1_530_000, 8, true)).isEqualTo("0.0153");
        assertThat(written(100_000_000, 8, true)).isEqualTo("1");
        assertThat(written(0, 8, true)).isEqualTo("0");
        assertThat(written(42, 0, false)).isEqualTo("42");
        assertThat(Decimals.plain(1, 5, false)).isEqualTo("0.00001");
        assertThat(Decimals.text(0.00001)).isEqualTo("0.00001");
        assertThat(Decimals.text(1.2345e7)).isEqualTo("12345000");
    }

    @Test
    void findsTheUnitsOfEveryDecimalAnyParserOrDivisionGives() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            int d = r.nextInt(Decimals.MAX_PRICE_DECIMALS + 1);
            long units = r.nextLong(1, 1_000_000_000_000L);
            double parsed = Double.parseDouble(Decimals.plain(units, d, false));
            assertThat(Decimals.units(parsed, d)).isEqualTo(units);
            assertThat(Decimals.units(Decimals.value(units, d), d)).isEqualTo(units);
        }
    }

    @Test
    void refusesWhatHasADigitTooManyOrIsOutOfRange() {
        assertThat(Decimals.units(189.315, 2)).isEqualTo(Decimals.NOT_EXACT);
        assertThat(Decimals.units(0.0153, 2)).isEqualTo(Decimals.NOT_EXACT);
        assertThat(Decimals.units(Double.NaN, 2)).isEqualTo(Decimals.NOT_EXACT);
        assertThat(Decimals.units(Double.POSITIVE_INFINITY, 0)).isEqualTo(Decimals.NOT_EXACT);
        assertThat(Decimals.units(1e16, 0)).isEqualTo(Decimals.NOT_EXACT);
    }
}
