package io.tickwire.gateway.hub;

import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.delivery.Mailbox;
import io.tickwire.gateway.delivery.SymbolSlot;
import io.tickwire.gateway.wire.ControlMessage;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.Outbound;
import io.tickwire.gateway.wire.ProtocolError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connected client as the hub sees it: its subscriptions, and its {@link Mailbox}. Every
 * transport subscribes through {@link #subscribe}, so whether a symbol is granted (unknown, over
 * the per-connection limit) is decided here and nowhere else.
 *
 * <p>Ordering promises, whatever threads the hub and the drain run on: the replies a subscribe
 * returns are sent before any quote of a newly subscribed symbol, and the snapshot of each such
 * symbol follows them unless a newer live quote already has; a reply queued after
 * {@link #unsubscribe} returns is never followed by a quote of those symbols.
 *
 * <p>Requests are meant to come one at a time (a transport handles a connection's requests in
 * order); {@link #close} may come from any thread at any time and releases every registration.
 */
public final class ClientSession {

    /** The wildcard: every symbol the feed carries. */
    public static final String ALL = "*";

    private final QuoteHub hub;
    private final Transport transport;
    private final Mailbox mailbox;
    private final int maxSymbols;
    private final Map<String, SymbolSlot> slots = new HashMap<>();
    private Entitlements entitlements;
    private boolean closed;
    private Runnable onClose;
    private Disposable expiry;

    ClientSession(QuoteHub hub, Transport transport, Mailbox mailbox, int maxSymbols, Entitlements entitlements) {
        this.hub = hub;
        this.transport = transport;
        this.mailbox = mailbox;
        this.maxSymbols = maxSymbols;
        this.entitlements = entitlements;
    }

    public Transport transport() {
        return transport;
    }

    /** {@link #subscribe(Collection, SubscribeOptions, Function)} with the full snapshot and no rate limit. */
    public SubscribeResult subscribe(Collection<String> requested,
                                     Function<SubscribeResult, List<ControlMessage>> replies) {
        return subscribe(requested, SubscribeOptions.NONE, replies);
    }

    /**
     * Subscribes to {@code requested} (upper-case tickers, or {@link #ALL}: every symbol this client
     * may see). Symbols the feed does not carry, or this client may not see, are refused; a request that would take the connection over its symbol limit
     * subscribes nothing, as does an {@linkplain SubscribeOptions#atomic() atomic} one with any
     * symbol refused. The replies {@code replies} makes of the result are queued before any quote
     * of the new symbols.
     *
     * <p>Each newly subscribed symbol starts with its latest quote (the snapshot), or, when
     * {@code options} resumes from a cursor, with its latest quote only if that is newer than the
     * cursor; and the cursor is a floor: no quote at or below it is sent for these symbols. Since
     * {@code seq} never goes back, a cursor above the hub's latest {@code seq} comes from a node
     * that is ahead of this one: the quotes this hub is still catching up on up to it are not sent
     * again, the ones after it are. The applied {@code maxRate} (the request capped by the server's
     * limit) holds for every accepted symbol, those already subscribed included.
     */
    public synchronized SubscribeResult subscribe(Collection<String> requested, SubscribeOptions options,
                                                  Function<SubscribeResult, List<ControlMessage>> replies) {
        SymbolTable.Selection selection = hub.table().select(requested, entitlements);
        List<SymbolChannel> targets = new ArrayList<>();
        List<SymbolSlot> existing = new ArrayList<>();
        for (SymbolChannel ch : selection.channels()) {
            SymbolSlot slot = slots.get(ch.symbol());
            if (slot != null) {
                existing.add(slot);
            }
            else {
                targets.add(ch);
            }
        }
        boolean overLimit = slots.size() + targets.size() > maxSymbols;
        List<ProtocolError> errors = selection.errors();
        if (overLimit) {
            errors.add(new ProtocolError(ErrorCode.LIMIT_EXCEEDED, "at most " + maxSymbols
                    + " symbols per connection; nothing subscribed", selection.accepted()));
        }
        boolean refused = overLimit || (options.atomic() && !errors.isEmpty());
        double maxRate = hub.settings().applyMaxRate(options.maxRate());
        SubscribeResult result = new SubscribeResult(selection.accepted(), errors, !refused,
                refused || closed ? 0 : targets.size(), maxRate);
        List<ControlMessage> acks = replies.apply(result);
        if (refused || closed) {
            acks.forEach(mailbox::reply);
            return result;
        }
        long interval = intervalNanos(maxRate);
        existing.forEach(slot -> mailbox.throttle(slot, interval));
        if (targets.isEmpty()) {
            acks.forEach(mailbox::reply);
            return result;
        }
        List<SymbolSlot> registered = new ArrayList<>(targets.size());
        List<EncodedQuote> snapshots = new ArrayList<>(targets.size());
        mailbox.beginRegistration(acks);
        try {
            for (SymbolChannel ch : targets) {
                SymbolSlot slot = mailbox.newSlot(interval, options.since());
                slots.put(ch.symbol(), slot);
                ch.add(slot);
                hub.subscriptionsChanged(1);
                registered.add(slot);
                // Read after the slot joined the fan-out: a quote published meanwhile is here or in the slot.
                snapshots.add(ch.latest());
            }
        }
        finally {
            mailbox.endRegistration(registered, snapshots);
        }
        return result;
    }

    /**
     * Ends the session as {@link CloseReason#TOKEN_EXPIRED} at {@code at} (wall clock) unless
     * called again first (a refreshed token); {@code null}: never.
     */
    public synchronized void expireAt(Instant at) {
        if (expiry != null) {
            expiry.dispose();
            expiry = null;
        }
        if (at != null && !closed) {
            long delay = Math.max(0, Duration.between(Instant.now(), at).toNanos());
            expiry = hub.clock().scheduler().schedule(() -> close(CloseReason.TOKEN_EXPIRED), delay,
                    TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Replaces what this client may see (a refreshed token), and unsubscribes the symbols it no
     * longer may; returns those, for the client to be told.
     */
    public synchronized List<String> entitle(Entitlements granted) {
        entitlements = granted;
        List<String> revoked = slots.keySet().stream().filter(s -> !granted.allows(s)).sorted().toList();
        revoked.forEach(s -> release(s, slots.remove(s)));
        return revoked;
    }

    /**
     * Unsubscribes from {@code requested} (or everything, for {@link #ALL}); symbols not
     * subscribed are ignored. Returns how many subscriptions ended.
     */
    public synchronized int unsubscribe(Collection<String> requested) {
        List<String> symbols = requested.contains(ALL) ? List.copyOf(slots.keySet()) : List.copyOf(requested);
        int removed = 0;
        for (String s : symbols) {
            SymbolSlot slot = slots.remove(s);
            if (slot != null) {
                release(s, slot);
                removed++;
            }
        }
        return removed;
    }

    private static long intervalNanos(double maxRate) {
        return maxRate == 0 ? 0 : Math.max(1, Math.round(1e9 / maxRate));
    }

    /** Queues a reply to this client. */
    public void reply(ControlMessage message) {
        mailbox.reply(message);
    }

    /** Completes when the client has few enough unsent replies to take another request. */
    public Mono<Void> replyRoom() {
        return mailbox.replyRoom();
    }

    /** Batches to write, against the subscriber's demand; see {@link Mailbox}. */
    public Flux<List<Outbound>> outbound() {
        return mailbox.batches(false);
    }

    /** As {@link #outbound()}, each batch lent for the time of its {@code onNext}: see {@link Mailbox#batches}. */
    public Flux<List<Outbound>> lentOutbound() {
        return mailbox.batches(true);
    }

    /** What is ready now, as {@link Mailbox#takeNow()}: on the drain's executor only. */
    public List<Outbound> takeNow() {
        return mailbox.takeNow();
    }

    /** Symbols subscribed now. */
    public synchronized int subscriptions() {
        return slots.size();
    }

    /** Why the stream ended, or {@code null} while open. */
    public CloseReason closeReason() {
        return mailbox.closeReason();
    }

    /** The socket takes more bytes again. */
    public void writable() {
        mailbox.writable();
    }

    Mailbox mailbox() {
        return mailbox;
    }

    /** Ends the session: every subscription released, the outbound stream completed. Idempotent. */
    public void close(CloseReason reason) {
        Runnable then;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            slots.forEach(this::release);
            slots.clear();
            then = onClose;
            onClose = null;
            if (expiry != null) {
                expiry.dispose();
                expiry = null;
            }
        }
        mailbox.close(reason);
        hub.closed(this);
        if (then != null) {
            then.run();
        }
    }

    /** Runs {@code action} once the session is closed (at once, if it is), after those added before. */
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closed) {
                Runnable before = onClose;
                onClose = before == null ? action : () -> {
                    before.run();
                    action.run();
                };
                return;
            }
        }
        action.run();
    }

    private void release(String symbol, SymbolSlot slot) {
        hub.table().get(symbol).remove(slot);
        mailbox.remove(slot);
        hub.subscriptionsChanged(-1);
    }
}
