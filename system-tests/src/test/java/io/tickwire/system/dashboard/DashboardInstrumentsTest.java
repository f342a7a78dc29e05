package io.tickwire.system.dashboard;

import static io.tickwire.system.dashboard.MixedMarketConfiguration.emit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.testing.Browser;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The page over a gateway carrying every kind of instrument (PROTOCOL.md §1a), in a real Chromium:
 * each row's prices, sizes, change and volume, and the chart's prices, are written at the
 * instrument's precision; symbols keep their case and their / : in the address; the watchlist
 * shows one kind at a time when asked, and remembers it; a first visit shows several kinds.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT)
@Import(MixedMarketConfiguration.class)
class DashboardInstrumentsTest {

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;

    Browser browser;
    DashboardPage page;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(1280, 800);
        page = new DashboardPage(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    /** Waits until the row of {@code symbol} shows the quote of {@code seq}. */
    void awaitShown(String symbol, long seq) {
        browser.await(d -> String.valueOf(seq).equals(page.seq(symbol)));
    }

    @Nested
    class Precision {

        @Test
        void eachRowShowsPricesSizesChangeAndVolumeAtItsInstrumentsPrecision() {
            long btc = emit(feed, "BTC-USD", 97123.45, 97123.46, 97123.45, 0.0153, 0.5, 0.001, 1234.56789012, 96000).seq();
            // 1.083 on the wire is 1.08300 on the screen: an FX price always shows its 5 decimals.
            long eur = emit(feed, "EUR/USD", 1.08345, 1.08347, 1.083, 1_000_000, 2_500_000, 1_000_000, 123_456_789, 1.08)
                    .seq();
            long jpy = emit(feed, "USD/JPY", 151.203, 151.205, 151.204, 2_000_000, 1_000_000, 500_000, 7_000_000, 151.5)
                    .seq();
            long aapl = emit(feed, "AAPL", 189.31, 189.33, 189.32, 300, 200, 100, 1_203_400, 188.1).seq();
            page.open(port, "?symbols=EUR/USD,USD/JPY,BTC-USD,AAPL");
            awaitShown("BTC-USD", btc);
            awaitShown("EUR/USD", eur);
            awaitShown("USD/JPY", jpy);
            awaitShown("AAPL", aapl);

            assertThat(page.cell("BTC-USD", "bid")).isEqualTo("97,123.45");
            assertThat(page.cell("BTC-USD", "ask")).isEqualTo("97,123.46");
            assertThat(page.cell("BTC-USD", "size")).isEqualTo("0.0153 × 0.5");
            assertThat(page.cell("BTC-USD", "change")).isEqualTo("+1,123.45");
            assertThat(page.cell("BTC-USD", "pct")).isEqualTo("+1.17%");
            assertThat(page.cell("BTC-USD", "volume")).isEqualTo("1,234.56789012");

            assertThat(page.cell("EUR/USD", "bid")).isEqualTo("1.08345");
            assertThat(page.cell("EUR/USD", "last")).isEqualTo("1.08300");
            assertThat(page.cell("EUR/USD", "change")).isEqualTo("+0.00300");
            assertThat(page.cell("EUR/USD", "pct")).isEqualTo("+0.28%");
            assertThat(page.cell("EUR/USD", "size")).isEqualTo("1,000,000 × 2,500,000");
            assertThat(page.cell("EUR/USD", "volume")).isEqualTo("123,456,789");

            assertThat(page.cell("USD/JPY", "bid")).isEqualTo("151.203");
            assertThat(page.cell("USD/JPY", "ask")).isEqualTo("151.205");
            assertThat(page.cell("USD/JPY", "change")).isEqualTo("-0.296");
            assertThat(page.cell("USD/JPY", "pct")).isEqualTo("-0.20%");

            assertThat(page.cell("AAPL", "last")).isEqualTo("189.32");
            assertThat(page.cell("AAPL", "change")).isEqualTo("+1.22");
            assertThat(page.cell("AAPL", "size")).isEqualTo("300 × 200");
            assertThat(page.cell("AAPL", "volume")).isEqualTo("1,203,400");

            assertThat(page.row("EUR/USD").findElement(By.cssSelector("th .kind")).getText()).isEqualTo("fx");
            assertThat(page.row("BTC-USD").findElement(By.cssSelector("th .kind")).getText()).isEqualTo("crypto");
            browser.screenshot("dashboard-instruments");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }

        @Test
        void theChartWritesPricesAtTheSelectedInstrumentsPrecision() {
            long eur = emit(feed, "EUR/USD", 1.08345, 1.08347, 1.083, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1.08)
                    .seq();
            long btc = emit(feed, "BTC-USD", 97123.45, 97123.46, 97123.45, 0.0153, 0.5, 0.001, 12, 96000).seq();
            page.open(port, "?symbols=EUR/USD,BTC-USD");
            awaitShown("EUR/USD", eur);
            assertThat(page.text("chart-title")).startsWith("EUR/USD");
            browser.await(d -> "5".equals(chart().getAttribute("data-price-decimals")));
            browser.await(d -> page.text("chart-legend").contains("C 1.08300"));

            awaitShown("BTC-USD", btc);
            page.row("BTC-USD").click();
            browser.await(d -> "2".equals(chart().getAttribute("data-price-decimals")));
            browser.await(d -> page.text("chart-legend").contains("C 97,123.45"));
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }

        private org.openqa.selenium.WebElement chart() {
            return browser.driver().findElement(By.id("chart"));
        }
    }

    @Nested
    class Symbols {

        @Test
        void symbolsInTheAddressWorkEncodedOrNotAndKeepTheirCase() {
            page.open(port, "?symbols=EUR%2FUSD,BTC-USD,XETR%3ASAP");
            browser.await(d -> page.symbols().equals(List.of("EUR/USD", "BTC-USD", "XETR:SAP")));
            page.open(port, "?symbols=EUR/USD,XETR:SAP");
            browser.await(d -> page.symbols().equals(List.of("EUR/USD", "XETR:SAP")));
            long seq = emit(feed, "XETR:SAP", 231.4, 231.42, 231.41, 50, 40, 10, 1000, 230).seq();
            awaitShown("XETR:SAP", seq);
            assertThat(page.last("XETR:SAP")).isEqualTo("231.41");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }

        @Test
        void aTypedSymbolMatchesTheGatewaysIgnoringCaseAndTheAddressKeepsItReadable() {
            page.open(port, "?symbols=EUR/USD");
            browser.await(d -> page.symbols().equals(List.of("EUR/USD")));
            page.add("usd/jpy btc-usd");
            browser.await(d -> page.symbols().equals(List.of("EUR/USD", "USD/JPY", "BTC-USD")));
            assertThat(page.text("add-error")).isEmpty();
            assertThat(browser.driver().getCurrentUrl()).contains("symbols=EUR/USD,USD/JPY,BTC-USD");

            browser.driver().navigate().refresh();
            browser.await(d -> page.symbols().equals(List.of("EUR/USD", "USD/JPY", "BTC-USD")));
            long seq = emit(feed, "USD/JPY", 150.001, 150.003, 150.002, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 150)
                    .seq();
            awaitShown("USD/JPY", seq);
            assertThat(page.last("USD/JPY")).isEqualTo("150.002");

            page.add("eur-usd");
            browser.await(d -> page.text("add-error").contains("Unknown symbol: eur-usd"));
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }

        @Test
        void aFirstVisitShowsSomeOfEachKindTheGatewayCarries() {
            page.open(port, "");
            browser.await(d -> page.symbols().size() == 10);
            assertThat(page.symbols()).containsExactly("AAPL", "XETR:SAP", "SPY", "EUR/USD", "USD/JPY", "BTC-USD",
                    "ETH-USD", "ESZ6", "FUT002", "SPX");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }
    }

    @Nested
    class KindFilter {

        static final String MIX = "?symbols=AAPL,SPY,EUR/USD,USD/JPY,BTC-USD,ESZ6";

        @Test
        void theKindFilterShowsOnlyTheChosenKindsRows() {
            page.open(port, MIX);
            browser.await(d -> page.symbols().size() == 6);
            assertThat(page.shownSymbols()).hasSize(6);
            assertThat(page.shownKind()).isEqualTo("all");

            page.showKind("fx");
            browser.await(d -> page.shownSymbols().equals(List.of("EUR/USD", "USD/JPY")));
            assertThat(page.text("count")).isEqualTo("2 of 6 symbols");

            page.showKind("equity");
            browser.await(d -> page.shownSymbols().equals(List.of("AAPL", "SPY")));

            // A row hidden by the filter shows its newest quote once its kind is shown.
            long seq = emit(feed, "BTC-USD", 98000.01, 98000.02, 98000.01, 0.25, 0.5, 0.1, 3.5, 97000).seq();
            page.showKind("crypto");
            browser.await(d -> page.shownSymbols().equals(List.of("BTC-USD")));
            awaitShown("BTC-USD", seq);
            assertThat(page.last("BTC-USD")).isEqualTo("98,000.01");

            page.showKind("all");
            browser.await(d -> page.shownSymbols().size() == 6);
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }

        @Test
        void theChosenKindIsKeptAcrossAReloadAndInTheAddress() {
            page.open(port, MIX);
            browser.await(d -> page.symbols().size() == 6);
            page.showKind("future");
            browser.await(d -> page.shownSymbols().equals(List.of("ESZ6")));
            assertThat(browser.driver().getCurrentUrl()).contains("kind=future");

            // Without the address, localStorage keeps the list and the kind.
            page.open(port, "");
            browser.await(d -> page.symbols().size() == 6 && page.shownSymbols().equals(List.of("ESZ6")));
            assertThat(page.shownKind()).isEqualTo("future");

            // A shared link says which kind to show.
            page.open(port, MIX + "&kind=fx");
            browser.await(d -> page.shownSymbols().equals(List.of("EUR/USD", "USD/JPY")));
            assertThat(page.shownKind()).isEqualTo("fx");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }
    }
}
