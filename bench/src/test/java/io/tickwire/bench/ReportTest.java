package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ceilings table of RESULTS.md, from hand-made points. */
class ReportTest {

    private static Compare.Point point(String system, int rate, double offered, double delivered, double p99) {
        LoadClient.Spec spec = new LoadClient.Spec(system, "ws", "127.0.0.1", 1, 1000, 10, 100, 10, 20, 0);
        LoadClient.Result result = new LoadClient.Result(delivered, delivered, 1, 2, p99, p99, p99, 50, 50,
                1 << 20, 0, 1, 2, 0);
        return new Compare.Point(system, "ws", rate, 1, offered, spec, result, false);
    }

    @Test
    void aSystemWithNoRateThatHeldIsListedAsBelowItsLowestRate(@TempDir Path out) throws Exception {
        List<Compare.Point> points = List.of(
                point("tickwire", 1000, 100_000, 100_000, 4),
                point("tickwire", 2000, 200_000, 200_000, 9),
                point("slow", 1000, 100_000, 99_000, 500),
                point("slow", 2000, 200_000, 150_000, 2000),
                point("lossy", 1000, 100_000, 90_000, 5));

        Report.write(points, Map.of("machine", "test", "method", "test"), out, "results-test.json");

        String md = Files.readString(out.resolve("RESULTS.md"));
        assertThat(md).contains("| tickwire | ws | 200,000 | 9.0 | 1.00× |");
        assertThat(md).contains("| slow | ws | below 100,000 (no rate held) | 500.0 at 100,000 | > 2.00× |");
        assertThat(md).contains("| lossy | ws | below 100,000 (no rate held) | 5.0 at 100,000 | > 2.00× |");
    }
}
