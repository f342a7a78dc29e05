package io.tickwire.feed.simulator;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Symbols;
import io.tickwire.feed.Timestamps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolUniverseTest {

    @Test
    void builtInHoldsOverAHundredRealTickersWithNames() {
        SymbolUniverse u = SymbolUniverse.builtIn();
        assertThat(u.size()).isGreaterThanOrEqualTo(100);
        assertThat(u.symbols()).extracting(Instrument::symbol)
                .contains("AAPL", "MSFT", "NVDA", "SPY", "BRK.B")
                .doesNotHaveDuplicates();
        assertThat(u.symbols()).allSatisfy(s -> assertThat(s.name()).isNotBlank());
        assertThat(u.symbols().get(0).symbol()).isEqualTo("SPY");
    }

    @Test
    void blankSettingMeansTheBuiltInUniverse() {
        assertThat(SymbolUniverse.parse(" ").symbols()).isEqualTo(SymbolUniverse.builtIn().symbols());
        assertThat(SymbolUniverse.parse(null).size()).isEqualTo(SymbolUniverse.builtIn().size());
    }

    @Test
    void aListKeepsItsOrderUpperCasesAndDropsDuplicates() {
        SymbolUniverse u = SymbolUniverse.parse("msft, AAPL,MSFT ,ZZTOP");
        assertThat(u.symbols()).extracting(Instrument::symbol).containsExactly("MSFT", "AAPL", "ZZTOP");
        assertThat(u.symbols().get(1).name()).isEqualTo("Apple Inc.");
        // A ticker outside the built-in list gets a profile derived from the ticker alone.
        assertThat(SymbolUniverse.parse("ZZTOP").profiles()).isEqualTo(List.of(u.profiles().get(2)));
    }

    @Test
    void aCountTakesTheMostActiveBuiltInsThenMadeUpTickers() {
        SymbolUniverse u = SymbolUniverse.parse("10000");
        assertThat(u.size()).isEqualTo(10_000);
        assertThat(new HashSet<>(u.symbols())).hasSize(10_000);
        assertThat(u.symbols()).allSatisfy(s -> assertThat(Symbols.isValid(s.symbol())).isTrue());
        assertThat(u.symbols().subList(0, SymbolUniverse.builtIn().size()))
                .isEqualTo(SymbolUniverse.builtIn().symbols());
        assertThat(SymbolUniverse.parse("3").symbols()).extracting(Instrument::symbol)
                .containsExactly("SPY", "NVDA", "TSLA");
    }

    @Test
    void rejectsWhatCannotBeAFeed() {
        assertThatThrownBy(() -> SymbolUniverse.parse("10001")).hasMessageContaining("10000");
        assertThatThrownBy(() -> SymbolUniverse.parse("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SymbolUniverse.parse("99999999999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SymbolUniverse.parse("AAPL,not a ticker")).hasMessageContaining("not a ticker");
        assertThatThrownBy(() -> SymbolUniverse.parse("ABCDEFGHIJKLM")).isInstanceOf(IllegalArgumentException.class);
    }
}
