package io.tickwire.system.dashboard;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.gateway.support.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.test.context.TestPropertySource;

/**
 * The live quotes page against a gateway with authentication on, in the real Chromium: it asks for
 * a token when the gateway answers 401, shows the entitled rows live and the others as not
 * entitled, says so once when a token is refused instead of retrying, and asks again when the
 * token expires mid-stream.
 */
@TestPropertySource(properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET, "tickwire.auth.clock-skew=0s",
    "tickwire.auth.groups.us-tech=AAPL,MSFT"})
class DashboardAuthTest extends DashboardBrowserTest {

    private static final Map<String, Object> US_TECH = Tokens.grants(List.of(), List.of("us-tech"));

    @Test
    void withoutATokenThePageAsksForOneThenShowsEntitledRowsLiveAndTheOthersAsNotEntitled() {
        page.open(port, "?symbols=AAPL,MSFT,SPY");
        assertThat(awaitPrompt()).contains("needs an access token");

        giveToken(Tokens.hmac("ann", Instant.now().plusSeconds(3600), US_TECH));
        page.awaitLive("WebSocket");
        page.awaitUpdates("AAPL");
        page.awaitUpdates("MSFT");
        browser.await(d -> "NOT_ENTITLED".equals(page.row("SPY").getAttribute("data-refused")));
        assertThat(page.cell("SPY", "name")).isEqualTo("Not entitled");
        assertThat(page.last("SPY")).isEqualTo("–");
        // Only what the token grants is streamed.
        await().atMost(PATIENCE).until(() -> hub.subscriptions() == 2);

        page.add("SPY");
        browser.await(d -> page.text("add-error").contains("Not entitled: SPY"));
        browser.screenshot("dashboard-auth");
        assertThat(consoleErrorsOtherThanTheRefusals()).isEmpty();
    }

    @Test
    void aBadTokenIsRefusedWithAClearMessageAndNotRetriedUntilAnotherIsGiven() {
        page.open(port, "?symbols=AAPL&access_token=not-a-jwt");
        assertThat(awaitPrompt()).contains("refused the token");
        // The token is not left in the address bar, and the page waits for the user: no request meanwhile.
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("access_token");
        long asked = symbolRequests();
        assertThat(page.text("auth-reason")).contains("refused the token");
        assertThat(symbolRequests()).isEqualTo(asked);

        giveToken(Tokens.hmac("ann", Instant.now().plusSeconds(3600), US_TECH));
        page.awaitUpdates("AAPL");
        assertThat(symbolRequests()).isEqualTo(asked + 1);
    }

    @Test
    void whenTheTokenExpiresMidStreamThePageAsksForANewOneAndGoesOn() {
        // Long enough for the page to load and show two quotes of AAPL first (one a second or so in
        // the simulator's mixed market), short of the 20 s the prompt is waited for.
        page.open(port, "?symbols=AAPL&access_token="
                + Tokens.hmac("ann", Instant.now().plusSeconds(8), US_TECH));
        page.awaitUpdates("AAPL");
        // At exp the gateway closes the WebSocket (1008); the page finds its token refused and asks.
        assertThat(awaitPrompt()).contains("expired");
        assertThat(page.text("link-state")).isEqualTo("Token needed");

        giveToken(Tokens.hmac("ann", Instant.now().plusSeconds(3600), US_TECH));
        page.awaitLive("WebSocket");
        page.awaitUpdates("AAPL");
    }

    /** Waits for the token prompt and returns what it says. */
    private String awaitPrompt() {
        WebElement dialog = browser.driver().findElement(By.id("auth-dialog"));
        browser.await(d -> dialog.isDisplayed() && !page.text("auth-reason").isEmpty());
        return page.text("auth-reason");
    }

    private void giveToken(String token) {
        browser.driver().findElement(By.id("auth-token")).sendKeys(token);
        browser.driver().findElement(By.id("auth-submit")).click();
    }

    private long symbolRequests() {
        Object n = browser.driver().executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/symbols')).length");
        return ((Number) n).longValue();
    }

    /** The browser reports each 401/403 it was answered as a console error: those are this test's point. */
    private List<String> consoleErrorsOtherThanTheRefusals() {
        return browser.severeConsoleEntries().stream()
                .filter(e -> !e.contains("401") && !e.contains("403")).toList();
    }
}
