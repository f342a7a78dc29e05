package io.tickwire.system.cluster;

import static io.tickwire.testing.Patience.PATIENCE;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.Sentinels;
import io.tickwire.testing.RedisSentinel;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster's Redis made highly available as docs/cluster.md's recipe makes it: a primary, replicas
 * of it, and three Redis Sentinels (quorum 2) watching it under the name {@value #MASTER}, all
 * real processes on loopback ports. A test can {@link #cutFirstReplica() cut the first replica
 * off} to have it fall behind on purpose. Failures are noticed fast: a primary is down after 1 s
 * without an answer.
 */
final class SentinelRedis implements AutoCloseable {

    static final String MASTER = "tickwire";
    private static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    final RedisServer primary;
    final List<RedisServer> replicas = new ArrayList<>();
    final List<RedisSentinel> sentinels = new ArrayList<>();

    /** The primary, {@code replicaCount} replicas in sync with it, and three sentinels that know them all. */
    SentinelRedis(Path dir, int replicaCount) {
        primary = RedisServer.start(dir.resolve("primary"));
        for (int i = 0; i < replicaCount; i++) {
            RedisServer replica = RedisServer.startReplicaOf(dir.resolve("replica-" + i), primary.port());
            replica.awaitInSync();
            replicas.add(replica);
        }
        primary.awaitOnlineReplicas(replicaCount);
        for (int i = 0; i < 3; i++) {
            sentinels.add(RedisSentinel.start(dir.resolve("sentinel-" + i), MASTER, primary.port(), 2, DOWN_AFTER,
                    FAILOVER_TIMEOUT));
        }
        sentinels.forEach(s -> s.awaitWatching(2, replicaCount));
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    String nodes() {
        return String.join(",", sentinels.stream().map(RedisSentinel::node).toList());
    }

    /** Where a publisher finds the primary: by asking the sentinels. */
    RedisURI uri() {
        return Sentinels.primary(MASTER, Sentinels.nodes(nodes()), null, null).build();
    }

    /** A gateway node's settings: Spring Boot's own keys. */
    String[] nodeArgs() {
        return new String[] {"--spring.data.redis.sentinel.master=" + MASTER,
                "--spring.data.redis.sentinel.nodes=" + nodes()};
    }

    /**
     * The first replica gets nothing more from the primary: its link is cut and cannot be made again
     * (a password the primary refuses: {@code AUTH <password>} is an error where none is set). Its
     * sentinels still count it as a replica to promote, a link down for seconds being no reason not to.
     * (A proxy on the link would not do: Sentinel points a replica that follows another address back
     * at the primary.) Returns once the replica says its link is down.
     */
    void cutFirstReplica() {
        RedisServer replica = replicas.get(0);
        replica.call("CONFIG", "SET", "masterauth", "refused");
        primary.call("CLIENT", "KILL", "TYPE", "replica");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!"down".equals(replica.info("replication").get("master_link_status"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica's link is still up: " + replica.info("replication"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** The replica that every sentinel names as the primary, or null while they do not all name the same one. */
    RedisServer promoted() {
        for (RedisServer r : replicas) {
            if (sentinels.stream().allMatch(s -> s.primaryPort() == r.port())) {
                return r;
            }
        }
        return null;
    }

    /** The seq of each symbol's latest quote, as {@code redis} holds it ({@code tickwire:latest}). */
    static Map<String, Long> latest(RedisServer redis) {
        Map<String, Long> out = new HashMap<>();
        List<?> flat = (List<?>) redis.call("HGETALL", "tickwire:latest");
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            Matcher m = SEQ.matcher((String) flat.get(i + 1));
            if (!m.find()) {
                throw new IllegalStateException("no seq in " + flat.get(i + 1));
            }
            out.put((String) flat.get(i), Long.parseLong(m.group(1)));
        }
        return out;
    }

    /** The last seq {@code redis} assigned ({@code tickwire:seq}). */
    static long lastSeq(RedisServer redis) {
        Object seq = redis.call("GET", "tickwire:seq");
        return seq == null ? 0 : Long.parseLong((String) seq);
    }

    /** Whether {@code redis}'s stream holds each of {@code seqs}: the ones it does not, in order. */
    static List<Long> missing(RedisServer redis, List<Long> seqs) {
        // Each entry holds the seqs from its "seq" field to its id.
        List<long[]> ranges = new ArrayList<>();
        for (Object e : (List<?>) redis.call("XRANGE", "tickwire:quotes", "-", "+")) {
            List<?> entry = (List<?>) e;
            String id = (String) entry.get(0);
            List<?> fields = (List<?>) entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("seq".equals(fields.get(i))) {
                    ranges.add(new long[] {Long.parseLong((String) fields.get(i + 1)),
                            Long.parseLong(id.substring(0, id.indexOf('-')))});
                }
            }
        }
        return seqs.stream().filter(s -> ranges.stream().noneMatch(r -> r[0] <= s && s <= r[1])).toList();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(sentinels);
        all.addAll(replicas);
        all.add(primary);
        for (AutoCloseable c : all) {
            try {
                c.close();
            }
            catch (Exception e) {
                // Stopping what is left; the test's outcome is decided.
            }
        }
    }
}
