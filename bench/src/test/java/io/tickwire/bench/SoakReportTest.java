package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the soak reads a node's metrics and judges flatness, from hand-made samples. */
class SoakReportTest {

    private static final double MB = 1 << 20;

    /** Samples of one node a minute apart: heap in MB, descriptors, connections as the node and the clients count them. */
    private static List<SoakSampler.Sample> samples(double[] heapMb, long[] fds, double[] connections, int[] clientsOpen,
                                                    double[] subscriptions) {
        List<SoakSampler.Sample> out = new ArrayList<>();
        for (int i = 0; i < heapMb.length; i++) {
            SoakSampler.NodeSample n = new SoakSampler.NodeSample(0, 1, 1, (long) (heapMb[i] * MB), 0, fds[i], 36,
                    connections[i], subscriptions[i], clientsOpen[i], Map.of());
            out.add(new SoakSampler.Sample(i * 60_000L, i + 1, List.of(n), clientsOpen[i], 0, 0, 6379, 10, 0, 1));
        }
        return out;
    }

    @Test
    void aHeapThatKeepsGrowingIsNotFlatAndOneThatWandersIs() {
        double[] conns = {100, 100, 100, 100, 100, 100};
        int[] open = {100, 100, 100, 100, 100, 100};
        double[] subs = {500, 500, 500, 500, 500, 500};
        long[] fds = {150, 150, 150, 150, 150, 150};

        List<SoakReport.Trend> growing = SoakReport.trends(samples(new double[] {30, 32, 35, 38, 41, 44}, fds, conns, open,
                subs), 1);
        List<SoakReport.Trend> wandering = SoakReport.trends(samples(new double[] {33, 30, 34, 31, 33, 32}, fds, conns,
                open, subs), 1);

        SoakReport.Trend heap = growing.stream().filter(t -> t.metric().startsWith("heap")).findFirst().orElseThrow();
        assertThat(heap.flat()).isFalse();
        assertThat(heap.slopePerHour()).isGreaterThan(100);
        assertThat(wandering).allMatch(SoakReport.Trend::flat);
    }

    @Test
    void descriptorsAreJudgedBeyondTheClientConnections() {
        double[] heap = {30, 30, 30, 30, 30, 30};
        // Descriptors follow the connections one for one: nothing leaks.
        List<SoakReport.Trend> following = SoakReport.trends(samples(heap, new long[] {150, 180, 120, 160, 200, 140},
                new double[] {100, 130, 70, 110, 150, 90}, new int[] {100, 130, 70, 110, 150, 90},
                new double[] {500, 650, 350, 550, 750, 450}), 1);
        // Descriptors climb while the connections stay.
        List<SoakReport.Trend> leaking = SoakReport.trends(samples(heap, new long[] {150, 155, 160, 170, 175, 180},
                new double[] {100, 100, 100, 100, 100, 100}, new int[] {100, 100, 100, 100, 100, 100},
                new double[] {500, 500, 500, 500, 500, 500}), 1);

        assertThat(following).allMatch(SoakReport.Trend::flat);
        assertThat(leaking.stream().filter(t -> t.metric().startsWith("fds")).findFirst().orElseThrow().flat()).isFalse();
    }

    @Test
    void registrationsThatOutliveTheirClientsDoNotMatch() {
        double[] heap = {30, 30, 30};
        long[] fds = {150, 150, 150};
        int[] open = {100, 100, 100};
        List<SoakSampler.Sample> leftBehind = samples(heap, fds, new double[] {100, 104, 110}, open,
                new double[] {500, 520, 550});
        List<SoakSampler.Sample> subscriptionsLeft = samples(heap, fds, new double[] {100, 100, 100}, open,
                new double[] {500, 530, 560});

        assertThat(SoakReport.registrations(leftBehind, 1, 5, 200).get(0).match()).isFalse();
        assertThat(SoakReport.registrations(subscriptionsLeft, 1, 5, 200).get(0).match()).isFalse();
        assertThat(SoakReport.registrations(samples(heap, fds, new double[] {100, 99, 101}, open,
                new double[] {500, 495, 505}), 1, 5, 200).get(0).match()).isTrue();
    }

    @Test
    void aScrapeKeepsTheTickwireSeriesButNotHistogramBuckets() {
        String body = """
                # HELP tickwire_connections Open client connections
                # TYPE tickwire_connections gauge
                tickwire_connections{transport="sse"} 40.0
                tickwire_connections{transport="ws"} 60.0
                tickwire_subscriptions 500.0
                tickwire_delivery_latency_seconds_bucket{transport="ws",le="0.001"} 12.0
                tickwire_delivery_latency_seconds_count{transport="ws"} 12.0
                jvm_threads_live_threads 36.0
                jvm_memory_used_bytes{area="heap",id="PS Eden Space"} 1.0E7
                """;

        Map<String, Double> series = SoakSampler.scrape(body);

        assertThat(series).containsEntry("tickwire_connections{transport=\"ws\"}", 60.0)
                .containsEntry("tickwire_subscriptions", 500.0)
                .containsEntry("tickwire_delivery_latency_seconds_count{transport=\"ws\"}", 12.0)
                .containsEntry("jvm_threads_live_threads", 36.0)
                .doesNotContainKey("tickwire_delivery_latency_seconds_bucket{transport=\"ws\",le=\"0.001\"}")
                .doesNotContainKey("jvm_memory_used_bytes{area=\"heap\",id=\"PS Eden Space\"}");
    }
}
