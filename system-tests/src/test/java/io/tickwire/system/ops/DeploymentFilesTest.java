package io.tickwire.system.ops;

import static io.tickwire.system.ops.DeploymentFiles.at;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.testing.JavaProcess;
import io.tickwire.testing.LoopbackPorts;
import io.tickwire.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files, since no container runtime runs here to try them: the compose file runs
 * docs/cluster.md's recipe (its commands, host names apart) with the ops templates; the
 * Dockerfile's port and health check, and the Kubernetes probes and ports, are the gateway's own,
 * and each probe path answers 200 on a real gateway started with the compose file's settings.
 * The publisher's options there are checked against its command line in feed-simulator
 * ({@code PublisherDeploymentFilesTest}).
 */
class DeploymentFilesTest {

    private static final String GATEWAY_JAR = "gateway/target/tickwire-gateway.jar";
    private static final String PUBLISHER_JAR = "feed-simulator/target/tickwire-feed-simulator.jar";
    private static final Duration START = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A recipe argument as the compose file writes it: Redis by its service name instead of 127.0.0.1. */
    static String inCompose(String recipeArg) {
        return recipeArg.replace("redis://127.0.0.1:6379", "redis://redis:6379");
    }

    static List<String> inCompose(List<String> recipeArgs) {
        return recipeArgs.stream().map(DeploymentFilesTest::inCompose).toList();
    }

    static List<List<String>> recipeNodes() {
        List<List<String>> nodes = DeploymentFiles.recipeArgs("java", "-jar", GATEWAY_JAR);
        assertThat(nodes).as("the recipe's gateway nodes").hasSize(2);
        return nodes;
    }

    /** The gateway's own default port, from its application.yml. */
    static int gatewayDefaultPort() throws IOException {
        try (InputStream in = TickwireGatewayApplication.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> config = new Yaml().load(in);
            return (Integer) at(config, "server", "port");
        }
    }

    @Nested
    class TheComposeFileIsTheReadmeRecipe {

        final Map<String, Map<String, Object>> services = DeploymentFiles.composeServices();

        @Test
        void redisAndThePublisherRunTheRecipesCommands() {
            assertThat(DeploymentFiles.clusterRecipe()).contains(List.of("redis-server", "--port", "6379"));
            assertThat(at(services, "redis", "command")).isEqualTo(List.of("redis-server", "--port", "6379"));

            List<List<String>> publisher = DeploymentFiles.recipeArgs("java", "-jar", PUBLISHER_JAR);
            assertThat(publisher).hasSize(1);
            assertThat(at(services, "publisher", "command")).isEqualTo(inCompose(publisher.get(0)));
            assertThat(at(services, "publisher", "build", "target")).isEqualTo("publisher");
        }

        @Test
        void eachGatewayNodeHasTheSettingsOfItsNodeInTheRecipe() {
            List<List<String>> nodes = recipeNodes();
            for (int i = 0; i < nodes.size(); i++) {
                String name = "gateway-" + (i + 1);
                assertThat(at(services, name, "command")).as(name).isEqualTo(inCompose(nodes.get(i)));
                assertThat(at(services, name, "build", "target")).as(name).isEqualTo("gateway");
            }
            assertThat(services.keySet().stream().filter(s -> s.startsWith("gateway"))).hasSize(nodes.size());
        }

        @Test
        void eachNodesHealthCheckAsksLivenessOnItsOwnPort() {
            for (int i = 1; i <= 2; i++) {
                String port = DeploymentFiles.properties(recipeNodes().get(i - 1)).get("server.port");
                assertThat(at(services, "gateway-" + i, "healthcheck", "test")).asString()
                        .contains("http://127.0.0.1:" + port + "/actuator/health/liveness");
                assertThat(at(services, "gateway-" + i, "ports")).asString().contains(port + ":" + port);
            }
        }

        @Test
        void nginxAndPrometheusUseTheOpsTemplatesWithOnlyTheNodesAddressesChanged() {
            List<List<String>> nodes = recipeNodes();
            for (String template : List.of("nginx/tickwire.conf", "prometheus/prometheus.yml")) {
                String expected = DeploymentFiles.read(DeploymentFiles.OPS.resolve(template));
                for (int i = 0; i < nodes.size(); i++) {
                    String port = DeploymentFiles.properties(nodes.get(i)).get("server.port");
                    expected = expected.replace("127.0.0.1:" + port, "gateway-" + (i + 1) + ":" + port);
                }
                assertThat(DeploymentFiles.read(DeploymentFiles.OPS.resolve("compose/" + template))).as(template)
                        .isEqualTo(expected);
            }
            assertThat(at(services, "nginx", "volumes")).asString()
                    .contains("./nginx/tickwire.conf:/etc/nginx/conf.d/default.conf");
            assertThat(at(services, "nginx", "ports")).asString().contains("8080:8080");
            assertThat(DeploymentFiles.read(DeploymentFiles.OPS.resolve("nginx/tickwire.conf"))).contains("listen 8080;");
            assertThat(at(services, "prometheus", "volumes")).asString()
                    .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml",
                            "../prometheus/alerts.yml:/etc/prometheus/alerts.yml");
        }

        @Test
        void grafanaHasTheDashboardAndPrometheusProvisioned() {
            Path provisioning = DeploymentFiles.OPS.resolve("compose/grafana/provisioning");
            String dashboards = (String) at(DeploymentFiles.yaml(provisioning.resolve("dashboards/tickwire.yaml")),
                    "providers", 0, "options", "path");
            assertThat(at(services, "grafana", "volumes")).asString()
                    .contains("../grafana/tickwire-dashboard.json:" + dashboards + "/tickwire-dashboard.json");
            assertThat(at(DeploymentFiles.yaml(provisioning.resolve("datasources/prometheus.yaml")), "datasources", 0, "url"))
                    .isEqualTo("http://prometheus:9090");
            assertThat(services).containsKey("prometheus");
        }
    }

    @Nested
    class TheImage {

        @Test
        void theGatewayExposesItsPortAndChecksItsLivenessThere() throws IOException {
            List<String> gateway = DeploymentFiles.dockerStage("gateway");
            int port = gatewayDefaultPort();
            assertThat(gateway).contains("EXPOSE " + port);
            assertThat(DeploymentFiles.find(gateway, "^HEALTHCHECK .*http://127\\.0\\.0\\.1:\\$\\{SERVER_PORT:-(\\d+)}"))
                    .isEqualTo(Integer.toString(port));
            assertThat(DeploymentFiles.find(gateway, "^HEALTHCHECK .*(/actuator/health/liveness)")).isNotEmpty();
        }

        @Test
        void eachImageRunsTheJarTheReadmesBuildMakesAsAUserThatIsNotRoot() {
            String user = DeploymentFiles.find(DeploymentFiles.dockerStage("base"), "^USER (\\S+)");
            assertThat(user).doesNotStartWith("0").doesNotStartWith("root");
            assertThat(DeploymentFiles.find(DeploymentFiles.dockerStage("gateway"), "^COPY (\\S+) ")).isEqualTo(GATEWAY_JAR);
            assertThat(DeploymentFiles.find(DeploymentFiles.dockerStage("publisher"), "^COPY (\\S+) "))
                    .isEqualTo(PUBLISHER_JAR);
            // The recipe runs those very jars; .dockerignore lets them (and only them) through.
            assertThat(DeploymentFiles.recipeArgs("java", "-jar", GATEWAY_JAR)).isNotEmpty();
            assertThat(DeploymentFiles.read(DeploymentFiles.ROOT.resolve(".dockerignore")).lines()
                    .filter(l -> l.startsWith("!"))).containsExactlyInAnyOrder("!" + GATEWAY_JAR, "!" + PUBLISHER_JAR);
        }
    }

    @Nested
    class TheKubernetesManifests {

        final Map<String, Object> gateway = DeploymentFiles.manifest("Deployment", "tickwire-gateway");
        final Object container = at(gateway, "spec", "template", "spec", "containers", 0);

        /** A probe's or Service's port, a name resolved to the container port of that name. */
        int containerPort(Object port) {
            for (Object p : (List<?>) at(container, "ports")) {
                if (port.equals(at(p, "name")) || port.equals(at(p, "containerPort"))) {
                    return (Integer) at(p, "containerPort");
                }
            }
            throw new AssertionError("no container port " + port);
        }

        @Test
        void theProbesAskTheGatewaysProbePathsOnThePortItListensOn() throws IOException {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = new Yaml().load((String) at(
                    DeploymentFiles.manifest("ConfigMap", "tickwire-gateway"), "data", "application.yaml"));
            int listens = (Integer) at(settings, "server", "port");
            assertThat(listens).isEqualTo(gatewayDefaultPort());
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(containerPort(at(container, probe, "httpGet", "port"))).as(probe).isEqualTo(listens);
            }
            Map<String, Object> service = DeploymentFiles.manifest("Service", "tickwire-gateway");
            assertThat(containerPort(at(service, "spec", "ports", 0, "targetPort"))).isEqualTo(listens);
        }

        @Test
        void theGatewaysSettingsAreTheRecipesButForThePort() {
            Map<String, Object> settings = new Yaml().load((String) at(
                    DeploymentFiles.manifest("ConfigMap", "tickwire-gateway"), "data", "application.yaml"));
            Map<String, String> expected = DeploymentFiles.properties(inCompose(recipeNodes().get(0)));
            expected.remove("server.port");
            Map<String, String> actual = DeploymentFiles.flatten(settings);
            actual.remove("server.port");
            assertThat(actual).isEqualTo(expected);
        }

        @Test
        void thePublisherHasTheRecipesOptionsAsEnvironmentVariables() {
            Map<String, String> recipe = DeploymentFiles.properties(
                    inCompose(DeploymentFiles.recipeArgs("java", "-jar", PUBLISHER_JAR).get(0)));
            Map<String, String> expected = new LinkedHashMap<>();
            recipe.forEach((k, v) -> expected.put("TICKWIRE_" + k.toUpperCase(Locale.ROOT).replace('-', '_'), v));
            assertThat(at(DeploymentFiles.manifest("ConfigMap", "tickwire-publisher"), "data")).isEqualTo(expected);
        }
    }

    @Nested
    class TheProbesAnswer {

        @TempDir
        Path dir;

        @Test
        void everyProbePathAnswers200OnAGatewayStartedWithTheComposeFilesSettings() throws Exception {
            Set<String> paths = new LinkedHashSet<>();
            Object k8s = at(DeploymentFiles.manifest("Deployment", "tickwire-gateway"), "spec", "template", "spec",
                    "containers", 0);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                paths.add((String) at(k8s, probe, "httpGet", "path"));
            }
            paths.add(DeploymentFiles.find(DeploymentFiles.dockerStage("gateway"), "^HEALTHCHECK .*\\}(/\\S+?)\""));
            ((List<?>) at(DeploymentFiles.composeServices(), "gateway-1", "healthcheck", "test")).stream()
                    .map(String::valueOf).filter(a -> a.startsWith("http://"))
                    .forEach(url -> paths.add(url.replaceFirst("^http://[^/]+", "")));
            assertThat(paths).contains("/actuator/health/liveness", "/actuator/health/readiness");

            try (RedisServer redis = RedisServer.start(dir.resolve("redis"))) {
                int port = LoopbackPorts.free();
                List<String> args = new ArrayList<>();
                @SuppressWarnings("unchecked")
                List<String> compose = (List<String>) at(DeploymentFiles.composeServices(), "gateway-1", "command");
                for (String a : compose) {
                    args.add(a.startsWith("--server.port=") ? "--server.port=" + port
                            : a.replace("redis://redis:6379", redis.url()));
                }
                args.addAll(List.of("--server.address=127.0.0.1", "--logging.level.root=WARN"));
                try (JavaProcess node = JavaProcess.start(TickwireGatewayApplication.class.getName(),
                        List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                "-Djava.net.preferIPv4Stack=true"), args, dir.resolve("node.log"))) {
                    String base = "http://127.0.0.1:" + port;
                    // Started, and its feed up: the overall health is UP.
                    assertThat(awaitStatus(node, base + "/actuator/health", 200)).as("the node's health; see "
                            + node.log()).isEqualTo(200);
                    for (String path : paths) {
                        assertThat(status(base + path)).as(path).isEqualTo(200);
                    }
                }
            }
        }
    }

    /** GETs {@code url} until it answers {@code status}, or the node has had {@link #START} or exited; the last status. */
    private static int awaitStatus(JavaProcess node, String url, int status) {
        long deadline = System.nanoTime() + START.toNanos();
        int last = status(url);
        while (last != status && System.nanoTime() < deadline && node.isAlive()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            last = status(url);
        }
        return last;
    }

    /** The status of a GET of {@code url}; -1 if nothing answers. */
    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException e) {
            return -1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
