package io.tickwire.gateway.observability;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every meter name and tag key of the gateway (PROTOCOL.md §5), in Micrometer's dotted form; the
 * Prometheus registry renders {@code tickwire.messages.sent} as {@code tickwire_messages_sent_total}.
 * No tag ever holds a symbol or a client id: the number of series must not grow with either.
 */
public final class MetricNames {

    /** Gauge, tag {@link #TRANSPORT}: open client connections. */
    public static final String CONNECTIONS = "tickwire.connections";
    /** Gauge: (client, symbol) subscriptions held by the hub. */
    public static final String SUBSCRIPTIONS = "tickwire.subscriptions";
    /** Counter: quotes the hub accepted from the feed. */
    public static final String FEED_QUOTES = "tickwire.feed.quotes";
    /** Counter, tag {@link #REASON}: quotes from the feed the hub refused. */
    public static final String FEED_QUOTES_REJECTED = "tickwire.feed.quotes.rejected";
    /** Counter, tag {@link #TRANSPORT}: messages (quotes, replies, heartbeats) handed to the network. */
    public static final String MESSAGES_SENT = "tickwire.messages.sent";
    /** Counter, tag {@link #TRANSPORT}: quotes replaced by a newer one of their symbol before they could be sent. */
    public static final String MESSAGES_CONFLATED = "tickwire.messages.conflated";
    /** Counter, tag {@link #TRANSPORT}: clients disconnected by the {@code disconnect} slow-consumer policy. */
    public static final String SLOW_CONSUMER_DISCONNECTS = "tickwire.slow.consumer.disconnects";
    /**
     * Timer (a Prometheus histogram), tag {@link #TRANSPORT}: each quote's time from its {@code ts}
     * to the handing of its bytes to the network; buckets {@link #DELIVERY_LATENCY_BUCKETS}.
     */
    public static final String DELIVERY_LATENCY = "tickwire.delivery.latency";
    /** Gauge, seconds: how long ago the hub accepted its last quote from the feed. */
    public static final String FEED_LAST_QUOTE_AGE = "tickwire.feed.last.quote.age";
    /** Counter, tag {@link #CODE}: requests answered with an error. */
    public static final String PROTOCOL_ERRORS = "tickwire.protocol.errors";

    /** Counter: quotes taken by {@code POST /api/publish} (PROTOCOL.md §8). */
    public static final String PUBLISHED_QUOTES = "tickwire.publish.quotes";
    /** Counter: instruments defined or changed by {@code POST /api/instruments}. */
    public static final String DEFINED_INSTRUMENTS = "tickwire.publish.instruments";

    /** Counter (cluster nodes only): quotes read from the Redis stream. */
    public static final String REDIS_QUOTES_READ = "tickwire.redis.quotes.read";
    /** Counter (cluster nodes only): times the node reconnected to Redis after a failure. */
    public static final String REDIS_RECONNECTS = "tickwire.redis.reconnects";
    /** Counter (cluster nodes only): times the stream had moved past the node and the latest quotes were read again. */
    public static final String REDIS_GAPS = "tickwire.redis.gaps";
    /** Gauge, seconds (cluster nodes only): now minus the {@code ts} of the last quote read from the stream. */
    public static final String REDIS_READ_LAG = "tickwire.redis.read.lag";
    /** Gauge (cluster nodes only): 1 while the node's Redis connections are up, else 0. */
    public static final String REDIS_CONNECTED = "tickwire.redis.connected";

    /** Counter: subjects revoked through this node's {@code POST /api/admin/revocations}. */
    public static final String REVOCATIONS = "tickwire.revocations";
    /** Counter: streams this node closed because their subject was revoked (here or on another node). */
    public static final String REVOKED_STREAMS = "tickwire.revoked.streams";

    /**
     * Counter, tag {@link #REASON}: requests and connections refused by a limit ({@code tickwire.limits.*}),
     * or, {@link #FEED_UNAVAILABLE}, new streams refused while this node's feed is unavailable.
     */
    public static final String LIMITED = "tickwire.limits.refused";
    /** {@link #REASON} of a new stream refused with 503 {@code FEED_UNAVAILABLE}: the node stepped aside. */
    public static final String FEED_UNAVAILABLE = "feed_unavailable";
    /** Every {@link #REASON} of {@link #LIMITED}. */
    public static final List<String> LIMIT_REASONS = List.of("ops_rate", "abuse", "node_connections",
            "subject_connections", "address_connections", "handshake_rate", FEED_UNAVAILABLE);

    /** 50 µs to 10 s in 1-2.5-5 steps: loopback clients sit at the bottom, a stalled one at the top. */
    public static final List<Duration> DELIVERY_LATENCY_BUCKETS = Stream.of(
                    50_000L, 100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L,
                    25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L,
                    2_500_000_000L, 5_000_000_000L, 10_000_000_000L)
            .map(Duration::ofNanos).toList();

    public static final String TRANSPORT = "transport";
    public static final String CODE = "code";
    public static final String REASON = "reason";

    /** {@link #REASON} of a quote whose symbol the feed did not announce. */
    public static final String REJECTED_UNKNOWN_SYMBOL = "unknown_symbol";
    /** {@link #REASON} of a quote whose seq is not newer than its symbol's latest. */
    public static final String REJECTED_STALE = "stale";
    /** {@link #REASON} of a quote off its instrument's tick, or with more decimals than its instrument has. */
    public static final String REJECTED_IMPRECISE = "imprecise";

    private MetricNames() {
    }
}
