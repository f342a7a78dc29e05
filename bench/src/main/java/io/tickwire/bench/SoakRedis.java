package io.tickwire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The soak's Redis, as real processes on 127.0.0.1 (Debian's): a primary and one replica watched by
 * three {@code redis-sentinel}s (quorum 2), or, without {@code sentinel}, one Redis alone. None keeps
 * snapshots or an AOF, so a killed Redis loses what it held, as one without persistence would.
 * Redis listens at {@code base+10} and {@code base+11}, the Sentinels at {@code base+20..22}.
 */
final class SoakRedis implements AutoCloseable {

    static final String MASTER = "tickwire-soak";

    /** A Redis failover (or, without Sentinel, a Redis killed and started again empty); epoch ms. */
    record Failover(String mode, int killedPort, long killedAt, int newPrimaryPort, long promotedAt,
                    long rejoinedAt) {
    }

    private final Path logs;
    private final int base;
    private final boolean sentinel;
    private final int downAfterMillis;
    private final Map<Integer, Process> redis = new TreeMap<>();
    private final List<Process> sentinels = new ArrayList<>();
    private volatile int primaryPort;

    SoakRedis(Path logs, int base, boolean sentinel, int downAfterMillis) {
        this.logs = logs;
        this.base = base;
        this.sentinel = sentinel;
        this.downAfterMillis = downAfterMillis;
        this.primaryPort = redisPort(0);
    }

    int redisPort(int i) {
        return base + 10 + i;
    }

    int sentinelPort(int i) {
        return base + 20 + i;
    }

    int primaryPort() {
        return primaryPort;
    }

    List<Integer> ports() {
        return sentinel ? List.of(redisPort(0), redisPort(1), sentinelPort(0), sentinelPort(1), sentinelPort(2))
                : List.of(redisPort(0));
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: the Sentinels, as clients name them. */
    String sentinelNodes() {
        return "127.0.0.1:" + sentinelPort(0) + ",127.0.0.1:" + sentinelPort(1) + ",127.0.0.1:" + sentinelPort(2);
    }

    boolean sentinel() {
        return sentinel;
    }

    void start() throws IOException, InterruptedException {
        startRedis(redisPort(0), 0);
        if (sentinel) {
            startRedis(redisPort(1), redisPort(0));
            for (int i = 0; i < 3; i++) {
                startSentinel(sentinelPort(i));
            }
            SoakCluster.await("the Sentinels to see the replica and each other", 60, () -> sentinelsAgree(redisPort(1)));
        }
    }

    /**
     * kill -9 the primary ({@code killed} runs as soon as it is gone); then wait for Sentinel's
     * promotion and bring the old primary back as a replica of the new one.
     */
    Failover fail(Runnable killed) throws IOException, InterruptedException {
        int old = primaryPort;
        long killedAt = System.currentTimeMillis();
        Process p = redis.get(old);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        killed.run();
        if (!sentinel) {
            startRedis(old, 0);
            long back = System.currentTimeMillis();
            return new Failover("single Redis killed, restarted empty", old, killedAt, old, back, back);
        }
        int[] promoted = {old};
        SoakCluster.await("Sentinel to promote a replica", 120, () -> {
            promoted[0] = sentinelMaster();
            return promoted[0] > 0 && promoted[0] != old;
        });
        long promotedAt = System.currentTimeMillis();
        primaryPort = promoted[0];
        startRedis(old, primaryPort);
        SoakCluster.await("the old primary to rejoin as a replica", 120, () -> sentinelsAgree(old));
        return new Failover("sentinel", old, killedAt, primaryPort, promotedAt, System.currentTimeMillis());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : sentinels) {
            SoakCluster.stop(p);
        }
        for (Process p : redis.values()) {
            SoakCluster.stop(p);
        }
    }

    private void startRedis(int port, int replicaOf) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(logs.resolve("redis-" + port));
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        if (replicaOf > 0) {
            cmd.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(replicaOf)));
        }
        redis.put(port, SoakCluster.spawn(cmd, logs.resolve("redis-" + port + ".log")));
        SoakCluster.await("redis-server on " + port, 30, () -> RespClient.answers(port));
    }

    private void startSentinel(int port) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(logs.resolve("sentinel-" + port));
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "daemonize no", "dir " + dir,
                "sentinel monitor " + MASTER + " 127.0.0.1 " + redisPort(0) + " 2",
                "sentinel down-after-milliseconds " + MASTER + " " + downAfterMillis,
                "sentinel failover-timeout " + MASTER + " 10000",
                "sentinel parallel-syncs " + MASTER + " 1", ""));
        sentinels.add(SoakCluster.spawn(List.of("redis-sentinel", conf.toString()), logs.resolve("sentinel-" + port + ".log")));
        SoakCluster.await("redis-sentinel on " + port, 30, () -> RespClient.answers(port));
    }

    /** Every Sentinel knows the other two and sees {@code replicaPort} as a healthy replica of the primary. */
    private boolean sentinelsAgree(int replicaPort) {
        try {
            for (int i = 0; i < 3; i++) {
                List<?> master = (List<?>) RespClient.call(sentinelPort(i), "SENTINEL", "MASTER", MASTER);
                if (!"2".equals(field(master, "num-other-sentinels"))
                        || !String.valueOf(primaryPort).equals(field(master, "port"))) {
                    return false;
                }
                boolean seen = false;
                for (Object r : (List<?>) RespClient.call(sentinelPort(i), "SENTINEL", "REPLICAS", MASTER)) {
                    List<?> replica = (List<?>) r;
                    seen |= String.valueOf(replicaPort).equals(field(replica, "port"))
                            && "slave".equals(field(replica, "flags"))
                            && "ok".equals(field(replica, "master-link-status"));
                }
                if (!seen) {
                    return false;
                }
            }
            return true;
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The primary's port as the first Sentinel that answers names it, or -1. */
    private int sentinelMaster() {
        for (int i = 0; i < 3; i++) {
            try {
                List<?> addr = (List<?>) RespClient.call(sentinelPort(i), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                return Integer.parseInt(String.valueOf(addr.get(1)));
            }
            catch (IOException | RuntimeException e) {
                // try the next
            }
        }
        return -1;
    }

    private static String field(List<?> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(flat.get(i))) {
                return String.valueOf(flat.get(i + 1));
            }
        }
        return null;
    }
}
