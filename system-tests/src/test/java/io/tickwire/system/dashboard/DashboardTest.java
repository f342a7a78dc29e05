package io.tickwire.system.dashboard;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.testing.Browser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The live quotes page in a real headless Chromium against the real gateway and simulator: quotes
 * appear and update over each transport, the watchlist changes the subscription at the server,
 * and nothing goes to the console as an error. A screenshot of each run lands in target/screenshots.
 */
class DashboardTest extends DashboardBrowserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ws, WebSocket", "sse, SSE", "poll, long-poll"})
    void quotesAppearAndUpdateOverEachTransport(String transport, String label) {
        page.open(port, "?transport=" + transport + "&symbols=AAPL,MSFT,NVDA,SPY");
        page.awaitLive(label);
        assertThat(page.symbols()).containsExactly("AAPL", "MSFT", "NVDA", "SPY");
        for (String symbol : page.symbols()) {
            page.awaitUpdates(symbol);
        }
        assertThat(page.cell("AAPL", "name")).isEqualTo("Apple Inc.");
        assertThat(page.last("AAPL")).matches("[0-9,]+\\.[0-9]{2}");
        assertThat(page.cell("AAPL", "pct")).matches("[+-]?[0-9.,]+%");
        browser.await(d -> !"–".equals(page.text("latency")) && !page.text("rate").startsWith("0/"));
        assertThat(page.text("chart-title")).startsWith("AAPL");
        browser.screenshot("dashboard-" + transport);
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "sse"})
    void addingAndRemovingSymbolsChangesTheSubscriptionAtTheServer(String transport) {
        page.open(port, "?transport=" + transport + "&symbols=AAPL");
        page.awaitUpdates("AAPL");
        await().atMost(PATIENCE).until(() -> hub.subscriptions() == 1);

        page.add("msft");
        browser.await(d -> page.symbols().contains("MSFT"));
        page.awaitUpdates("MSFT");
        await().atMost(PATIENCE).until(() -> hub.subscriptions() == 2);
        assertThat(page.text("chart-title")).as("an added symbol is shown in the chart").startsWith("MSFT");

        page.add("NOPE");
        browser.await(d -> page.text("add-error").contains("NOPE"));

        page.remove("AAPL");
        browser.await(d -> !page.symbols().contains("AAPL"));
        await().atMost(PATIENCE).until(() -> hub.subscriptions() == 1);
        page.awaitUpdates("MSFT");

        // The list survives a reload: the URL (and localStorage) carry it.
        assertThat(browser.driver().getCurrentUrl()).contains("symbols=MSFT");
        browser.driver().navigate().refresh();
        browser.await(d -> page.symbols().equals(java.util.List.of("MSFT")));
        page.awaitUpdates("MSFT");
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    void watchlistComesFromLocalStorageWithoutAUrlListAndRowsAreKeyboardSelectable() {
        page.open(port, "?symbols=TSLA,JPM");
        page.awaitUpdates("TSLA");
        page.open(port, "");
        browser.await(d -> page.symbols().equals(java.util.List.of("TSLA", "JPM")));
        page.awaitUpdates("JPM");
        page.selectWithKeyboard("JPM");
        browser.await(d -> page.text("chart-title").startsWith("JPM"));
        assertThat(page.row("JPM").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(browser.driver().findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    void whenWebSocketCannotOpenThePageFallsBackToSseAndSaysSo() {
        // A browser (or a proxy) where WebSocket never opens, while the gateway answers HTTP.
        browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.WebSocket = class {
                  static OPEN = 1;
                  constructor() { setTimeout(() => this.onclose?.({ code: 1006, reason: '' })); }
                  send() {}
                  close() {}
                };
                """));
        page.open(port, "?transport=ws&symbols=AAPL,MSFT");
        page.awaitLive("SSE");
        assertThat(page.text("link-detail")).contains("WebSocket unavailable, fell back to SSE");
        page.awaitUpdates("AAPL");
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    void theConsoleCheckSeesAnUncaughtError() {
        // The "no console errors" assertions above are only worth something if an error shows up here.
        page.open(port, "?symbols=AAPL");
        page.awaitUpdates("AAPL");
        browser.driver().executeScript("setTimeout(() => { throw new Error('probe from the test'); })");
        browser.await(d -> browser.severeConsoleEntries().stream().anyMatch(e -> e.contains("probe from the test")));
    }

    @Test
    void atPhoneWidthTheTableKeepsPricesAndDropsSecondaryColumns() {
        browser.close();
        browser = Browser.open(390, 844);
        page = new DashboardPage(browser);
        page.open(port, "?symbols=AAPL,MSFT,NVDA");
        page.awaitUpdates("AAPL");
        assertThat(page.row("AAPL").findElement(By.cssSelector("td.name")).isDisplayed()).isFalse();
        assertThat(page.last("AAPL")).matches("[0-9,]+\\.[0-9]{2}");
        Number scrollWidth = (Number) browser.driver().executeScript("return document.documentElement.scrollWidth");
        assertThat(scrollWidth.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(390);
        browser.screenshot("dashboard-phone");
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }
}
