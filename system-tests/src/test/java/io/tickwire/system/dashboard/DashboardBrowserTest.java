package io.tickwire.system.dashboard;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live quotes page in a fresh headless Chromium for each test, against the real gateway on
 * the simulator's market (every symbol quoted about once a second, the same market each run). A
 * subclass adds its gateway's settings with {@code @TestPropertySource} ({@link DashboardAuthTest}).
 * Pages of earlier tests are gone before a test starts: the server holds no subscription.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT, properties = {
    "tickwire.feed.rate=1500", "tickwire.feed.zipf-exponent=0", "tickwire.feed.seed=7"})
abstract class DashboardBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    QuoteHub hub;

    Browser browser;
    DashboardPage page;

    @BeforeEach
    void openBrowser() {
        await().atMost(PATIENCE).until(() -> hub.subscriptions() == 0);
        browser = Browser.open(1280, 800);
        page = new DashboardPage(browser);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
