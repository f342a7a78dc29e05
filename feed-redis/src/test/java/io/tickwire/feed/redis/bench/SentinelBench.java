package io.tickwire.feed.redis.bench;

import io.tickwire.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What {@code WAIT} costs and what a Sentinel failover costs, on loopback (issue 23, item 4). Prints
 * figures; asserts nothing. Every run starts its Redis processes afresh; the variants (no
 * {@code WAIT}, {@code WAIT 1}) alternate within each round, and each figure is the median of the rounds.
 *
 * <ul>
 *   <li>{@code throughput}: a primary and one replica; the simulator's publisher process
 *   ({@code tickwire-feed-simulator.jar}, {@code --wait-replicas=0|1}) offered each rate; quotes/s
 *   the primary accepted ({@code HGET tickwire:stats quotes}) over the window, which opens 10 s
 *   after the first quote it accepted (a JVM starting on a busy machine takes a while).</li>
 *   <li>{@code failover} ({@link FailoverRun}): a primary, two replicas and three sentinels (quorum
 *   2, down after 1 s); a publisher (this library, as the gateway's HTTP path uses it) offered
 *   {@code bench.failover-rate} quotes/s (20,000) in a call every 5 ms, one call at a time, and a
 *   feed as a gateway node follows it (backoff 50..500 ms), both through the sentinels; the primary
 *   killed ({@code SIGKILL}). Times from the kill: every sentinel names the new primary; the
 *   publisher has a call acknowledged again; the feed has read a quote published after the
 *   failover. And the quotes acknowledged before the kill that the new primary does not hold (lost).</li>
 * </ul>
 *
 * <pre>
 * mvn -q -o -Psentinel-bench -pl feed-redis verify -Dbench.modes=throughput,failover -Dbench.rounds=3 \
 *     -Dbench.rates=20000,100000,400000 -Dbench.seconds=10 -Dbench.failover-rate=20000 \
 *     -Dbench.publisher-jar=feed-simulator/target/tickwire-feed-simulator.jar
 * </pre>
 */
public final class SentinelBench {

    private SentinelBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        int seconds = Integer.getInteger("bench.seconds", 10);
        List<Integer> rates = List.of(System.getProperty("bench.rates", "20000,100000,400000").split(",")).stream()
                .map(Integer::parseInt).toList();
        Path jar = Path.of(System.getProperty("bench.publisher-jar", "feed-simulator/target/tickwire-feed-simulator.jar"))
                .toAbsolutePath();
        Path dir = Files.createTempDirectory("sentinel-bench");
        System.out.printf("Sentinel bench: %d rounds, %d cores, %s; logs in %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), dir);
        for (String mode : System.getProperty("bench.modes", "throughput,failover").split(",")) {
            if (mode.equals("throughput")) {
                throughput(jar, rates, rounds, seconds, dir);
            }
            else {
                failover(rounds, Integer.getInteger("bench.failover-rate", 20_000), dir);
            }
        }
    }

    private static void throughput(Path jar, List<Integer> rates, int rounds, int seconds, Path dir) throws Exception {
        System.out.printf("%nPublisher into a primary with one replica: quotes/s accepted (median of %d; the runs)%n",
                rounds);
        System.out.printf("%9s %-16s %-34s %-16s %-34s%n", "offered", "no WAIT", "", "--wait-replicas=1", "");
        for (int rate : rates) {
            List<List<Double>> byVariant = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                for (int wait = 0; wait <= 1; wait++) {
                    byVariant.get(wait).add(publisherRate(jar, rate, wait, seconds,
                            dir.resolve("throughput-" + rate + "-" + wait + "-" + round)));
                }
            }
            System.out.printf("%9d %-16.0f %-34s %-16.0f %-34s%n", rate, median(byVariant.get(0)), runs(byVariant.get(0)),
                    median(byVariant.get(1)), runs(byVariant.get(1)));
        }
    }

    /** Quotes/s a fresh primary accepted from the publisher process over {@code seconds}, after 10 s of warm-up. */
    private static double publisherRate(Path jar, int rate, int wait, int seconds, Path dir) throws Exception {
        try (RedisServer primary = RedisServer.start(dir.resolve("primary"));
             RedisServer replica = RedisServer.startReplicaOf(dir.resolve("replica"), primary.port())) {
            replica.awaitInSync();
            primary.awaitOnlineReplicas(1);
            Process publisher = new ProcessBuilder(javaBin(), "-Xmx512m", "-jar", jar.toString(), "--redis=" + primary.url(),
                    "--rate=" + rate, "--symbols=100", "--seed=7", "--wait-replicas=" + wait)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("publisher.log").toFile()).start();
            try {
                // A JVM starting on a busy machine: the warm-up counts from its first accepted quote.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (accepted(primary) == 0) {
                    check(deadline, "the publisher did not start");
                    park(Duration.ofMillis(50));
                }
                park(Duration.ofSeconds(10));
                long from = accepted(primary);
                long t0 = System.nanoTime();
                park(Duration.ofSeconds(seconds));
                long to = accepted(primary);
                return (to - from) / ((System.nanoTime() - t0) / 1e9);
            }
            finally {
                publisher.destroy();
                publisher.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static long accepted(RedisServer primary) {
        Object n = primary.call("HGET", "tickwire:stats", "quotes");
        return n == null ? 0 : Long.parseLong((String) n);
    }

    private static void failover(int rounds, int rate, Path dir) throws Exception {
        int perCall = Math.max(1, rate / 200);
        System.out.printf("%nkill -9 of the primary (2 replicas, 3 sentinels, down-after 1 s), offered %d quotes/s"
                + " in calls of %d every 5 ms: ms from the kill (median of %d; the runs)%n", rate, perCall, rounds);
        List<List<FailoverRun.Figures>> byVariant = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            for (int wait = 0; wait <= 1; wait++) {
                FailoverRun.Figures f = FailoverRun.once(wait, perCall, dir.resolve("failover-" + wait + "-" + round));
                System.out.printf("  round %d, %s: %s%n", round + 1, wait == 0 ? "no WAIT" : "WAIT 1", f);
                byVariant.get(wait).add(f);
            }
        }
        System.out.printf("%-10s %-22s %-22s %-22s %-22s%n", "", "promoted", "acked again", "feed current", "acked lost");
        for (int wait = 0; wait <= 1; wait++) {
            List<FailoverRun.Figures> fs = byVariant.get(wait);
            System.out.printf("%-10s %-22s %-22s %-22s %-22s%n", wait == 0 ? "no WAIT" : "WAIT 1",
                    figure(fs.stream().map(f -> (double) f.promotedMs()).toList()),
                    figure(fs.stream().map(f -> (double) f.resumedMs()).toList()),
                    figure(fs.stream().map(f -> (double) f.feedCurrentMs()).toList()),
                    figure(fs.stream().map(f -> (double) f.lost()).toList()));
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A bench's pacing, not a test's synchronisation: it waits out the warm-up and the window. */
    static void park(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }

    static void check(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(what + " within 60 s of the kill");
        }
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static String runs(List<Double> xs) {
        return "(" + String.join(", ", xs.stream().map(x -> String.format("%.0f", x)).toList()) + ")";
    }

    private static String figure(List<Double> xs) {
        return String.format("%.0f %s", median(xs), runs(xs));
    }
}
