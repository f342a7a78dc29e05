package io.tickwire.gateway.hub;

import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Instrument;
import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.delivery.DeliveryClock;
import io.tickwire.gateway.delivery.Heartbeats;
import io.tickwire.gateway.delivery.Mailbox;
import io.tickwire.gateway.wire.EncodedQuote;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * The one subscriber of the {@link QuoteFeed}, and the fan-out to every client.
 *
 * <p>The hub subscribes to the feed once, whatever the number of clients, and only through
 * {@link QuoteFeed}: the feed may be in this process, on the other side of Redis, or its users
 * publishing over HTTP. For each quote its {@link FeedIntake} encodes the JSON once, at the
 * quote's instrument's precision, keeps it as its symbol's snapshot, and offers the same bytes to
 * the {@link Mailbox} of every subscribed client. Offering never blocks and never waits for a client:
 * each mailbox bounds what waits for its client under its slow-consumer policy, so no client can
 * slow the feed or another client, and no buffer grows with the feed rate.
 *
 * <p>What the feed says is made into the hub's state by the {@link FeedIntake}: instruments
 * defined or changed, snapshots after a gap, quotes refused and counted. If the feed fails, the
 * hub resubscribes with backoff.
 */
public final class QuoteHub {

    private static final Logger log = LoggerFactory.getLogger(QuoteHub.class);

    private final QuoteFeed feed;
    private final HubMeters meters;
    private final HubSettings settings;
    private final DeliveryClock clock;
    private final SymbolTable table;
    private final FeedIntake intake;
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicIntegerArray connections = new AtomicIntegerArray(Transport.values().length);
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicLong feedSubscriptions = new AtomicLong();
    private volatile Disposable feedSubscription;
    private volatile Disposable heartbeats;
    private volatile boolean stopped;

    public QuoteHub(QuoteFeed feed, HubMeters meters, HubSettings settings, DeliveryClock clock) {
        this(feed, meters, settings, clock, QuoteListener.NONE);
    }

    /** A hub that also tells {@code listener} of every quote it accepts, after the quote's fan-out. */
    public QuoteHub(QuoteFeed feed, HubMeters meters, HubSettings settings, DeliveryClock clock,
                    QuoteListener listener) {
        this.feed = feed;
        this.meters = meters;
        this.settings = settings;
        this.clock = clock;
        this.table = new SymbolTable(feed.instruments());
        this.intake = new FeedIntake(table, meters, clock, listener);
    }

    /** Subscribes to the feed, and starts the heartbeat rounds. */
    public synchronized void start() {
        if (feedSubscription != null) {
            return;
        }
        feedSubscription = feed.events()
                .doOnSubscribe(s -> feedSubscriptions.incrementAndGet())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(r -> log.warn("Feed failed, resubscribing (attempt {})",
                                r.totalRetries() + 1, r.failure())))
                .subscribe(intake::onEvent,
                        e -> log.error("Feed subscription ended with an error", e),
                        () -> log.warn("Feed completed; no more quotes will arrive"));
        if (!settings.heartbeatInterval().isZero()) {
            heartbeats = Heartbeats.start(clock, settings.heartbeatInterval(), intake::latestSeq, each -> {
                for (ClientSession s : sessions) {
                    if (s.transport().streaming()) {
                        each.accept(s.mailbox());
                    }
                }
            });
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

    /** A client that may see every symbol, on a transport that can always take more. */
    public ClientSession connect(Transport transport, Executor executor) {
        return connect(transport, executor, () -> true, Entitlements.ALL);
    }

    /** A client that may see every symbol. */
    public ClientSession connect(Transport transport, Executor executor, BooleanSupplier writable) {
        return connect(transport, executor, writable, Entitlements.ALL);
    }

    /**
     * A new client. Its outbound batches are drained on {@code executor}, the connection's event
     * loop, and only while {@code writable} says the socket takes more; the transport calls
     * {@link ClientSession#writable()} when it does again. After {@link #stop()} the session comes
     * back already closed as a shutdown. It may see the symbols {@code entitlements} allow.
     */
    public ClientSession connect(Transport transport, Executor executor, BooleanSupplier writable,
                                 Entitlements entitlements) {
        Mailbox mailbox = new Mailbox(executor, writable, clock, settings.delivery(), meters.delivery().get(transport));
        ClientSession session = new ClientSession(this, transport, mailbox, settings.maxSymbolsPerConnection(),
                entitlements);
        sessions.add(session);
        connections.incrementAndGet(transport.ordinal());
        // Checked after joining the set: stop() either sees this session or this sees stopped.
        if (stopped) {
            session.close(CloseReason.SERVER_SHUTDOWN);
        }
        return session;
    }

    /** The instruments the feed carries now, most active first (later definitions last). */
    public List<Instrument> instruments() {
        return table.instruments();
    }

    /** The instruments the feed carries now that {@code entitlements} allow. */
    public List<Instrument> instruments(Entitlements entitlements) {
        return entitlements == Entitlements.ALL ? table.instruments()
                : table.instruments().stream().filter(s -> entitlements.allows(s.symbol())).toList();
    }

    /**
     * The instrument {@code symbol} names as a client's request would ({@code aapl} names
     * {@code AAPL} when no {@code aapl} is carried), or {@code null} if it names none.
     */
    public Instrument instrument(String symbol) {
        SymbolChannel ch = table.resolve(symbol);
        return ch == null ? null : ch.instrument();
    }

    /** The symbol's latest quote, or {@code null} if it has had none or is not carried. */
    public EncodedQuote latest(String symbol) {
        SymbolChannel ch = table.get(symbol);
        return ch == null ? null : ch.latest();
    }

    /**
     * The latest quotes of {@code requested} (tickers, or {@link ClientSession#ALL}; empty means
     * all that {@code entitlements} allow), for a one-off answer: judged as a subscribe is, so what
     * is refused is refused alike.
     */
    public Snapshot snapshot(List<String> requested, Entitlements entitlements) {
        // Read the seq first: every quote served is at least as new, so polling with it as the cursor misses nothing.
        long seq = intake.latestSeq();
        SymbolTable.Selection selection = table.select(requested.isEmpty() ? List.of(ClientSession.ALL) : requested,
                entitlements);
        List<EncodedQuote> quotes = selection.channels().stream().map(SymbolChannel::latest)
                .filter(q -> q != null).toList();
        return new Snapshot(seq, quotes, selection.errors());
    }

    /**
     * The {@code seq} of the newest quote the hub has accepted and offered to every subscriber; 0
     * before the first.
     */
    public long latestSeq() {
        return intake.latestSeq();
    }

    /**
     * The {@code seq} of the newest quote the hub has accepted, set before its fan-out: any cursor
     * a client got from this feed's life is at most this.
     */
    public long acceptedSeq() {
        return intake.acceptedSeq();
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
        return Duration.ofNanos(clock.now() - intake.lastQuoteNanos());
    }

    /** Times the hub has subscribed to the feed (more than once only after feed failures). */
    public long feedSubscriptions() {
        return feedSubscriptions.get();
    }

    SymbolTable table() {
        return table;
    }

    DeliveryClock clock() {
        return clock;
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
