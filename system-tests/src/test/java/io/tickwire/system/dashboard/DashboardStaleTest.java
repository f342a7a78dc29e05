package io.tickwire.system.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.testing.Browser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A row whose symbol stops updating while heartbeats say the link is alive is marked stale
 * (after 2 s here, {@code ?staleAfter=2}), and unmarked by its next quote. The feed is driven by
 * the test, so the quiet symbol is really quiet.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
        properties = "tickwire.client.heartbeat-interval=500ms")
@Import(ManualFeedConfiguration.class)
class DashboardStaleTest {

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ws, WebSocket", "poll, long-poll"})
    void aQuietSymbolIsMarkedStaleWhileTheLinkIsAliveAndUnmarkedByItsNextQuote(String transport, String label) {
        feed.emit("AAPL");
        feed.emit("MSFT");
        try (Browser browser = Browser.open(1280, 800)) {
            DashboardPage page = new DashboardPage(browser)
                    .open(port, "?transport=" + transport + "&symbols=AAPL,MSFT&staleAfter=2");
            page.awaitLive(label);
            browser.await(d -> page.seq("AAPL") != null && page.seq("MSFT") != null);
            browser.await(d -> page.isStale("AAPL"));
            assertThat(page.row("AAPL").getAttribute("title")).startsWith("No update for");

            long seq = feed.emit("AAPL").seq();
            browser.await(d -> String.valueOf(seq).equals(page.seq("AAPL")));
            browser.await(d -> !page.isStale("AAPL"));
            assertThat(page.isStale("MSFT")).as("MSFT is still quiet").isTrue();
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }
    }
}
