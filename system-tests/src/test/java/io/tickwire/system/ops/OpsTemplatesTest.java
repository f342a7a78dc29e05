package io.tickwire.system.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tickwire.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus templates under {@code ops/prometheus} as Prometheus's own {@code promtool} reads
 * them, and as docs/cluster.md's recipes use them: the scrape targets are the cluster recipe's nodes,
 * not its balancer; the management-port example takes no port another part of the recipes uses;
 * every alert carries a one-line runbook.
 */
class OpsTemplatesTest {

    private static final Path OPS = Path.of(System.getProperty("tickwire.ops.dir", "../ops"));
    private static final Path PROMETHEUS = OPS.resolve("prometheus/prometheus.yml");
    private static final Path ALERTS = OPS.resolve("prometheus/alerts.yml");
    private static final Path README = OPS.toAbsolutePath().getParent().resolve("docs/cluster.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Prometheus, Alertmanager (and its cluster port), the Pushgateway, node_exporter: not for a gateway. */
    private static final Set<Integer> MONITORING_PORTS = Set.of(9090, 9091, 9093, 9094, 9100);

    @Test
    void promtoolAcceptsTheConfigAndTheRules() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        assertThat(run(promtool.toString(), "check", "config", PROMETHEUS.toString())).isEqualTo(0);
        assertThat(run(promtool.toString(), "check", "rules", ALERTS.toString())).isEqualTo(0);
    }

    @Test
    void prometheusScrapesEachNodeOfTheClusterRecipeAndNotItsBalancer() throws IOException {
        String cluster = section("## Run a cluster");
        Set<Integer> nodes = ports(cluster, Pattern.compile("--server\\.port=(\\d+)"));
        assertThat(nodes).as("the cluster recipe's nodes").hasSizeGreaterThanOrEqualTo(2);
        Set<Integer> balancer = ports(Files.readString(OPS.resolve("nginx/tickwire.conf")),
                Pattern.compile("(?m)^\\s*listen (\\d+);"));

        Set<Integer> targets = new TreeSet<>();
        for (JsonNode job : YAML.readTree(PROMETHEUS.toFile()).path("scrape_configs")) {
            assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
            for (JsonNode group : job.path("static_configs")) {
                group.path("targets").forEach(t -> targets.add(Integer.parseInt(t.asText().replaceAll(".*:", ""))));
            }
        }
        assertThat(targets).isEqualTo(nodes).doesNotContainAnyElementsOf(balancer);
    }

    @Test
    void theManagementPortExampleTakesAPortNoOtherPartOfTheRecipesUses() throws IOException {
        String readme = Files.readString(README);
        Set<Integer> examples = ports(readme, Pattern.compile("management\\.server\\.port=(\\d+)"));
        assertThat(examples).isNotEmpty();
        Set<Integer> taken = new TreeSet<>(MONITORING_PORTS);
        taken.addAll(ports(readme, Pattern.compile("--server\\.port=(\\d+)")));
        taken.addAll(ports(readme, Pattern.compile("redis-server --port (\\d+)")));
        taken.addAll(ports(Files.readString(OPS.resolve("nginx/tickwire.conf")), Pattern.compile("(?m)^\\s*listen (\\d+);")));
        assertThat(taken).contains(8080, 8081, 8082, 6379);
        assertThat(examples).doesNotContainAnyElementsOf(taken);
    }

    @Test
    void everyAlertHasAOneLineRunbook() throws IOException {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                alerts.add(name);
                String runbook = rule.path("annotations").path("runbook").asText();
                assertThat(runbook).as("runbook of " + name).isNotBlank().doesNotContain("\n");
            }
        }
        assertThat(alerts).contains("TickwireFeedStalled", "TickwireGatewayDown", "TickwireRedisDown");
    }

    /** docs/cluster.md's section under {@code heading}, to the next heading of its level. */
    private static String section(String heading) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading + " in docs/cluster.md").isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static Set<Integer> ports(String text, Pattern pattern) {
        Set<Integer> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        assertThat(exit).as(String.join(" ", command) + ":\n" + out).isZero();
        return exit;
    }
}
