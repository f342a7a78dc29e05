package io.tickwire.gateway.hub;

import io.tickwire.feed.Quote;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.SymbolInfo;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.metrics.GatewayMeters;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * The one subscriber of the {@link QuoteFeed}, and the fan-out to every client.
 *
 * <p>The hub subscribes to the feed once, whatever the number of clients, and only through
 * {@link QuoteFeed}: the feed may be in this process or on the other side of Redis. For each quote
 * it encodes the JSON once, keeps it as its symbol's snapshot, and offers the same bytes to every
 * subscribed client's {@link ConflatingMailbox}. Offering never blocks and never waits for a
 * client: a client that does not keep up has its pending quote of that symbol replaced, so no
 * client can slow the feed or another client, and no buffer grows with the feed rate.
 *
 * <p>Quotes the hub cannot use are counted, not dropped silently: a symbol the feed did not
 * announce, or a {@code seq} not newer than the symbol's latest (a replay after a reconnect).
 * If the feed fails, the hub resubscribes with backoff.
 */
public final class QuoteHub {

    private static final Logger log = LoggerFactory.getLogger(QuoteHub.class);

    private final QuoteFeed feed;
    private final GatewayMeters meters;
    private final HubSettings settings;
    private final HubTimer timer;
    private final List<SymbolInfo> symbols;
    private final Map<String, SymbolChannel> channels;
    private final List<SymbolChannel> channelList;
    private final QuoteJson encoder = new QuoteJson();
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicIntegerArray connections = new AtomicIntegerArray(Transport.values().length);
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicLong feedSubscriptions = new AtomicLong();
    private volatile long latestSeq;
    private volatile long acceptedSeq;
    /** {@link HubTimer#nanoTime()} of the last quote accepted from the feed, or of the hub's creation. */
    private volatile long lastQuoteNanos;
    private volatile Disposable feedSubscription;
    private volatile Disposable heartbeats;
    private volatile boolean stopped;

    public QuoteHub(QuoteFeed feed, GatewayMeters meters, HubSettings settings) {
        this(feed, meters, settings, HubTimer.system());
    }

    public QuoteHub(QuoteFeed feed, GatewayMeters meters, HubSettings settings, HubTimer timer) {
        this.feed = feed;
        this.meters = meters;
        this.settings = settings;
        this.timer = timer;
        this.lastQuoteNanos = timer.now();
        this.symbols = List.copyOf(feed.symbols());
        Map<String, SymbolChannel> m = new HashMap<>();
        for (SymbolInfo s : symbols) {
            m.put(s.symbol(), new SymbolChannel(s));
        }
        this.channels = Map.copyOf(m);
        this.channelList = symbols.stream().map(s -> channels.get(s.symbol())).toList();
    }

    /** Subscribes to the feed. */
    public synchronized void start() {
        if (feedSubscription != null) {
            return;
        }
        feedSubscription = feed.quotes()
                .doOnSubscribe(s -> feedSubscriptions.incrementAndGet())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(r -> log.warn("Feed failed, resubscribing (attempt {})",
                                r.totalRetries() + 1, r.failure())))
                .subscribe(this::publish,
                        e -> log.error("Feed subscription ended with an error", e),
                        () -> log.warn("Feed completed; no more quotes will arrive"));
        if (!settings.heartbeatInterval().isZero()) {
            long look = Math.max(1, settings.heartbeatInterval().toNanos() / ClientSession.HEARTBEAT_LOOKS);
            heartbeats = timer.scheduler().schedulePeriodically(this::lookForIdle, look, look, TimeUnit.NANOSECONDS);
        }
    }

    /** On the timer: one heartbeat, shared by every streaming client that has been idle for the interval. */
    private void lookForIdle() {
        try {
            Heartbeat beat = Heartbeat.of(Timestamps.nowMicros(), latestSeq);
            for (ClientSession s : sessions) {
                if (s.transport().streaming()) {
                    s.lookForIdle(beat);
                }
            }
        }
        catch (RuntimeException e) {
            // A periodic task that throws is never run again: heartbeats must survive any one client.
            log.error("Heartbeat round failed", e);
        }
    }

    /** Unsubscribes from the feed and ends every client's stream with {@link CloseReason#SERVER_SHUTDOWN}. */
    public synchronized void stop() {
        stopped = true;
        Disposable d = feedSubscription;
        if (d != null) {
            d.dispose();
        }
        Disposable h = heartbeats;
        if (h != null) {
            h.dispose();
        }
        sessions.forEach(s -> s.close(CloseReason.SERVER_SHUTDOWN));
    }

    /** {@link #connect(Transport, Executor, BooleanSupplier)} for a transport that can always take more. */
    public ClientSession connect(Transport transport, Executor executor) {
        return connect(transport, executor, () -> true);
    }

    /**
     * A new client. Its outbound batches are drained on {@code executor}, the connection's event
     * loop, and only while {@code writable} says the socket takes more; the transport calls
     * {@link ClientSession#writable()} when it does again. After {@link #stop()} the session comes
     * back already closed as a shutdown.
     */
    public ClientSession connect(Transport transport, Executor executor, BooleanSupplier writable) {
        ConflatingMailbox mailbox = new ConflatingMailbox(executor, timer, writable, settings,
                meters.transport(transport));
        ClientSession session = new ClientSession(this, transport, mailbox, settings.maxSymbolsPerConnection());
        sessions.add(session);
        connections.incrementAndGet(transport.ordinal());
        // Checked after joining the set: stop() either sees this session or this sees stopped.
        if (stopped) {
            session.close(CloseReason.SERVER_SHUTDOWN);
        }
        return session;
    }

    /** The symbols the feed carries, most active first. */
    public List<SymbolInfo> symbols() {
        return symbols;
    }

    public boolean carries(String symbol) {
        return channels.containsKey(symbol);
    }

    /** The symbol's latest quote, or {@code null} if it has had none or is not carried. */
    public EncodedQuote latest(String symbol) {
        SymbolChannel ch = channels.get(symbol);
        return ch == null ? null : ch.latest();
    }

    /**
     * The {@code seq} of the newest quote the hub has accepted and offered to every subscriber; 0
     * before the first.
     */
    public long latestSeq() {
        return latestSeq;
    }

    /**
     * The {@code seq} of the newest quote the hub has accepted, set before its fan-out: any cursor
     * a client got from this feed's life is at most this.
     */
    public long acceptedSeq() {
        return acceptedSeq;
    }

    public HubSettings settings() {
        return settings;
    }

    /** Open connections on {@code transport}. */
    public int connections(Transport transport) {
        return connections.get(transport.ordinal());
    }

    /** (client, symbol) subscriptions held now, over all clients. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** Time since the hub accepted a quote from the feed (since its creation, before the first quote). */
    public Duration lastQuoteAge() {
        return Duration.ofNanos(timer.now() - lastQuoteNanos);
    }

    /** How many times the hub has subscribed to the feed (more than once only after feed failures). */
    public long feedSubscriptions() {
        return feedSubscriptions.get();
    }

    /** Offers one quote from the feed to the snapshot and every subscriber. Called on the feed's thread. */
    void publish(Quote q) {
        try {
            SymbolChannel ch = channels.get(q.symbol());
            if (ch == null) {
                meters.rejectedUnknownSymbol().increment();
                return;
            }
            EncodedQuote last = ch.latest();
            if (last != null && q.seq() <= last.seq()) {
                meters.rejectedStale().increment();
                return;
            }
            EncodedQuote encoded = new EncodedQuote(q, encoder.encode(q));
            meters.feedQuotes().increment();
            lastQuoteNanos = timer.now();
            // Before the fan-out: a client may hold this seq (and resume from it) before the fan-out ends.
            acceptedSeq = q.seq();
            ch.publish(encoded);
            // After the fan-out: whoever reads latestSeq = N finds every quote up to N in the snapshot and the mailboxes.
            latestSeq = q.seq();
        }
        catch (RuntimeException e) {
            // One bad quote must not cancel the feed subscription for everyone.
            log.error("Could not publish {}", q, e);
        }
    }

    SymbolChannel channel(String symbol) {
        return channels.get(symbol);
    }

    Collection<SymbolChannel> channels() {
        return channelList;
    }

    void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    void closed(ClientSession session) {
        if (sessions.remove(session)) {
            connections.decrementAndGet(session.transport().ordinal());
        }
    }
}
