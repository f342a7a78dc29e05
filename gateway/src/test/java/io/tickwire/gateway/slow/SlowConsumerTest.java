package io.tickwire.gateway.slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.observability.MetricNames;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Stalled clients next to fast ones, on the real simulator at a high rate: the fast clients'
 * delivery is compared, in the same run, with their delivery before any client stalled; the
 * gateway's memory is compared early and late in the stall; the stalled clients, once they read
 * again, must reach fresh quotes in bounded time rather than through a backlog as long as the stall. Bounds are generous: the
 * clients share the two cores with the server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.feed.rate=5000", "tickwire.feed.symbols=20", "tickwire.feed.zipf-exponent=0", "tickwire.feed.seed=11",
    // The stall is the point here, not dead-peer detection.
    "tickwire.ws.ping-interval=1m", "tickwire.ws.idle-timeout=5m"})
class SlowConsumerTest {

    private static final Logger log = LoggerFactory.getLogger(SlowConsumerTest.class);
    private static final int FAST = 6;
    private static final int STALLED = 4;
    private static final long MB = 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    QuoteHub hub;
    @Autowired
    MeterRegistry registry;

    @ParameterizedTest
    @ValueSource(strings = {"ws", "sse"})
    void stalledClientsNeitherSlowTheFastOnesNorGrowMemoryAndReadFreshQuotesWhenTheyResume(String transport) {
        // Default socket options, as browsers use: a receive buffer locked with SO_RCVBUF would make
        // Linux skip the window update when the client reads again after a zero window, and the
        // gateway's kernel would resume sending only at its next zero-window probe (seconds later).
        BiFunction<Integer, String, StreamProbe> open = "ws".equals(transport) ? StreamProbe::ws : StreamProbe::sse;
        List<StreamProbe> fast = new ArrayList<>();
        List<StreamProbe> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < FAST; i++) {
                fast.add(open.apply(port, "*").connected());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fast.stream().allMatch(p -> p.newestTs() > 0));
            StreamProbe.measureFor(Duration.ofSeconds(1));
            window(fast);
            double conflatedAlone = conflated(transport);
            StreamProbe.measureFor(Duration.ofSeconds(4));
            StreamProbe.Window alone = window(fast);
            conflatedAlone = conflated(transport) - conflatedAlone;

            for (int i = 0; i < STALLED; i++) {
                stalled.add(open.apply(port, "*").connected());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> stalled.stream().allMatch(p -> p.newestTs() > 0));
            stalled.forEach(StreamProbe::pauseReading);
            StreamProbe.measureFor(Duration.ofSeconds(3));
            double conflatedBefore = conflated(transport);
            Memory early = Memory.now();
            window(fast);
            window(stalled);
            StreamProbe.measureFor(Duration.ofSeconds(6));
            StreamProbe.Window withStalled = window(fast);
            StreamProbe.Window whileStalled = window(stalled);
            double conflatedStalled = conflated(transport) - conflatedBefore;
            StreamProbe.measureFor(Duration.ofSeconds(3));
            Memory late = Memory.now();

            long resumed = Timestamps.nowMicros();
            stalled.forEach(StreamProbe::resumeReading);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stalled.stream().allMatch(p -> p.newestTs() >= resumed));
            long fresh = stalled.stream().mapToLong(StreamProbe::freshAfterResume).max().orElseThrow();
            long silence = stalled.stream().mapToLong(StreamProbe::silenceAfterResume).max().orElseThrow();
            log.info("{}: after resuming, first bytes within {} ms, a quote made after the resume within {} ms",
                    transport, silence / 1000, fresh / 1000);

            double aloneRate = alone.quotes() / 4.0;
            double withRate = withStalled.quotes() / 6.0;
            log.info("{}: fast clients alone {} quotes/s p99 {} ms; with {} stalled {} quotes/s p99 {} ms; "
                            + "heap {} -> {} MB, direct {} -> {} MB over 9 s of stall", transport,
                    Math.round(aloneRate), alone.p99Millis(), STALLED, Math.round(withRate), withStalled.p99Millis(),
                    early.heap / MB, late.heap / MB, early.direct / MB, late.direct / MB);

            assertThat(withRate).as("fast clients' delivery with stalled ones").isGreaterThan(0.7 * aloneRate);
            assertThat(withStalled.p99Millis()).as("fast clients' p99 latency with stalled ones, ms")
                    .isLessThan(Math.max(3 * alone.p99Millis(), 50));
            assertThat(whileStalled.quotes()).as("quotes read by the stalled clients while stalled").isZero();
            // What the kernels held during the stall is read first, then the newest quote of each symbol.
            assertThat(fresh).as("µs from reading again to a quote made after the resume").isLessThan(1_000_000);
            // The gateway saw the stall: the stalled clients' quotes are conflated (each gets 5,000/s offered).
            assertThat(conflatedStalled / 6 - conflatedAlone / 4).as("extra conflated/s while clients stall")
                    .isGreaterThan(STALLED * 1000);
            assertThat(late.heap - early.heap).as("heap growth during the stall").isLessThan(16 * MB);
            assertThat(late.direct - early.direct).as("direct memory growth during the stall").isLessThan(16 * MB);
        }
        finally {
            fast.forEach(StreamProbe::close);
            stalled.forEach(StreamProbe::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriptions() == 0);
    }

    private static StreamProbe.Window window(List<StreamProbe> probes) {
        StreamProbe.Window w = StreamProbe.Window.empty();
        for (StreamProbe p : probes) {
            w = w.plus(p.window());
        }
        return w;
    }

    private double conflated(String transport) {
        return registry.get(MetricNames.MESSAGES_CONFLATED).tag(MetricNames.TRANSPORT, transport).counter().count();
    }

    /** Heap after a full collection, and Netty's pooled direct memory in use. */
    private record Memory(long heap, long direct) {

        static Memory now() {
            MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
            bean.gc();
            long direct = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
            return new Memory(bean.getHeapMemoryUsage().getUsed(), direct);
        }
    }
}
