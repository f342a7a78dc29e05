package io.tickwire.feed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Symbols;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulator's market as {@code tickwire.feed.symbols} makes it. */
class SymbolUniverseTest {

    static final SymbolUniverse BUILT_IN = SymbolUniverse.builtIn();

    static Instrument builtIn(String symbol) {
        return profile(symbol).instrument();
    }

    static SymbolProfile profile(String symbol) {
        return BUILT_IN.profiles().stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    static Map<InstrumentType, Long> countsByType(List<Instrument> instruments) {
        return instruments.stream().collect(Collectors.groupingBy(Instrument::type, Collectors.counting()));
    }

    @Nested
    class TheBuiltInMarket {

        @Test
        void holdsEveryKindOfInstrumentWithRealSymbolsAndNames() {
            assertThat(countsByType(BUILT_IN.instruments()))
                    .containsOnlyKeys(InstrumentType.EQUITY, InstrumentType.ETF, InstrumentType.FX,
                            InstrumentType.CRYPTO, InstrumentType.FUTURE)
                    .allSatisfy((type, n) -> assertThat(n).as("%s", type).isGreaterThanOrEqualTo(10));
            assertThat(BUILT_IN.instruments()).extracting(Instrument::symbol)
                    .contains("AAPL", "MSFT", "NVDA", "SPY", "BRK.B", "EUR/USD", "USD/JPY", "GBP/USD", "USD/CHF",
                            "AUD/USD", "USD/CAD", "NZD/USD", "EUR/GBP", "EUR/JPY", "GBP/JPY", "BTC-USD", "ETH-USD",
                            "SOL-USD", "XRP-USD", "DOGE-USD", "ADA-USD", "ESZ6", "NQZ6", "YMZ6", "RTYZ6", "CLF7",
                            "GCG7", "SIH7", "NGF7", "ZNZ6")
                    .doesNotHaveDuplicates();
            assertThat(BUILT_IN.instruments()).allSatisfy(i -> assertThat(i.name()).isNotBlank());
        }

        @Test
        void mixesEveryKindAmongTheMostActive() {
            assertThat(BUILT_IN.instruments().subList(0, 6)).extracting(Instrument::symbol)
                    .containsExactly("SPY", "BTC-USD", "NVDA", "EUR/USD", "ESZ6", "TSLA");
            assertThat(BUILT_IN.instruments().subList(0, 10)).extracting(Instrument::type)
                    .containsAll(EnumSet.of(InstrumentType.EQUITY, InstrumentType.ETF, InstrumentType.FX,
                            InstrumentType.CRYPTO, InstrumentType.FUTURE));
            assertThat(countsByType(BUILT_IN.instruments().subList(0, 100)))
                    .allSatisfy((type, n) -> assertThat(n).as("%s in the first 100", type).isGreaterThanOrEqualTo(5));
        }

        @Test
        void currencyPairsQuoteInTheQuoteCurrencyToFiveDecimalsOrThreeForTheYen() {
            assertThat(builtIn("EUR/USD")).isEqualTo(new Instrument("EUR/USD", "Euro / US Dollar",
                    InstrumentType.FX, "USD", 0.00001, 5, 0));
            assertThat(builtIn("USD/JPY")).isEqualTo(new Instrument("USD/JPY", "US Dollar / Japanese Yen",
                    InstrumentType.FX, "JPY", 0.001, 3, 0));
            assertThat(builtIn("USD/CHF").currency()).isEqualTo("CHF");
            assertThat(builtIn("EUR/GBP").currency()).isEqualTo("GBP");
            assertThat(BUILT_IN.instruments()).filteredOn(i -> i.type() == InstrumentType.FX).allSatisfy(i -> {
                assertThat(i.currency()).isEqualTo(i.symbol().substring(4));
                assertThat(i.priceDecimals()).isEqualTo(i.currency().equals("JPY") ? 3 : 5);
                assertThat(i.tickUnits()).isOne();
                assertThat(i.sizeDecimals()).isZero();
            });
        }

        @Test
        void coinsHaveFractionalSizesAndTicksThatFitTheirPrice() {
            assertThat(builtIn("BTC-USD")).isEqualTo(new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO,
                    "USD", 0.01, 2, 8));
            assertThat(builtIn("ETH-USD").sizeDecimals()).isEqualTo(8);
            assertThat(builtIn("DOGE-USD")).extracting(Instrument::tickSize, Instrument::priceDecimals)
                    .containsExactly(0.00001, 5);
            assertThat(BUILT_IN.profiles()).filteredOn(p -> p.instrument().type() == InstrumentType.CRYPTO)
                    .allSatisfy(p -> {
                        assertThat(p.instrument().symbol()).endsWith("-USD");
                        assertThat(p.instrument().sizeDecimals()).isLessThanOrEqualTo(8);
                        // A tick is at most 0.1 % of the price, and at least a hundred-millionth of it.
                        double ticks = p.startPrice() / p.instrument().tickSize();
                        assertThat(ticks).as(p.symbol()).isBetween(1e3, 1e8);
                    });
        }

        @Test
        void futuresTradeInWholeContractsOnTheirExchangesTicks() {
            assertThat(builtIn("ESZ6")).isEqualTo(new Instrument("ESZ6", "E-mini S&P 500 Dec 2026",
                    InstrumentType.FUTURE, "USD", 0.25, 2, 0));
            assertThat(builtIn("NQZ6").tickSize()).isEqualTo(0.25);
            assertThat(builtIn("YMZ6")).extracting(Instrument::tickSize, Instrument::priceDecimals)
                    .containsExactly(1.0, 0);
            assertThat(builtIn("RTYZ6").tickSize()).isEqualTo(0.1);
            assertThat(builtIn("CLF7").tickSize()).isEqualTo(0.01);
            assertThat(builtIn("GCG7").tickSize()).isEqualTo(0.1);
            assertThat(builtIn("SIH7")).extracting(Instrument::tickSize, Instrument::priceDecimals)
                    .containsExactly(0.005, 3);
            assertThat(builtIn("NGF7").tickSize()).isEqualTo(0.001);
            assertThat(builtIn("ZNZ6")).extracting(Instrument::tickSize, Instrument::priceDecimals)
                    .containsExactly(1.0 / 64, 6);
            assertThat(BUILT_IN.instruments()).filteredOn(i -> i.type() == InstrumentType.FUTURE)
                    .allSatisfy(i -> {
                        assertThat(i.symbol()).matches("[A-Z0-9]{1,3}[FGHJKMNQUVXZ][0-9]");
                        assertThat(i.name()).matches(".* (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[0-9]{2}");
                        assertThat(i.sizeDecimals()).isZero();
                    });
        }

        @Test
        void usStocksKeepTheCentTickAndRoundLotsOfVersionOne() {
            assertThat(builtIn("AAPL")).isEqualTo(Instrument.equity("AAPL", "Apple Inc."));
            assertThat(builtIn("SPY").type()).isEqualTo(InstrumentType.ETF);
            assertThat(BUILT_IN.profiles())
                    .filteredOn(p -> EnumSet.of(InstrumentType.EQUITY, InstrumentType.ETF).contains(p.instrument().type()))
                    .hasSizeGreaterThan(140)
                    .allSatisfy(p -> {
                        assertThat(p.instrument().tickSize()).isEqualTo(0.01);
                        assertThat(p.instrument().sizeDecimals()).isZero();
                        assertThat(p.sizes()).isEqualTo(SizeModel.ROUND_LOTS);
                    });
        }

        @Test
        void eachKindTradesOnItsVenue() {
            assertThat(BUILT_IN.profiles()).allSatisfy(p ->
                    assertThat(p.venue()).as(p.symbol()).isEqualTo(Venue.of(p.instrument().type())));
            assertThat(List.of(profile("AAPL"), profile("EUR/USD"), profile("BTC-USD"), profile("ESZ6")))
                    .extracting(SymbolProfile::venue)
                    .containsExactly(Venue.STOCK_EXCHANGE, Venue.FX_MARKET, Venue.CRYPTO_EXCHANGE,
                            Venue.FUTURES_EXCHANGE);
        }
    }

    @Nested
    class TheSetting {

        @Test
        void blankMeansTheBuiltInMarket() {
            assertThat(SymbolUniverse.parse(" ").profiles()).isEqualTo(BUILT_IN.profiles());
            assertThat(SymbolUniverse.parse(null).instruments()).isEqualTo(BUILT_IN.instruments());
        }

        @Test
        void aCountTakesTheMostActiveBuiltInsThenMadeUpEquities() {
            SymbolUniverse u = SymbolUniverse.parse("10000");
            assertThat(u.size()).isEqualTo(10_000);
            assertThat(new HashSet<>(u.instruments())).hasSize(10_000);
            assertThat(u.instruments()).allSatisfy(s -> assertThat(Symbols.isValid(s.symbol())).isTrue());
            assertThat(u.profiles().subList(0, BUILT_IN.size())).isEqualTo(BUILT_IN.profiles());
            assertThat(u.instruments().subList(BUILT_IN.size(), u.size())).allSatisfy(i -> {
                assertThat(i.symbol()).matches("[A-Z]{4}");
                assertThat(i).isEqualTo(Instrument.equity(i.symbol(), i.name()));
            });
            assertThat(SymbolUniverse.parse("3").instruments()).extracting(Instrument::symbol)
                    .containsExactly("SPY", "BTC-USD", "NVDA");
        }

        @Test
        void aCountIsTheSameMarketEveryTime() {
            for (String n : List.of("100", "1000")) {
                assertThat(SymbolUniverse.parse(n).profiles()).isEqualTo(SymbolUniverse.parse(n).profiles());
            }
            assertThat(countsByType(SymbolUniverse.parse("100").instruments()))
                    .containsKeys(InstrumentType.EQUITY, InstrumentType.ETF, InstrumentType.FX,
                            InstrumentType.CRYPTO, InstrumentType.FUTURE);
        }

        @Test
        void aListKeepsItsOrderAndCaseAndDropsDuplicates() {
            SymbolUniverse u = SymbolUniverse.parse("MSFT, AAPL,MSFT ,ZZTOP,EUR/USD, BTC-USD,btcusdt");
            assertThat(u.instruments()).extracting(Instrument::symbol)
                    .containsExactly("MSFT", "AAPL", "ZZTOP", "EUR/USD", "BTC-USD", "btcusdt");
            assertThat(u.instruments().get(1).name()).isEqualTo("Apple Inc.");
            // Built-ins keep their own profile, whatever their kind.
            assertThat(u.profiles().subList(3, 5)).containsExactly(profile("EUR/USD"), profile("BTC-USD"));
            // A symbol outside the built-in list gets an equity profile derived from the symbol alone.
            assertThat(SymbolUniverse.parse("ZZTOP").profiles()).isEqualTo(List.of(u.profiles().get(2)));
            assertThat(u.instruments().get(5)).isEqualTo(Instrument.equity("btcusdt", u.instruments().get(5).name()));
        }

        @Test
        void symbolsAreCaseSensitive() {
            SymbolUniverse u = SymbolUniverse.parse("aapl,AAPL");
            assertThat(u.instruments()).extracting(Instrument::symbol).containsExactly("aapl", "AAPL");
            Map<String, Instrument> bySymbol = u.instruments().stream()
                    .collect(Collectors.toMap(Instrument::symbol, Function.identity()));
            assertThat(bySymbol.get("AAPL").name()).isEqualTo("Apple Inc.");
            assertThat(bySymbol.get("aapl").name()).isNotEqualTo("Apple Inc.");
        }

        @Test
        void rejectsWhatCannotBeAFeed() {
            assertThatThrownBy(() -> SymbolUniverse.parse("10001")).hasMessageContaining("10000");
            assertThatThrownBy(() -> SymbolUniverse.parse("0")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SymbolUniverse.parse("99999999999")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SymbolUniverse.parse("AAPL,not a ticker")).hasMessageContaining("not a ticker");
            assertThatThrownBy(() -> SymbolUniverse.parse("A".repeat(Symbols.MAX_LENGTH + 1)))
                    .hasMessageContaining(Symbols.PATTERN);
        }
    }
}
