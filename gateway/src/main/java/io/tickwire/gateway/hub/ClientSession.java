package io.tickwire.gateway.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private final QuoteHub hub;
    private final Transport transport;
    private final ConflatingMailbox mailbox;
    private final int maxSymbols;
    private final Map<String, MailboxSlot> slots = new LinkedHashMap<>();
    private boolean closed;

    ClientSession(QuoteHub hub, Transport transport, ConflatingMailbox mailbox, int maxSymbols) {
        this.hub = hub;
        this.transport = transport;
        this.mailbox = mailbox;
        this.maxSymbols = maxSymbols;
    }

    public Transport transport() {
        return transport;
    }

    /**
     * Subscribes to {@code requested} (upper-case tickers, or {@link #ALL}). Symbols the feed does
     * not carry are reported and skipped; a request that would exceed the per-connection limit
     * subscribes nothing. The replies {@code replies} makes of the result are queued before any
     * quote of the new symbols.
     */
    public synchronized SubscribeResult subscribe(Collection<String> requested,
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
        targets.removeIf(ch -> slots.containsKey(ch.symbol()));
        boolean overLimit = slots.size() + targets.size() > maxSymbols;
        SubscribeResult result = new SubscribeResult(List.copyOf(accepted), List.copyOf(unknown), overLimit,
                overLimit || closed ? 0 : targets.size());
        List<ControlMessage> acks = replies.apply(result);
        if (overLimit || closed || targets.isEmpty()) {
            acks.forEach(mailbox::reply);
            return result;
        }
        List<MailboxSlot> registered = new ArrayList<>(targets.size());
        mailbox.beginRegistration(acks);
        try {
            for (SymbolChannel ch : targets) {
                MailboxSlot slot = new MailboxSlot(ch, mailbox);
                slots.put(ch.symbol(), slot);
                ch.add(slot);
                hub.subscriptionsChanged(1);
                registered.add(slot);
            }
        }
        finally {
            mailbox.endRegistration(registered);
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

    /** Symbols subscribed now. */
    public synchronized int subscriptions() {
        return slots.size();
    }

    /** Why the stream ended, or {@code null} while open. */
    public CloseReason closeReason() {
        return mailbox.closeReason();
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
