package io.tickwire.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streaming and long-poll connections a node takes: in all, per token subject, per client
 * address (each a limit of {@code tickwire.limits.*}, 0 for none). Counters exist only for the
 * subjects and addresses holding connections now, so their number is bounded by the connections.
 */
public final class ConnectionLimits {

    /** Why a connection was refused: the {@code reason} label of {@code tickwire_limits_refused_total}. */
    public static final String NODE = "node_connections";
    public static final String SUBJECT = "subject_connections";
    public static final String ADDRESS = "address_connections";

    private final int maxTotal;
    private final int maxPerSubject;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> bySubject = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerSubject, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerSubject = maxPerSubject;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * A connection's admission: refused with the reason, or admitted with a release to run (once)
     * when it ends.
     */
    public record Admission(String refusedFor, Runnable release) {

        public boolean admitted() {
            return refusedFor == null;
        }
    }

    /** Admits a connection from {@code address} for {@code subject} ({@code null} with authentication off). */
    public Admission admit(String address, String subject) {
        if (!take(total, maxTotal)) {
            return new Admission(NODE, () -> { });
        }
        if (subject != null && !take(bySubject, subject, maxPerSubject)) {
            total.decrementAndGet();
            return new Admission(SUBJECT, () -> { });
        }
        if (address != null && !take(byAddress, address, maxPerAddress)) {
            total.decrementAndGet();
            if (subject != null) {
                give(bySubject, subject);
            }
            return new Admission(ADDRESS, () -> { });
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Admission(null, () -> {
            if (released.compareAndSet(false, true)) {
                total.decrementAndGet();
                if (subject != null) {
                    give(bySubject, subject);
                }
                if (address != null) {
                    give(byAddress, address);
                }
            }
        });
    }

    /** Connections held now, for tests and gauges. */
    public int connections() {
        return total.get();
    }

    /** Subjects and addresses with counters now: zero once every connection has gone. */
    public int tracked() {
        return bySubject.size() + byAddress.size();
    }

    private static boolean take(AtomicInteger counter, int max) {
        if (counter.incrementAndGet() > max && max > 0) {
            counter.decrementAndGet();
            return false;
        }
        return true;
    }

    private static boolean take(Map<String, AtomicInteger> counters, String key, int max) {
        boolean[] ok = {true};
        counters.compute(key, (k, c) -> {
            AtomicInteger n = c == null ? new AtomicInteger() : c;
            if (max > 0 && n.get() >= max) {
                ok[0] = false;
                return c;
            }
            n.incrementAndGet();
            return n;
        });
        return ok[0];
    }

    private static void give(Map<String, AtomicInteger> counters, String key) {
        counters.computeIfPresent(key, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}
