package io.tickwire.feed.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The publisher as the deployment files run it ({@code ops/compose/compose.yaml}'s command,
 * {@code ops/k8s/publisher.yaml}'s environment): every option and variable is one its command line
 * knows, and every value one it takes, so the container would start rather than exit with code 2.
 * That they are docs/cluster.md's recipe is the gateway's {@code DeploymentFilesTest}'s to check.
 */
class PublisherDeploymentFilesTest {

    private static final Path OPS = Path.of(System.getProperty("tickwire.ops.dir", "../ops"));

    /** Parses {@code args} with {@code env} as the publisher's main would, and builds every setting from them. */
    static void startsWith(Map<String, String> env, List<String> args) {
        PublisherOptions options = PublisherOptionsTest.parse(env, args.toArray(String[]::new));
        assertThat(options.redisUri()).isNotNull();
        assertThat(options.waitFor()).isNotNull();
        assertThat(options.feedConfig()).isNotNull();
        assertThat(options.batch()).isPositive();
        assertThat(options.linger()).isPositive();
        assertThat(options.streamMaxLen()).isPositive();
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object n = node;
        for (String step : path) {
            n = ((Map<String, Object>) n).get(step);
        }
        return (T) n;
    }

    @Test
    void theComposeFilesCommandIsOneThePublisherTakes() throws IOException {
        Map<String, Object> compose;
        try (Reader r = Files.newBufferedReader(OPS.resolve("compose/compose.yaml"))) {
            compose = new Yaml().load(r);
        }
        List<String> command = at(compose, "services", "publisher", "command");
        assertThat(command).isNotEmpty();
        Map<String, String> environment = at(compose, "services", "publisher", "environment");
        startsWith(environment == null ? Map.of() : environment, command);
    }

    @Test
    void theKubernetesEnvironmentIsOneThePublisherTakes() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(OPS.resolve("k8s/publisher.yaml"))) {
            new Yaml().loadAll(r).forEach(d -> documents.add(at(d)));
        }
        Map<String, Object> configMap = documents.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, String> environment = at(configMap, "data");
        List<String> known = PublisherOptionsTest.configurableOptions().stream().map(EnvironmentDefaults::variable)
                .toList();
        assertThat(known).containsAll(environment.keySet());

        Map<String, Object> deployment = documents.stream().filter(d -> "Deployment".equals(d.get("kind")))
                .findFirst().orElseThrow();
        List<Map<String, Object>> containers = at(deployment, "spec", "template", "spec", "containers");
        assertThat(containers.get(0).get("args")).as("the options come from the environment alone").isNull();
        assertThat(containers.get(0).get("envFrom")).asString().contains(at(configMap, "metadata", "name").toString());
        startsWith(environment, List.of());
    }
}
