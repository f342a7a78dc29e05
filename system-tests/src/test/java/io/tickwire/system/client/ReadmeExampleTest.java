package io.tickwire.system.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.client.Transport;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.testing.GatewayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example at the top of {@code clients/java/README.md}, run as written and as the README says:
 * its block saved as {@code PrintQuotes.java} and started with {@code java -cp … PrintQuotes.java
 * <gateway> <transport>} (the launcher compiles it), on this test's classpath, against the real
 * gateway fed by hand, over each transport. It must print ten quotes of its symbols, each symbol's
 * rising, and exit by itself with status 0.
 */
class ReadmeExampleTest extends ManualFeedGatewayTest {

    static final String MARKER = "<!-- example: PrintQuotes";
    /** What the example's {@code printf} writes for a quote of the manual feed. */
    static final Pattern LINE = Pattern.compile("(AAPL|MSFT|NVDA) +\\d+\\.\\d{2} / \\d+\\.\\d{2} +seq (\\d+)");

    @TempDir
    Path dir;

    /** The fenced java block right after the marker in the client's README. */
    static String example() throws IOException {
        Path readme = Path.of(System.getProperty("tickwire.ops.dir")).resolveSibling("clients/java/README.md");
        List<String> lines = Files.readAllLines(readme);
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            at = lines.get(i).startsWith(MARKER) ? i : -1;
        }
        assertThat(at).as("the client README marks its example").isNotNegative();
        assertThat(lines.get(at + 1)).isEqualTo("```java");
        StringBuilder code = new StringBuilder();
        for (int i = at + 2; !lines.get(i).startsWith("```"); i++) {
            code.append(lines.get(i)).append('\n');
        }
        return code.toString();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void printsTenQuotesOfItsSymbolsAndExits(Transport transport) throws Exception {
        Path source = dir.resolve("PrintQuotes.java");
        Files.writeString(source, example());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), source.toString(), "http://127.0.0.1:" + port,
                transport.name()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            // The market while it runs: a round of quotes at each look, until it has printed its ten and exited.
            await().atMost(GatewayNode.START).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (String symbol : new String[] {"AAPL", "MSFT", "NVDA", "TSLA"}) {
                    feed.emit(symbol);
                }
                return !example.isAlive();
            });
        }
        finally {
            example.destroyForcibly();
        }
        assertThat(example.exitValue()).as(Files.readString(err)).isZero();
        List<String> printed = Files.readAllLines(out);
        assertThat(printed).as(Files.readString(err)).hasSize(10).allMatch(l -> LINE.matcher(l).matches());
        Map<String, Long> last = new HashMap<>();
        for (String line : printed) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).isTrue();
            long seq = Long.parseLong(m.group(2));
            assertThat(seq).as(line).isGreaterThan(last.getOrDefault(m.group(1), 0L));
            last.put(m.group(1), seq);
        }
        assertThat(Files.readString(err)).as("events on stderr").contains("state=LIVE");
    }
}
