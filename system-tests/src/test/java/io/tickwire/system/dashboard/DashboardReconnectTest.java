package io.tickwire.system.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.testing.Browser;
import io.tickwire.testing.LoopbackPorts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway stops and starts again on the same port while the page is open: the page notices,
 * retries with backoff, and updates again by itself, on the transport it was using (the gateway
 * was down, not the transport). The restarted feed numbers its quotes from its start time, above
 * every seq of the earlier run, so the page's resume cursor brings every symbol up to date.
 */
class DashboardReconnectTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ws, WebSocket", "sse, SSE", "poll, long-poll"})
    void pageReconnectsByItselfWhenTheGatewayRestartsOnTheSamePort(String transport, String label) {
        int port = LoopbackPorts.free();
        ConfigurableApplicationContext gateway = start(port);
        try (Browser browser = Browser.open(1280, 800)) {
            DashboardPage page = new DashboardPage(browser).open(port, "?transport=" + transport + "&symbols=AAPL,MSFT");
            page.awaitLive(label);
            page.awaitUpdates("AAPL");

            gateway.close();
            browser.await(d -> "Reconnecting".equals(page.text("link-state")));
            gateway = start(port);

            page.awaitLive(label);
            page.awaitUpdates("AAPL");
            page.awaitUpdates("MSFT");
            browser.screenshot("dashboard-reconnected-" + transport);
            // While the gateway was down the browser logs each refused connection; nothing else.
            assertThat(browser.severeConsoleEntries()).as("console errors")
                    .allMatch(e -> e.contains("net::ERR_CONNECTION_REFUSED") || e.contains("WebSocket connection to"));
        }
        finally {
            gateway.close();
        }
    }

    private static ConfigurableApplicationContext start(int port) {
        return new SpringApplicationBuilder(TickwireGatewayApplication.class).run(
                "--server.port=" + port, "--server.address=127.0.0.1", "--tickwire.feed.rate=1000",
                "--tickwire.feed.zipf-exponent=0");
    }
}
