package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The comparison in smoke mode (Tickwire only, 100 clients, a few seconds): the bench still
 * starts a server through its script, connects, measures, stops it by PID and writes JSON,
 * RESULTS.md and the chart. It checks that figures came out, never how fast they are.
 */
class BenchSmokeTest {

    @Test
    void smokeRunMeasuresTickwireAndWritesResults() throws Exception {
        Path out = Path.of("target", "smoke");
        Compare.main(new String[] {"--smoke", "--root", "..", "--out", out.toString(), "--port", "18490"});

        Path raw;
        try (Stream<Path> files = Files.list(out)) {
            raw = files.filter(f -> f.getFileName().toString().startsWith("results-")).max(Path::compareTo).orElseThrow();
        }
        JsonNode point = new ObjectMapper().readTree(raw.toFile()).path("points").get(0);
        assertThat(point.path("system").asText()).isEqualTo("tickwire");
        assertThat(point.path("result").path("deliveredPerSecond").asDouble()).as("delivered/s").isPositive();
        assertThat(point.path("result").path("failures").asLong()).isZero();
        assertThat(point.path("result").path("serverCpuPercent").asDouble()).as("server CPU seen").isPositive();
        assertThat(Files.readString(out.resolve("RESULTS.md"))).contains("| tickwire | ws |");
        assertThat(Files.size(out.resolve("delivered-vs-p99.png"))).isPositive();
    }
}
