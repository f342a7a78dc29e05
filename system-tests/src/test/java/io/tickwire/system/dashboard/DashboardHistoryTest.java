package io.tickwire.system.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.testing.Browser;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The chart in a real Chromium against a gateway whose feed the test drives: a symbol's chart
 * opens with the gateway's recent bars before any new quote, then continues from live quotes, and
 * the candles / line choice survives a reload. (The same gateway as {@code BarsApiTest}.)
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
        properties = {"tickwire.history.second-bars=20", "tickwire.history.minute-bars=5"})
@Import(ManualFeedConfiguration.class)
class DashboardHistoryTest {

    static final long SECOND = 1_000_000L;
    static final AtomicLong SEQ = new AtomicLong(2_000_000);

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

    void quote(String symbol, long ts, double last) {
        feed.emit(new Quote(symbol, SEQ.incrementAndGet(), ts, last, last + 0.01, last, 100, 100, 10,
                SEQ.get(), last));
    }

    String bars() {
        return chart().getAttribute("data-bars");
    }

    WebElement chart() {
        return browser.driver().findElement(By.id("chart"));
    }

    @Test
    void aSymbolsChartOpensWithItsHistoryAndContinuesLiveWithoutAGapOrARepeat() {
        long t0 = (Timestamps.nowMicros() / SECOND + 1) * SECOND;
        for (int i = 0; i < 8; i++) {
            quote("NVDA", t0 + i * SECOND, 120 + i);
        }
        page.open(port, "?symbols=NVDA");
        // The page gets the latest quote (one bar's worth) when it subscribes; the other seven are history.
        browser.await(d -> "8".equals(bars()));
        assertThat(page.text("chart-title")).startsWith("NVDA");
        browser.screenshot("dashboard-chart-history");

        quote("NVDA", t0 + 8 * SECOND + 1, 128.5);
        browser.await(d -> "9".equals(bars()));
        quote("NVDA", t0 + 8 * SECOND + 500_000, 129);
        browser.await(d -> "129.00".equals(page.last("NVDA")));
        assertThat(bars()).as("a quote in the newest bar's second updates it").isEqualTo("9");
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    void theCandlesOrLineChoiceIsKeptAcrossAReload() {
        quote("AMD", Timestamps.nowMicros(), 150);
        page.open(port, "?symbols=AMD");
        browser.await(d -> "candles".equals(chart().getAttribute("data-style")));
        WebElement line = browser.driver().findElement(By.cssSelector("[data-chart-style='line']"));
        assertThat(line.getAttribute("aria-pressed")).isEqualTo("false");
        line.click();
        browser.await(d -> "line".equals(chart().getAttribute("data-style")));

        browser.driver().navigate().refresh();
        browser.await(d -> "line".equals(chart().getAttribute("data-style")) && bars() != null);
        assertThat(browser.driver().findElement(By.cssSelector("[data-chart-style='line']")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(browser.driver().findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        browser.driver().findElement(By.cssSelector("[data-chart-style='candles']")).click();
        browser.await(d -> "candles".equals(chart().getAttribute("data-style")));
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }
}
