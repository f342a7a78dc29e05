package io.tickwire.system.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files as a test reads them: docs/cluster.md's recipe (its commands, split into
 * arguments), {@code ops/compose/compose.yaml}, the manifests under {@code ops/k8s} and the root
 * {@code Dockerfile}. SnakeYAML, as Compose and Kubernetes read YAML ({@code <<} merges included).
 */
final class DeploymentFiles {

    static final Path OPS = Path.of(System.getProperty("tickwire.ops.dir", "../ops")).toAbsolutePath().normalize();
    static final Path ROOT = OPS.getParent();
    static final Path COMPOSE = OPS.resolve("compose/compose.yaml");
    static final Path K8S = OPS.resolve("k8s");

    private DeploymentFiles() {
    }

    /** The first {@code sh} block of docs/cluster.md's "Run a cluster": one command a line, comments dropped. */
    static List<List<String>> clusterRecipe() {
        String readme = read(ROOT.resolve("docs/cluster.md"));
        int section = readme.indexOf("\n## Run a cluster\n");
        assertThat(section).as("docs/cluster.md's Run a cluster").isNotNegative();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        List<List<String>> commands = new ArrayList<>();
        for (String line : block.split("\n")) {
            String command = line.replaceFirst("\\s+#.*$", "").trim();
            if (!command.isEmpty()) {
                commands.add(Arrays.asList(command.split("\\s+")));
            }
        }
        return commands;
    }

    /** The arguments of the recipe's commands that start with {@code prefix} ({@code java -jar gateway/…}), in order. */
    static List<List<String>> recipeArgs(String... prefix) {
        List<String> head = List.of(prefix);
        return clusterRecipe().stream().filter(c -> c.size() >= head.size() && c.subList(0, head.size()).equals(head))
                .map(c -> c.subList(head.size(), c.size())).toList();
    }

    /** {@code --name=value} arguments as a map, in order. */
    static Map<String, String> properties(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            assertThat(a).as("an argument --name=value").startsWith("--").contains("=");
            out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return out;
    }

    /** The compose file's services by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> composeServices() {
        Map<String, Object> compose = yaml(COMPOSE);
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** Every document of every manifest under {@code ops/k8s} that its kustomization lists. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object file : (List<Object>) yaml(K8S.resolve("kustomization.yaml")).get("resources")) {
            try (Reader r = Files.newBufferedReader(K8S.resolve(file.toString()))) {
                new Yaml().loadAll(r).forEach(d -> out.add((Map<String, Object>) d));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The manifest of {@code kind} named {@code name}. */
    static Map<String, Object> manifest(String kind, String name) {
        return manifests().stream().filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under " + K8S));
    }

    /** The value at {@code path} in nested maps and lists (a number in the path indexes a list). */
    @SuppressWarnings("unchecked")
    static Object at(Object node, Object... path) {
        Object n = node;
        for (Object step : path) {
            n = step instanceof Integer i ? ((List<Object>) n).get(i) : ((Map<String, Object>) n).get(step);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** Nested YAML maps as flat properties: {@code spring.data.redis.url}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                flatten((Map<String, Object>) m).forEach((k2, v2) -> out.put(k + "." + k2, v2));
            }
            else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    /** The Dockerfile's instructions of {@code stage} ({@code FROM … AS stage} to the next FROM), continuations joined. */
    static List<String> dockerStage(String stage) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String instruction : read(ROOT.resolve("Dockerfile")).replaceAll("\\\\\n\\s*", " ").split("\n")) {
            String i = instruction.trim();
            if (i.startsWith("FROM ")) {
                in = i.endsWith(" AS " + stage);
            }
            if (in && !i.isEmpty() && !i.startsWith("#")) {
                out.add(i);
            }
        }
        assertThat(out).as("Dockerfile stage " + stage).isNotEmpty();
        return out;
    }

    /** The first group of {@code pattern} in the first of {@code lines} it finds. */
    static String find(List<String> lines, String pattern) {
        Pattern p = Pattern.compile(pattern);
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + pattern + " in " + lines);
    }

    static Map<String, Object> yaml(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml().load(r);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
