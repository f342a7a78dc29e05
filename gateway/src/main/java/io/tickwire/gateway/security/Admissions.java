package io.tickwire.gateway.security;

import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.hub.ClientSession;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way a stream or a long-poll is let in, whatever its transport: the node's connection
 * limits first ({@link #admit}), then, once the transport has its session, the session held to
 * its caller's terms ({@link Admission#hold}): its place released when it ends, closed when its
 * token ends, and found again by subject when an operator revokes that subject ({@link #revoke}).
 * Sessions are tracked only while open, so what is held here is bounded by the connections.
 */
public final class Admissions {

    private final ConnectionLimits limits;
    private final Revocations revocations;
    private final Map<String, Set<ClientSession>> bySubject = new ConcurrentHashMap<>();

    public Admissions(ConnectionLimits limits, Revocations revocations) {
        this.limits = limits;
        this.revocations = revocations;
    }

    /** A connection from {@code address} ({@code null}: unknown) for {@code caller}, within the limits or not. */
    public Admission admit(String address, Caller caller) {
        return new Admission(caller, limits.admit(address, caller.subject()));
    }

    /**
     * Records {@code subject} revoked at {@code at} and, if that is news to this node, closes its
     * streams here ({@link CloseReason#REVOKED}); returns how many it closed.
     */
    public int revoke(String subject, Instant at) {
        return revocations.revoke(subject, at) ? close(subject) : 0;
    }

    /** Closes every open stream of {@code subject} as revoked; returns how many. */
    public int close(String subject) {
        Set<ClientSession> open = bySubject.get(subject);
        if (open == null) {
            return 0;
        }
        int closed = 0;
        for (ClientSession client : open.toArray(ClientSession[]::new)) {
            client.close(CloseReason.REVOKED);
            closed++;
        }
        return closed;
    }

    /** Subjects with open sessions now: zero once every connection has gone. */
    public int subjects() {
        return bySubject.size();
    }

    /** What {@link #admit} decided, and the way to hold an admitted session to its terms. */
    public final class Admission {

        private final Caller caller;
        private final ConnectionLimits.Admission limit;
        private final Instant admittedAt = Instant.now();

        private Admission(Caller caller, ConnectionLimits.Admission limit) {
            this.caller = caller;
            this.limit = limit;
        }

        public boolean admitted() {
            return limit.admitted();
        }

        /** The limit that refused the connection ({@code tickwire_limits_refused_total}'s reason); null if admitted. */
        public String refusedFor() {
            return limit.refusedFor();
        }

        /**
         * Holds {@code client}, the admitted connection's session: its place is given back when it
         * closes, it closes when the token ends unless refreshed, and with the rest of its subject's
         * when that subject is revoked, even if that happened while this connection was being let in.
         */
        public void hold(ClientSession client) {
            client.onClose(limit.release());
            client.expireAt(caller.endsAt());
            String subject = caller.subject();
            if (subject == null) {
                return;
            }
            bySubject.compute(subject, (s, open) -> {
                Set<ClientSession> held = open == null ? ConcurrentHashMap.newKeySet() : open;
                held.add(client);
                return held;
            });
            client.onClose(() -> bySubject.computeIfPresent(subject, (s, open) -> {
                open.remove(client);
                return open.isEmpty() ? null : open;
            }));
            // Revoked since this connection was admitted, before its session could be found by subject:
            // the sweep of the subject's streams may have missed it, so it is closed here.
            if (revocations.revokedSince(subject, admittedAt)) {
                client.close(CloseReason.REVOKED);
            }
        }
    }
}
