package io.tickwire.system.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The recipes of docs/publishing.md, run as written (curl in bash, Python's standard
 * library, Node's fetch) against a real node fed over HTTP, so the documentation cannot drift
 * from what the gateway does. Only the address changes: the README's {@code http://localhost:8080}
 * is this test's port.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
        properties = {"tickwire.feed.source=http", "tickwire.publish.enabled=true", "tickwire.feed.stall-limit=1h"})
class ReadmeRecipesTest {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    @LocalServerPort
    int port;
    @TempDir
    Path dir;

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The fenced block right after {@code <!-- recipe: name -->} in docs/publishing.md. */
    static String recipe(String name) throws IOException {
        Path readme = Path.of(System.getProperty("tickwire.ops.dir")).resolveSibling("docs/publishing.md");
        List<String> lines = Files.readAllLines(readme);
        int at = lines.indexOf("<!-- recipe: " + name + " -->");
        assertThat(at).as("README marks the recipe " + name).isNotNegative();
        assertThat(lines.get(at + 1)).startsWith("```");
        StringBuilder code = new StringBuilder();
        for (int i = at + 2; !lines.get(i).startsWith("```"); i++) {
            code.append(lines.get(i)).append('\n');
        }
        return code.toString();
    }

    /** Runs {@code command} with {@code TICKWIRE} set to this node; its output, after it exited 0. */
    String run(List<String> command) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("TICKWIRE", base());
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished").isTrue();
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    JsonNode latest(String symbols) throws IOException {
        String body = WebTestClient.bindToServer().baseUrl(base()).build().get().uri("/api/quotes?symbols={s}", symbols)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return MAPPER.readTree(body).get("quotes");
    }

    static String digits(JsonNode n) {
        return n.decimalValue().toPlainString();
    }

    @Test
    void theCurlRecipeDefinesPublishesReadsAndIsRefusedAsItsCommentsSay() throws Exception {
        ExternalTool.require("curl", "curl");
        Path script = dir.resolve("recipe.sh");
        Files.writeString(script, recipe("publish-curl").replace("http://localhost:8080", base()));
        String output = run(List.of("bash", "-e", script.toString()));
        assertThat(output).contains("{\"count\":2}")
                .contains("{\"code\":\"BAD_QUOTE\",\"message\":\"quotes[0] (EUR/USD): ask 1.083475 has more than 5 decimals\","
                        + "\"index\":0}");
        JsonNode quotes = latest("BTC-USD,EUR/USD");
        assertThat(digits(quotes.get(0).get("bidSize"))).isEqualTo("0.0153");
        assertThat(digits(quotes.get(0).get("volume"))).isEqualTo("18234.56789012");
        assertThat(digits(quotes.get(1).get("open"))).isEqualTo("1.08120");
    }

    @Test
    void thePythonRecipePublishesARandomWalkAtEachInstrumentsPlaces() throws Exception {
        ExternalTool.require("python3", "python3");
        Path script = dir.resolve("recipe.py");
        Files.writeString(script, recipe("publish-python"), StandardCharsets.UTF_8);
        String output = run(List.of("python3", script.toString()));
        assertThat(output).startsWith("published through seq ");
        Map<String, JsonNode> bySymbol = Map.of("BTC-USD", latest("BTC-USD").get(0), "EUR/USD", latest("EUR/USD").get(0));
        assertThat(digits(bySymbol.get("BTC-USD").get("bid"))).matches("\\d+\\.\\d{2}");
        assertThat(digits(bySymbol.get("BTC-USD").get("bidSize"))).matches("0\\.\\d{1,8}");
        assertThat(digits(bySymbol.get("EUR/USD").get("bid"))).matches("1\\.\\d{5}");
        assertThat(bySymbol.get("EUR/USD").get("volume").asLong()).isEqualTo(50_000_000L);
        assertThat(Long.parseLong(output.trim().substring("published through seq ".length())))
                .isEqualTo(bySymbol.get("EUR/USD").get("seq").asLong());
    }

    @Test
    void theNodeRecipePublishesAFutureOnItsQuarterTick() throws Exception {
        Path node = ExternalTool.require("node", "nodejs");
        Path script = dir.resolve("recipe.mjs");
        Files.writeString(script, recipe("publish-node"), StandardCharsets.UTF_8);
        String output = run(List.of(node.toString(), script.toString()));
        assertThat(output).startsWith("ESZ6 published through seq ");
        JsonNode es = latest("ESZ6").get(0);
        assertThat(digits(es.get("bid"))).matches("\\d+\\.(00|25|50|75)");
        assertThat(es.get("volume").asLong()).isEqualTo(250);
    }
}
