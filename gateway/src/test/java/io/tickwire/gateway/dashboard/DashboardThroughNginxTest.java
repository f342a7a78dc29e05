package io.tickwire.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.Quote;
import io.tickwire.feed.SymbolInfo;
import io.tickwire.feed.Timestamps;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.gateway.support.Browser;
import io.tickwire.gateway.support.GatewayNode;
import io.tickwire.testing.NginxServer;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dashboard of a cluster, as its users open it: through nginx ({@code ops/nginx/tickwire.conf})
 * in front of two nodes fed through Redis, over each transport, in a real Chromium.
 */
class DashboardThroughNginxTest {

    private static final List<SymbolInfo> SYMBOLS = List.of(new SymbolInfo("DBA", "Dashboard A Corp."),
            new SymbolInfo("DBB", "Dashboard B Corp."));

    @TempDir
    static Path dir;
    static RedisServer redis;
    static RedisQuotePublisher publisher;
    static Disposable publishing;
    static GatewayNode a;
    static GatewayNode b;
    static NginxServer nginx;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start(dir);
        publisher = new RedisQuotePublisher(RedisURI.create(redis.url()), 100_000);
        publisher.install().then(publisher.announce(SYMBOLS)).block(Duration.ofSeconds(10));
        CompletableFuture<GatewayNode> startA = CompletableFuture.supplyAsync(() -> GatewayNode.start("a", redis.url(), dir));
        CompletableFuture<GatewayNode> startB = CompletableFuture.supplyAsync(() -> GatewayNode.start("b", redis.url(), dir));
        a = startA.join();
        b = startB.join();
        nginx = NginxServer.start(Path.of(System.getProperty("tickwire.ops.dir"), "nginx", "tickwire.conf"),
                List.of(a.port, b.port), dir.resolve("nginx"));
        AtomicInteger n = new AtomicInteger();
        publishing = Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .concatMap(t -> publisher.publish(IntStream.range(0, 2).map(i -> n.getAndIncrement())
                        .mapToObj(DashboardThroughNginxTest::quote).toList()).onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
    }

    private static Quote quote(int i) {
        double bid = 40 + i % 200 / 100.0;
        return new Quote(SYMBOLS.get(i % 2).symbol(), 0, Timestamps.nowMicros(), bid, bid + 0.02, bid + 0.01,
                100, 200, 100, 1000 + i, 40);
    }

    @AfterAll
    static void stopCluster() {
        publishing.dispose();
        nginx.close();
        a.close();
        b.close();
        publisher.close();
        redis.close();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"ws, WebSocket", "sse, SSE", "poll, long-poll"})
    void thePageIsLiveThroughNginxOverEachTransport(String transport, String label) {
        try (Browser browser = Browser.open(1280, 800)) {
            DashboardPage page = new DashboardPage(browser).open(nginx.port(), "?transport=" + transport + "&symbols=DBA,DBB");
            page.awaitLive(label);
            page.awaitUpdates("DBA");
            page.awaitUpdates("DBB");
            assertThat(page.text("link-transport")).isEqualTo(label);
            browser.screenshot("dashboard-through-nginx-" + transport);
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        }
    }
}
