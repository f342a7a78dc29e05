package io.tickwire.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The soak's client population: {@code count} logical clients, alternately WebSocket and SSE, each
 * with its own {@code perClient} of the {@code symbols}, that connect to a node, stay a random
 * {@code minLife..maxLife} seconds, leave, and come back resuming from the last {@code seq} they saw
 * ({@link SoakClient}). Every quote is checked: its symbol is one the client asked for, and its
 * {@code seq} is above the last the client had for that symbol, across every reconnection. One event
 * loop thread and one timer thread, so the population stays cheap next to what it measures.
 */
final class SoakClients implements AutoCloseable {

    /** A moment to catch up with: when each client first got a quote whose {@code ts} is after it. */
    static final class Marker {
        final String name;
        final long afterMicros;
        final long setAtMillis;
        final AtomicLongArray firstMillis;

        Marker(String name, long afterMicros, int clients) {
            this.name = name;
            this.afterMicros = afterMicros;
            this.setAtMillis = afterMicros / 1000;
            this.firstMillis = new AtomicLongArray(clients);
        }

        /** Ms from the marker until the first client had a newer quote; -1 if none has. */
        long firstClientMillis() {
            long min = Long.MAX_VALUE;
            for (int i = 0; i < firstMillis.length(); i++) {
                long t = firstMillis.get(i);
                min = t > 0 ? Math.min(min, t) : min;
            }
            return min == Long.MAX_VALUE ? -1 : min - setAtMillis;
        }

        /** Ms from the marker until every client had a newer quote; -1 if some still have not. */
        long everyClientMillis() {
            long max = 0;
            for (int i = 0; i < firstMillis.length(); i++) {
                long t = firstMillis.get(i);
                if (t == 0) {
                    return -1;
                }
                max = Math.max(max, t);
            }
            return max - setAtMillis;
        }

        /** Ms by which {@code share} of the clients had a newer quote; -1 if fewer have. */
        long clientsMillis(double share) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < firstMillis.length(); i++) {
                if (firstMillis.get(i) > 0) {
                    times.add(firstMillis.get(i));
                }
            }
            int need = (int) Math.ceil(share * firstMillis.length());
            if (need == 0 || times.size() < need) {
                return -1;
            }
            Collections.sort(times);
            return times.get(need - 1) - setAtMillis;
        }
    }

    final ObjectMapper json = new ObjectMapper();
    final LongAdder quotes = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder failedConnects = new LongAdder();
    final LongAdder violations = new LongAdder();
    final LongAdder foreign = new LongAdder();
    final Map<String, LongAdder> events = new ConcurrentHashMap<>();
    final Queue<String> violationSamples = new ConcurrentLinkedQueue<>();
    final List<Marker> markers = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService timer;
    final HttpClient http;
    final List<Integer> nodePorts;
    final int minLifeMillis;
    final int maxLifeMillis;
    private final LoopResources loops = LoopResources.create("soak-client", 1, true);
    private final AtomicIntegerArray open;
    private final List<SoakClient> clients = new ArrayList<>();
    private volatile boolean churning = true;
    private volatile boolean stopped;

    SoakClients(List<Integer> nodePorts, List<String> symbols, int count, int perClient, int minLifeSeconds,
                int maxLifeSeconds, long seed) {
        this.nodePorts = List.copyOf(nodePorts);
        this.open = new AtomicIntegerArray(nodePorts.size());
        this.minLifeMillis = minLifeSeconds * 1000;
        this.maxLifeMillis = maxLifeSeconds * 1000;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-timer");
            t.setDaemon(true);
            return t;
        });
        // Not pooled: each connection is its own, closed when its client leaves.
        this.http = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            List<String> mine = new ArrayList<>(symbols);
            Collections.shuffle(mine, new java.util.Random(random.nextLong()));
            clients.add(new SoakClient(this, i, i % 2 == 1, mine.subList(0, perClient), random.split()));
        }
    }

    /** Every client connects once, spread over {@code spreadSeconds}; then they churn by themselves. */
    void start(int spreadSeconds) {
        for (SoakClient c : clients) {
            timer.schedule(c::connect, c.random(0, spreadSeconds * 1000), TimeUnit.MILLISECONDS);
        }
    }

    Marker mark(String name) {
        long micros = System.currentTimeMillis() * 1000;
        Marker m = new Marker(name, micros, clients.size());
        markers.add(m);
        return m;
    }

    /** No more voluntary leaving: clients that are out come back and stay, for the end-of-run check. */
    void freeze() {
        churning = false;
    }

    boolean churning() {
        return churning && !stopped;
    }

    boolean stopped() {
        return stopped;
    }

    int size() {
        return clients.size();
    }

    /** Connections open now to node {@code i}, as the clients count them. */
    int open(int i) {
        return open.get(i);
    }

    int live() {
        int n = 0;
        for (int i = 0; i < open.length(); i++) {
            n += open.get(i);
        }
        return n;
    }

    void opened(int node) {
        connects.increment();
        open.incrementAndGet(node);
    }

    void closed(int node) {
        open.decrementAndGet(node);
    }

    /** Counts an event: how a connection ended, an error message a node sent. */
    void count(String what) {
        events.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    void violation(String what) {
        violations.increment();
        if (violationSamples.size() < 20) {
            violationSamples.add(what);
        }
    }

    /** The events counted, sorted. */
    Map<String, Long> eventCounts() {
        Map<String, Long> out = new TreeMap<>();
        events.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * The end-of-run check, with the market standing still: (client, symbol) pairs whose last quote
     * is not {@code latest}'s, and clients not connected.
     */
    long[] behind(Map<String, Long> latest) {
        long pairs = 0;
        long away = 0;
        for (SoakClient c : clients) {
            if (!c.up()) {
                away++;
            }
            pairs += c.behind(latest);
        }
        return new long[] {pairs, away};
    }

    @Override
    public void close() {
        stopped = true;
        clients.forEach(SoakClient::stop);
        timer.shutdownNow();
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
