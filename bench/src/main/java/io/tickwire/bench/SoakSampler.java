package io.tickwire.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One sample of a soak: per node, what it holds after a full collection (heap, via {@code jcmd
 * GC.run} then {@code jstat}), its open descriptors ({@code /proc/<pid>/fd}), threads and RSS, and
 * its registrations from {@code /actuator/prometheus} ({@code tickwire_connections} summed over
 * transports, {@code tickwire_subscriptions}, and every other {@code tickwire_*} series bar histogram
 * buckets), beside the connections the clients count open to it; and the Redis primary's clients
 * and memory.
 */
final class SoakSampler {

    /** A node's figures; {@code clientsOpen} is the clients' own count of their connections to it. */
    record NodeSample(int node, int generation, long pid, long heapAfterGcBytes, long rssBytes, long fds,
                      long threads, double connections, double subscriptions, int clientsOpen,
                      Map<String, Double> series) {
    }

    /** {@code loadAverage}: the machine's, over the last minute (it is shared). */
    record Sample(long at, double minute, List<NodeSample> nodes, int clientsLive, long quotes, long violations,
                  int redisPrimary, long redisClients, long redisUsedMemory, double loadAverage) {
    }

    private SoakSampler() {
    }

    static Sample take(SoakCluster cluster, SoakClients clients, int nodes, long t0) {
        List<NodeSample> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            long pid = cluster.nodePid(i);
            long heap = ProcStat.heapAfterGc(List.of(pid));
            int clientsOpen = clients.open(i);
            Map<String, Double> series = scrape(cluster.get(i, "/actuator/prometheus"));
            double connections = series.entrySet().stream().filter(e -> e.getKey().startsWith("tickwire_connections{"))
                    .mapToDouble(Map.Entry::getValue).sum();
            out.add(new NodeSample(i, cluster.generation(i), pid, heap, ProcStat.rssBytes(List.of(pid)), fds(pid),
                    status(pid, "Threads:"), connections, series.getOrDefault("tickwire_subscriptions", -1.0),
                    clientsOpen, series));
        }
        long now = System.currentTimeMillis();
        int primary = cluster.primaryPort();
        long redisClients = -1;
        long redisMemory = -1;
        try {
            redisClients = Long.parseLong(RespClient.info(primary, "clients", "connected_clients"));
            redisMemory = Long.parseLong(RespClient.info(primary, "memory", "used_memory"));
        }
        catch (IOException | RuntimeException e) {
            // the primary is between lives: left at -1
        }
        return new Sample(now, (now - t0) / 60_000.0, out, clients.live(), clients.quotes.sum(),
                clients.violations.sum(), primary, redisClients, redisMemory,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Each {@code tickwire_*} series bar histogram buckets, and the JVM's own counts of threads and descriptors. */
    static Map<String, Double> scrape(String body) {
        Map<String, Double> out = new TreeMap<>();
        if (body == null) {
            return out;
        }
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.contains("_bucket{")
                    || !(line.startsWith("tickwire_") || line.startsWith("process_files_open_files")
                    || line.startsWith("jvm_threads_live_threads"))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // not a sample line
            }
        }
        return out;
    }

    private static long fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        }
        catch (IOException e) {
            return -1;
        }
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
