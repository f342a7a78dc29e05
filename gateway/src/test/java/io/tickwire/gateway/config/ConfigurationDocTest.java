package io.tickwire.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} against the configuration metadata the build generates from
 * {@link TickwireProperties} ({@code META-INF/spring-configuration-metadata.json}, written by
 * spring-boot-configuration-processor): every {@code tickwire.*} property is on the page, every
 * {@code tickwire.*} key the page names is a property (or a group, or an entry of a map
 * property), and a default the page gives is the one the code has. So a key added, renamed or
 * removed, or a default changed, fails here until the page says so.
 */
class ConfigurationDocTest {

    static final Path DOC = Path.of(System.getProperty("tickwire.ops.dir", "../ops")).toAbsolutePath().normalize()
            .resolveSibling("docs/configuration.md");
    /** A {@code tickwire.} key as the page writes it, not part of a longer name ({@code io.tickwire.x}, {@code ops/tickwire.conf}). */
    static final Pattern KEY = Pattern.compile("(?<![\\w./])tickwire\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*");
    /** A table row of the page: its key, and the first code span of its default cell. */
    static final Pattern ROW = Pattern.compile("(?m)^\\| `(tickwire\\.[a-z0-9.-]+)[^|]*\\| ([^|]*)\\|");
    static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Name to its metadata entry: every {@code tickwire.*} property, then every group, from every metadata file on the classpath. */
    record Metadata(Map<String, JsonNode> properties, Set<String> groups) {

        static Metadata read() throws IOException {
            Map<String, JsonNode> properties = new TreeMap<>();
            Set<String> groups = new TreeSet<>();
            ObjectMapper json = new ObjectMapper();
            for (URL url : Collections.list(ConfigurationDocTest.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    JsonNode metadata = json.readTree(in);
                    metadata.path("properties").forEach(p -> {
                        if (p.path("name").asText().startsWith("tickwire.")) {
                            properties.put(p.path("name").asText(), p);
                        }
                    });
                    metadata.path("groups").forEach(g -> {
                        if (g.path("name").asText().startsWith("tickwire")) {
                            groups.add(g.path("name").asText());
                        }
                    });
                }
            }
            return new Metadata(properties, groups);
        }

        /** Whether {@code key} is a property, a group, or an entry of a map property ({@code tickwire.auth.groups.us-etf}). */
        boolean knows(String key) {
            if (properties.containsKey(key) || groups.contains(key)) {
                return true;
            }
            return properties.values().stream().anyMatch(p -> p.path("type").asText().startsWith("java.util.Map<")
                    && key.startsWith(p.path("name").asText() + "."));
        }
    }

    static Set<String> keysNamed(String doc) {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(doc);
        while (m.find()) {
            keys.add(m.group());
        }
        return keys;
    }

    @Test
    void theMetadataHoldsEveryPropertyOfTickwireProperties() throws IOException {
        Metadata metadata = Metadata.read();
        // The nested AuthProperties too: without @NestedConfigurationProperty it would be one opaque key.
        assertThat(metadata.properties()).containsKeys("tickwire.feed.source", "tickwire.client.queue-size",
                "tickwire.auth.enabled", "tickwire.auth.claims.scope-prefix", "tickwire.limits.max-connections");
        assertThat(metadata.properties()).doesNotContainKey("tickwire.auth");
    }

    @Test
    void aMisspelledKeyIsCaughtAndAMapEntryIsNot() throws IOException {
        Metadata metadata = Metadata.read();
        assertThat(keysNamed("`--tickwire.feed.rates=5`, tickwire.auth.groups.us-etf, io.tickwire.gateway, TICKWIRE_FEED_RATE"))
                .containsExactly("tickwire.auth.groups.us-etf", "tickwire.feed.rates");
        assertThat(metadata.knows("tickwire.feed.rates")).isFalse();
        assertThat(metadata.knows("tickwire.auth.groups.us-etf")).isTrue();
        assertThat(metadata.knows("tickwire.limits")).isTrue();
    }

    @Test
    void everyPropertyIsOnThePage() throws IOException {
        Set<String> named = keysNamed(Files.readString(DOC));
        List<String> missing = Metadata.read().properties().keySet().stream().filter(p -> !named.contains(p)).toList();
        assertThat(missing).as("tickwire.* properties missing from " + DOC).isEmpty();
    }

    @Test
    void everyKeyThePageNamesExists() throws IOException {
        Metadata metadata = Metadata.read();
        List<String> unknown = keysNamed(Files.readString(DOC)).stream().filter(k -> !metadata.knows(k)).toList();
        assertThat(unknown).as("keys in " + DOC + " that TickwireProperties does not have").isEmpty();
    }

    @Test
    void everyDefaultThePageGivesIsTheCodes() throws IOException {
        Map<String, JsonNode> properties = Metadata.read().properties();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            JsonNode property = properties.get(row.group(1));
            if (property == null || !property.has("defaultValue")) {
                continue;
            }
            String code = property.path("defaultValue").asText();
            Matcher shown = CODE.matcher(row.group(2));
            String doc = shown.find() ? shown.group(1) : row.group(2).strip();
            boolean same = code.isEmpty() ? doc.equals("*(blank)*") : sameValue(code, doc);
            if (!same) {
                wrong.add(row.group(1) + ": the page says " + doc + ", the code " + code);
            }
            checked++;
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).as("defaults compared").isGreaterThan(30);
    }

    static boolean sameValue(String code, String doc) {
        try {
            return new BigDecimal(code).compareTo(new BigDecimal(doc)) == 0;
        }
        catch (NumberFormatException notNumbers) {
            return code.equalsIgnoreCase(doc);
        }
    }
}
