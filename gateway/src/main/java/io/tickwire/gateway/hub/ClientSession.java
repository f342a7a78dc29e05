package io.tickwire.gateway.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connected client as the hub sees it: its subscriptions and its {@link ConflatingMailbox}.
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
    /** Idle looks before a heartbeat; the hub looks every interval / this. */
    static final int HEARTBEAT_LOOKS = 4;

    private final QuoteHub hub;
    private final Transport transport;
    private final ConflatingMailbox mailbox;
    private final int maxSymbols;
    private final Map<String, MailboxSlot> slots = new HashMap<>();
    private boolean closed;
    /** Heartbeat bookkeeping, touched by the hub's timer only. */
    private long batchesAtLastLook = -1;
    private int idleLooks;

    ClientSession(QuoteHub hub, Transport transport, ConflatingMailbox mailbox, int maxSymbols) {
        this.hub = hub;
        this.transport = transport;
        this.mailbox = mailbox;
        this.maxSymbols = maxSymbols;
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
     * Subscribes to {@code requested} (upper-case tickers, or {@link #ALL}). Symbols the feed does
     * not carry are reported and skipped; a request that would exceed the per-connection limit
     * subscribes nothing. The replies {@code replies} makes of the result are queued before any
     * quote of the new symbols.
     *
     * <p>Each newly subscribed symbol starts with its latest quote (the snapshot), or, when
     * {@code options} resumes from a cursor, with its latest quote only if that is newer than the
     * cursor. A cursor above the hub's latest {@code seq} comes from another life of the feed (a
     * restart numbers quotes from 1 again): it is ignored and the full snapshot sent. The applied
     * {@code maxRate} (the request capped by the server's limit) holds for every accepted symbol,
     * those already subscribed included.
     */
    public synchronized SubscribeResult subscribe(Collection<String> requested, SubscribeOptions options,
                                                  Function<SubscribeResult, List<ControlMessage>> replies) {
        List<String> accepted = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<SymbolChannel> targets = new LinkedHashSet<>();
        for (String s : requested) {
            if (ALL.equals(s)) {
                accepted.add(s);
                targets.addAll(hub.channels());
            }
            else {
                SymbolChannel ch = hub.channel(s);
                if (ch == null) {
                    unknown.add(s);
                }
                else {
                    accepted.add(s);
                    targets.add(ch);
                }
            }
        }
        List<MailboxSlot> existing = new ArrayList<>();
        targets.removeIf(ch -> {
            MailboxSlot slot = slots.get(ch.symbol());
            if (slot != null) {
                existing.add(slot);
            }
            return slot != null;
        });
        boolean overLimit = slots.size() + targets.size() > maxSymbols;
        double maxRate = hub.settings().applyMaxRate(options.maxRate());
        SubscribeResult result = new SubscribeResult(List.copyOf(accepted), List.copyOf(unknown), overLimit,
                overLimit || closed ? 0 : targets.size(), maxRate);
        List<ControlMessage> acks = replies.apply(result);
        if (overLimit || closed) {
            acks.forEach(mailbox::reply);
            return result;
        }
        long interval = intervalNanos(maxRate);
        existing.forEach(slot -> mailbox.throttle(slot, interval));
        if (targets.isEmpty()) {
            acks.forEach(mailbox::reply);
            return result;
        }
        // A cursor from another life of the feed (numbered from 1 again) would skip everything: send it all.
        long since = options.since() > hub.acceptedSeq() ? SubscribeOptions.NO_CURSOR : options.since();
        List<MailboxSlot> registered = new ArrayList<>(targets.size());
        mailbox.beginRegistration(acks);
        try {
            for (SymbolChannel ch : targets) {
                MailboxSlot slot = mailbox.newSlot(ch, interval);
                slots.put(ch.symbol(), slot);
                ch.add(slot);
                hub.subscriptionsChanged(1);
                registered.add(slot);
            }
        }
        finally {
            mailbox.endRegistration(registered, since);
        }
        return result;
    }

    /**
     * Unsubscribes from {@code requested} (or everything, for {@link #ALL}); symbols not
     * subscribed are ignored. Returns how many subscriptions ended.
     */
    public synchronized int unsubscribe(Collection<String> requested) {
        List<String> symbols = requested.contains(ALL) ? List.copyOf(slots.keySet()) : List.copyOf(requested);
        int removed = 0;
        for (String s : symbols) {
            MailboxSlot slot = slots.remove(s);
            if (slot != null) {
                release(slot);
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

    /** Batches to write, against the subscriber's demand; see {@link ConflatingMailbox}. */
    public Flux<List<Outbound>> outbound() {
        return mailbox.batches();
    }

    /** What is ready now, as {@link ConflatingMailbox#takeNow()}: on the drain's executor only. */
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

    /** The socket can take more bytes again; see {@link QuoteHub#connect(Transport, Executor, BooleanSupplier)}. */
    public void writable() {
        mailbox.writable();
    }

    /**
     * The hub's timer looks at this session every quarter heartbeat interval: after four looks
     * in a row with nothing sent, the client gets {@code beat}.
     */
    void lookForIdle(Heartbeat beat) {
        long sent = mailbox.batchesSent();
        if (sent != batchesAtLastLook) {
            batchesAtLastLook = sent;
            idleLooks = 0;
        }
        else if (++idleLooks >= HEARTBEAT_LOOKS) {
            idleLooks = 0;
            mailbox.heartbeat(beat);
        }
    }

    /** Ends the session: every subscription released, the outbound stream completed. Idempotent. */
    public void close(CloseReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            slots.values().forEach(this::release);
            slots.clear();
        }
        mailbox.close(reason);
        hub.closed(this);
    }

    private void release(MailboxSlot slot) {
        slot.channel.remove(slot);
        slot.close();
        hub.subscriptionsChanged(-1);
    }
}
