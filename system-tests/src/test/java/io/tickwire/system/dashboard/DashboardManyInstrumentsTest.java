package io.tickwire.system.dashboard;

import static io.tickwire.system.dashboard.MixedMarketConfiguration.emit;
import static io.tickwire.system.dashboard.MixedMarketConfiguration.emitAny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.testing.Browser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The page with 500 instruments of every kind in its watchlist and its symbol search: every row
 * is drawn, one quote of each updates each row, the search offers all 500, and the 500th, added
 * from the search in lower case, updates its row at its own precision. Nothing here is timed.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT)
@Import(MixedMarketConfiguration.class)
class DashboardManyInstrumentsTest {

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;

    @Test
    void fiveHundredInstrumentsAreDrawnAndTheLastAddedFromTheSearchUpdatesItsRow() {
        List<Instrument> all = MixedMarketConfiguration.INSTRUMENTS;
        assertThat(all).hasSize(500);
        List<String> first499 = all.subList(0, 499).stream().map(Instrument::symbol).toList();
        try (Browser browser = Browser.open(1280, 800)) {
            DashboardPage page = new DashboardPage(browser)
                    .open(port, "?transport=ws&symbols=" + String.join(",", first499));
            page.awaitLive("WebSocket");
            browser.await(d -> page.symbols().size() == 499);
            assertThat(page.symbols()).isEqualTo(first499);
            // The search completes over every instrument the gateway carries.
            assertThat(count(browser, "#symbol-list option")).isEqualTo(500);

            // One quote of each: every row shows one (counted in one script call, not 499 round trips).
            for (Instrument i : all.subList(0, 499)) {
                emitAny(feed, i);
            }
            browser.await(d -> count(browser, "#quotes tr[data-seq]") == 499);

            page.add("xbt/jpy");
            browser.await(d -> page.symbols().size() == 500);
            assertThat(page.symbols().get(499)).isEqualTo("XBT/JPY");
            assertThat(page.text("count")).isEqualTo("500 symbols");
            long seq = emit(feed, "XBT/JPY", 14_512_345, 14_512_346, 14_512_345, 0.0153, 0.25, 0.001, 42.125, 14_000_000)
                    .seq();
            browser.await(d -> String.valueOf(seq).equals(page.seq("XBT/JPY")));
            assertThat(page.last("XBT/JPY")).isEqualTo("14,512,345");
            assertThat(page.cell("XBT/JPY", "size")).isEqualTo("0.0153 × 0.25");
            assertThat(page.cell("XBT/JPY", "volume")).isEqualTo("42.125");
            assertThat(page.cell("XBT/JPY", "change")).isEqualTo("+512,345");
            browser.screenshot("dashboard-500-instruments");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }
    }

    private static int count(Browser browser, String selector) {
        return ((Number) browser.driver().executeScript(
                "return document.querySelectorAll(arguments[0]).length", selector)).intValue();
    }
}
