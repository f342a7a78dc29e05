package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.ControlMessage;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The replies waiting for one client (acks, errors, pongs), in order, and the transport's signal
 * to stop reading its requests while {@value #LIMIT} wait: a client that sends requests without
 * reading the answers is pushed back by TCP instead of making the gateway buffer.
 *
 * <p>The queue itself is guarded by the mailbox's lock; {@link #room()} may be asked from any thread.
 */
final class ReplyQueue {

    /** Replies that may wait before the transport stops reading the client's requests. */
    static final int LIMIT = 64;

    /** Room for a few to start with (ArrayDeque's default is 16): most connections have none waiting. */
    private final ArrayDeque<ControlMessage> replies = new ArrayDeque<>(3);
    private final AtomicReference<MonoSink<Void>> roomWaiter = new AtomicReference<>();
    private volatile int waiting;
    private volatile boolean closed;

    /** Under the lock. */
    void add(ControlMessage reply) {
        replies.add(reply);
        waiting = replies.size();
    }

    /** Under the lock. */
    void addAll(Collection<ControlMessage> more) {
        replies.addAll(more);
        waiting = replies.size();
    }

    /** Under the lock: moves up to {@code max} replies into {@code batch}, oldest first. */
    void takeInto(List<? super ControlMessage> batch, int max) {
        ControlMessage reply;
        while (batch.size() < max && (reply = replies.poll()) != null) {
            batch.add(reply);
        }
        waiting = replies.size();
    }

    /** Under the lock. */
    boolean isEmpty() {
        return replies.isEmpty();
    }

    /**
     * Under the lock: drops what waits; from now on there is always room, so no reader waits on a
     * closed client. The caller wakes a waiting reader with {@link #wakeIfRoom()} once it has let
     * go of the lock: the reader goes on to its next request on the waking thread.
     */
    void close() {
        closed = true;
        replies.clear();
        waiting = 0;
    }

    /** Completes when fewer than {@value #LIMIT} replies wait, or the client is closed. */
    Mono<Void> room() {
        if (hasRoom()) {
            return Mono.empty();
        }
        return Mono.create(waiter -> {
            roomWaiter.set(waiter);
            // The drain may have made room between the check above and the set.
            if (hasRoom()) {
                wakeWaiter();
            }
        });
    }

    /** After a batch left: lets a waiting reader go on if there is room now. */
    void wakeIfRoom() {
        if (hasRoom()) {
            wakeWaiter();
        }
    }

    private boolean hasRoom() {
        return waiting < LIMIT || closed;
    }

    private void wakeWaiter() {
        // A plain read first: after nearly every batch no reader waits, and an exchange would write anyway.
        if (roomWaiter.get() == null) {
            return;
        }
        MonoSink<Void> w = roomWaiter.getAndSet(null);
        if (w != null) {
            w.success();
        }
    }
}
