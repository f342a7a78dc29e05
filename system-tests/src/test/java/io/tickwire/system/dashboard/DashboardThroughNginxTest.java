package io.tickwire.system.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Instrument;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard of a cluster, as its users open it: through nginx ({@code ops/nginx/tickwire.conf})
 * in front of two nodes fed through Redis, over each transport, in a real Chromium.
 */
class DashboardThroughNginxTest {

    private static final List<Instrument> SYMBOLS = List.of(Instrument.equity("DBA", "Dashboard A Corp."),
            Instrument.equity("DBB", "Dashboard B Corp."));

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(dir, SYMBOLS);
        cluster.market(SYMBOLS, 2, Duration.ofMillis(50));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"ws, WebSocket", "sse, SSE", "poll, long-poll"})
    void thePageIsLiveThroughNginxOverEachTransport(String transport, String label) {
        try (Browser browser = Browser.open(1280, 800)) {
            DashboardPage page = new DashboardPage(browser).open(cluster.nginx().port(), "?transport=" + transport + "&symbols=DBA,DBB");
            page.awaitLive(label);
            page.awaitUpdates("DBA");
            page.awaitUpdates("DBB");
            assertThat(page.text("link-transport")).isEqualTo(label);
            browser.screenshot("dashboard-through-nginx-" + transport);
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }
    }
}
