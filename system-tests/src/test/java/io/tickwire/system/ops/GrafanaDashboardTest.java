package io.tickwire.system.ops;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisURI;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.ExternalTool;
import io.tickwire.testing.PrometheusServer;
import io.tickwire.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The Grafana dashboard and alert rules under {@code ops/}, read from their files, against a real
 * Prometheus scraping the running gateway under traffic on every transport: every panel query must
 * return data, every rule must evaluate. The dashboard cannot break silently. The gateway is a
 * cluster node, fed through a real Redis by a publisher, so the backplane's panels have data too.
 */
// Spring Boot turns metrics export off in tests unless asked: these tests read /actuator/prometheus.
@AutoConfigureObservability
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
        properties = {"tickwire.feed.source=redis"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class GrafanaDashboardTest {

    private static final List<Instrument> SYMBOLS = IntStream.range(0, 20)
            .mapToObj(i -> Instrument.equity("GF" + i, "Grafana Test " + i)).toList();
    private static RedisServer redis;
    private static RedisQuotePublisher publisher;
    private static TestCluster.Market market;

    /** A Redis, and a publisher putting 2,000 quotes/s into it, before the node starts. */
    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) throws IOException {
        redis = RedisServer.start(Files.createTempDirectory("grafana-redis"));
        publisher = new RedisQuotePublisher(RedisURI.create(redis.url()), 100_000);
        publisher.install().then(publisher.define(SYMBOLS)).block(PATIENCE);
        market = new TestCluster.Market(publisher, SYMBOLS, 20, Duration.ofMillis(10));
        registry.add("spring.data.redis.url", redis::url);
    }

    @AfterAll
    static void stopRedis() {
        market.stop();
        publisher.close();
        redis.close();
    }

    private static final Path OPS = Path.of(System.getProperty("tickwire.ops.dir", "../ops"));
    private static final Path DASHBOARD = OPS.resolve("grafana/tickwire-dashboard.json");
    private static final Path ALERTS = OPS.resolve("prometheus/alerts.yml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");
    /** What the test's Prometheus gives Grafana's built-ins and the dashboard's own variables. */
    private static final String RATE_INTERVAL = "15s";

    @LocalServerPort
    int port;

    @Test
    void dashboardIsImportableWithADatasourceVariableAndCoversWhatAnOperatorNeeds() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> variables = new HashSet<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            variables.add(v.path("name").asText());
        }
        assertThat(variables).contains("job", "instance");
        JsonNode datasource = dashboard.path("templating").path("list").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

        Set<Integer> ids = new HashSet<>();
        StringBuilder allExprs = new StringBuilder();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode t : panel.path("targets")) {
                assertThat(t.path("refId").asText()).as(title).isNotEmpty();
                String expr = t.path("expr").asText();
                Matcher m = VARIABLE.matcher(expr);
                while (m.find()) {
                    assertThat(m.group(1)).as("variable in " + title).matches(v -> v.startsWith("__") || variables.contains(v));
                }
                // Prometheus scrapes each node: a panel narrows by scrape job and by node.
                assertThat(expr).as(title).contains("job=~\"$job\"", "instance=~\"$instance\"");
                allExprs.append(expr).append('\n');
            }
        }
        assertThat(allExprs.toString()).contains(
                "tickwire_connections", "tickwire_feed_quotes_total", "tickwire_messages_sent_total",
                "tickwire_messages_conflated_total", "histogram_quantile(0.5,", "histogram_quantile(0.99,",
                "histogram_quantile(0.999,", "tickwire_delivery_latency_seconds_bucket",
                "tickwire_slow_consumer_disconnects_total", "tickwire_protocol_errors_total",
                "tickwire_feed_last_quote_age_seconds", "jvm_memory_used_bytes", "jvm_gc_pause_seconds",
                "process_cpu_usage", "tickwire_redis_quotes_read_total", "tickwire_redis_read_lag_seconds",
                "tickwire_redis_connected", "tickwire_redis_reconnects_total", "tickwire_redis_gaps_total",
                "tickwire_limits_refused_total");
    }

    @Test
    void everyDashboardQueryAndAlertRuleWorksOnARealPrometheusScrapingTheGateway(@TempDir Path dir) throws Exception {
        Path prometheus = ExternalTool.require("prometheus", "prometheus");
        Path promtool = ExternalTool.require("promtool", "prometheus");
        Process check = new ProcessBuilder(promtool.toString(), "check", "config",
                OPS.resolve("prometheus/prometheus.yml").toString()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as("promtool check config ops/prometheus/prometheus.yml: " + checked).isZero();

        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: tickwire
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(ALERTS.toAbsolutePath(), port);

        // Clients that read and drop what they get: 3 WebSocket (one of them asks for an unknown
        // symbol first, a protocol error), 2 SSE, and long-polls back to back.
        HttpClient http = HttpClient.create();
        String base = "127.0.0.1:" + port;
        List<Disposable> clients = new ArrayList<>();
        try (PrometheusServer server = PrometheusServer.start(prometheus, config, dir)) {
            for (int i = 0; i < 3; i++) {
                String first = i == 0 ? "{\"op\":\"subscribe\",\"symbols\":[\"NOPE\"]}" : "{\"op\":\"ping\"}";
                clients.add(http.websocket().uri("ws://" + base + "/ws?symbols=*")
                        .handle((in, out) -> out.sendString(Mono.just(first)).then().and(in.receive()))
                        .subscribe());
            }
            for (int i = 0; i < 2; i++) {
                clients.add(http.get().uri("http://" + base + "/sse?symbols=*").responseContent().subscribe());
            }
            clients.add(Flux.range(0, Integer.MAX_VALUE)
                    .concatMap(i -> http.get().uri("http://" + base + "/api/quotes/poll?timeout=1")
                            .responseContent().aggregate().asString())
                    .subscribe());
            // A collection, so the GC pause series exists however little this JVM allocates.
            System.gc();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<String> empty = new ArrayList<>();
                for (String expr : exprs) {
                    if (!hasFiniteValue(server.query(substitute(expr)))) {
                        empty.add(expr);
                    }
                }
                assertThat(empty).as("dashboard queries without data").isEmpty();
            });
            // The dashboard's instance variable: label_values(tickwire_feed_quotes_total, instance).
            JsonNode series = server.api("/api/v1/series?match[]=tickwire_feed_quotes_total");
            assertThat(series.findValuesAsText("instance")).containsExactly("127.0.0.1:" + port);
            // Traffic on every transport reached the latency histogram.
            for (String transport : List.of("ws", "sse", "poll")) {
                assertThat(hasFiniteValue(server.query("histogram_quantile(0.99, sum by (le) (rate("
                        + "tickwire_delivery_latency_seconds_bucket{transport=\"" + transport + "\"}[1m])))")))
                        .as("p99 of " + transport).isTrue();
            }
            await().atMost(PATIENCE).untilAsserted(() -> {
                List<String> rules = new ArrayList<>();
                for (JsonNode group : server.api("/api/v1/rules").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        assertThat(rule.path("health").asText()).as(rule.path("name").asText() + " "
                                + rule.path("lastError").asText()).isEqualTo("ok");
                        rules.add(rule.path("name").asText());
                    }
                }
                assertThat(rules).contains("TickwireFeedStalled", "TickwireDeliveryLatencyHigh",
                        "TickwireGatewayDown", "TickwireRedisDown", "TickwireRedisGaps", "TickwireLimitsRefusing");
            });
            // Quotes flow: the stall alert is quiet.
            assertThat(server.api("/api/v1/alerts").path("alerts").findValuesAsText("alertname"))
                    .doesNotContain("TickwireFeedStalled", "TickwireGatewayDown", "TickwireRedisDown");
        }
        finally {
            clients.forEach(Disposable::dispose);
        }
    }

    private static String substitute(String expr) {
        String s = expr.replace("$__rate_interval", RATE_INTERVAL).replace("$job", ".*").replace("$instance", ".*");
        assertThat(s).as("unsubstituted variable").doesNotContain("$");
        return s;
    }

    /** Whether an instant query's answer holds at least one series with a finite value. */
    private static boolean hasFiniteValue(JsonNode data) {
        for (JsonNode r : data.path("result")) {
            double v = Double.parseDouble(r.path("value").get(1).asText());
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }
}
