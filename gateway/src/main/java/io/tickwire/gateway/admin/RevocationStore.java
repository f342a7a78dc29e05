package io.tickwire.gateway.admin;

import java.time.Instant;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Where the revocations of a node, or of every node of a cluster, are kept across restarts. */
public interface RevocationStore {

    /** Keeps {@code subject} revoked at {@code at}; completes once every node can read it. */
    Mono<Void> revoke(String subject, Instant at);

    /** Forgets {@code subject}'s revocation. */
    Mono<Void> lift(String subject);

    /** Every revocation kept, subject → moment. */
    Mono<Map<String, Instant>> all();

    /**
     * A number that changes whenever any node changes the list, cheap to read, so a node reads the
     * whole list only when it changed; empty where only this node changes it (nothing to follow).
     */
    Mono<Long> version();
}
