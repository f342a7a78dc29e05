package io.tickwire.gateway.config;

import io.tickwire.gateway.delivery.SlowConsumerPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code tickwire.*}. docs/configuration.md has the same for users; ConfigurationDocTest keeps them in step.
 *
 * @param feed     where quotes come from, and the embedded feed simulator
 * @param redis    how a node follows the cluster's Redis ({@code tickwire.feed.source=redis})
 * @param client   limits and batching applied to each client connection
 * @param ws       the WebSocket endpoint
 * @param poll     the long-poll endpoint
 * @param shutdown how a node leaves
 * @param auth     who may connect and which symbols each may see ({@link AuthProperties})
 * @param http     what browsers may do across origins
 * @param limits   what one client, subject or address may take
 * @param history  the chart history served by {@code GET /api/bars}
 * @param publish  who may publish quotes and instruments over HTTP (PROTOCOL.md §8)
 * @param revocation how subjects revoked by an operator are kept and carried to every node (PROTOCOL.md §4a)
 */
@ConfigurationProperties("tickwire")
public record TickwireProperties(@DefaultValue Feed feed, @DefaultValue Redis redis, @DefaultValue Client client,
                                 @DefaultValue Ws ws, @DefaultValue Poll poll, @DefaultValue Shutdown shutdown,
                                 @DefaultValue @NestedConfigurationProperty AuthProperties auth, @DefaultValue Http http, @DefaultValue Limits limits,
                                 @DefaultValue History history, @DefaultValue Publish publish,
                                 @DefaultValue Revocation revocation) {

    /**
     * Bars kept per symbol that has quoted; memory {@code 20 × (secondBars + minuteBars) + 256} bytes a
     * symbol ({@code io.tickwire.gateway.history.HistorySettings}): the defaults take 122.6 MB at 10,000 symbols.
     *
     * @param secondBars one-second bars kept per symbol (270: 4½ minutes)
     * @param minuteBars one-minute bars kept per symbol (30: half an hour)
     */
    public record History(@DefaultValue("270") int secondBars, @DefaultValue("30") int minuteBars) {
    }

    /**
     * @param opsPerSecond               WebSocket requests a connection may send per second, sustained
     * @param opsBurst                   ... and at once, after a quiet spell
     * @param refusalsBeforeClose        refused requests (refilled at {@code opsPerSecond}) before the
     *                                   connection is closed with 1008
     * @param maxConnections             streaming and long-poll connections one node takes; 0: no limit
     * @param maxConnectionsPerSubject   ... one token subject may hold on a node (auth on); 0: no limit
     * @param maxConnectionsPerAddress   ... one client address may hold; 0: no limit (behind a load
     *                                   balancer every client may share one address)
     * @param handshakesPerSecond        WebSocket and SSE opens per second per client address; 0: no limit
     */
    public record Limits(@DefaultValue("10") int opsPerSecond,
                         @DefaultValue("20") int opsBurst,
                         @DefaultValue("50") int refusalsBeforeClose,
                         @DefaultValue("100000") int maxConnections,
                         @DefaultValue("100") int maxConnectionsPerSubject,
                         @DefaultValue("0") int maxConnectionsPerAddress,
                         @DefaultValue("0") int handshakesPerSecond) {

        public Limits {
            if (opsPerSecond < 1 || opsBurst < 1 || refusalsBeforeClose < 1 || maxConnections < 0
                    || maxConnectionsPerSubject < 0 || maxConnectionsPerAddress < 0 || handshakesPerSecond < 0) {
                throw new IllegalArgumentException("tickwire.limits.*: rates and bursts >= 1, caps >= 0 (0: none)");
            }
        }
    }

    /**
     * @param allowedOrigins browser origins that may open {@code /ws} and {@code /sse} and read
     *                       {@code /api/*}; unset: any when auth is off, the page's own origin only when on
     */
    public record Http(List<String> allowedOrigins) {

        public Http {
            allowedOrigins = allowedOrigins == null ? null : List.copyOf(allowedOrigins);
        }
    }

    /** Where a node's quotes come from. */
    public enum FeedSource {
        /** The simulator in this process: one node, no Redis. */
        SIMULATOR,
        /** The cluster's Redis, which publishers fill (PROTOCOL.md §7). */
        REDIS,
        /** Its users, publishing over HTTP into this node alone (PROTOCOL.md §8): no Redis, no simulator. */
        HTTP
    }

    /**
     * @param enabled with authentication off, whether anyone may publish over HTTP ({@code POST
     *                /api/publish}, {@code /api/instruments}); off by default, so a demo gateway never
     *                takes prices from anyone. With authentication on, a token's {@code publish} list decides.
     */
    public record Publish(@DefaultValue("false") boolean enabled) {
    }

    /**
     * @param file         on a node without Redis, the JSON file that keeps revocations across restarts;
     *                     unset: kept in memory only (a cluster keeps them in its Redis)
     * @param retention    how long a revocation stays in force: longer than any token of your identity
     *                     provider lives, so that every token issued before it has expired by then
     * @param syncInterval on a cluster, how often a node looks for revocations made on other nodes
     * @param maxEntries   most revocations in force at once
     */
    public record Revocation(Path file,
                             @DefaultValue("7d") Duration retention,
                             @DefaultValue("250ms") Duration syncInterval,
                             @DefaultValue("100000") int maxEntries) {

        public Revocation {
            if (retention.isNegative() || retention.isZero() || syncInterval.isNegative() || syncInterval.isZero()) {
                throw new IllegalArgumentException("tickwire.revocation.retention and .sync-interval must be positive");
            }
            if (maxEntries < 1) {
                throw new IllegalArgumentException("tickwire.revocation.max-entries must be at least 1");
            }
        }
    }

    /**
     * @param source       {@code simulator} (default), {@code redis} or {@code http}
     * @param rate         aggregate quotes per second
     * @param symbols      blank: the built-in universe; a number N: that many symbols; or a comma-separated list
     * @param seed         RNG seed for a reproducible market; unset: random, logged at startup
     * @param zipfExponent popularity skew (0 uniform, 1 Zipf)
     * @param tickInterval how often the simulator emits the quotes that fell due
     * @param stallLimit   a feed silent longer than this is reported {@code DOWN} by {@code /actuator/health}
     */
    public record Feed(@DefaultValue("simulator") FeedSource source,
                       @DefaultValue("1000") double rate,
                       @DefaultValue("") String symbols,
                       Long seed,
                       @DefaultValue("1.0") double zipfExponent,
                       @DefaultValue("1ms") Duration tickInterval,
                       @DefaultValue("10s") Duration stallLimit) {

        public Feed {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("tickwire.feed.rate must be > 0, not " + rate);
            }
            if (!(zipfExponent >= 0)) {
                throw new IllegalArgumentException("tickwire.feed.zipf-exponent must be >= 0, not " + zipfExponent);
            }
            if (stallLimit.isNegative() || stallLimit.isZero()) {
                throw new IllegalArgumentException("tickwire.feed.stall-limit must be > 0, not " + stallLimit);
            }
        }
    }

    /**
     * @param streamMaxLen    about how many quotes the cluster's stream keeps (an entry counts as its quotes), set in Redis at start
     * @param readCount       about how many quotes one read of the stream takes: what may wait between Redis and the hub
     * @param block           how long one read waits for new entries
     * @param symbolsInterval how often the symbol hash is checked for symbols announced without quotes yet
     * @param minBackoff      first wait before reconnecting after Redis failed; doubles up to {@code maxBackoff}
     * @param maxBackoff      longest wait between reconnects
     * @param waitReplicas    replicas that must hold what is published over HTTP before it is answered 200
     *                        ({@code WAIT}); 0 (the default) answers once the primary took it
     * @param waitTimeout     how long a request waits for them before it is answered 503 {@code FEED_UNAVAILABLE}
     */
    public record Redis(@DefaultValue("1000000") long streamMaxLen,
                        @DefaultValue("10000") int readCount,
                        @DefaultValue("500ms") Duration block,
                        @DefaultValue("500ms") Duration symbolsInterval,
                        @DefaultValue("100ms") Duration minBackoff,
                        @DefaultValue("5s") Duration maxBackoff,
                        @DefaultValue("0") int waitReplicas,
                        @DefaultValue("1s") Duration waitTimeout) {
    }

    /**
     * @param drainTimeout a node told to stop ends its streams and answers its long-polls, then waits
     *                     at most this long for them to go before it exits
     */
    public record Shutdown(@DefaultValue("5s") Duration drainTimeout) {
    }

    /**
     * @param maxSymbols        symbols one connection may subscribe to; {@code *} counts as every symbol
     * @param maxBatch          messages per outbound WebSocket frame or SSE flush
     * @param maxRate           highest {@code maxRate} a client may ask for, also applied when it asks for
     *                          none; 0: no limit
     * @param slowConsumer      {@code conflate}: a lagging client gets the newest quote per symbol;
     *                          {@code disconnect}: it is closed (4008) once {@code queueSize} quotes wait
     * @param queueSize         quotes a client may have waiting: beyond, it lags
     * @param heartbeatInterval an idle WebSocket or SSE client gets a heartbeat this often; 0 turns them off
     * @param conflateAfter     under {@code conflate}, a client whose oldest waiting quote is this much older
     *                          than a new one lags
     */
    public record Client(@DefaultValue("1000") int maxSymbols,
                         @DefaultValue("256") int maxBatch,
                         @DefaultValue("0") double maxRate,
                         @DefaultValue("conflate") SlowConsumerPolicy slowConsumer,
                         @DefaultValue("1024") int queueSize,
                         @DefaultValue("10s") Duration heartbeatInterval,
                         @DefaultValue("50ms") Duration conflateAfter) {

        public Client {
            if (maxSymbols < 1 || maxBatch < 1 || queueSize < 1) {
                throw new IllegalArgumentException(
                        "tickwire.client.max-symbols, max-batch and queue-size must be >= 1");
            }
            if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
                throw new IllegalArgumentException("tickwire.client.max-rate must be >= 0, not " + maxRate);
            }
            if (heartbeatInterval.isNegative()) {
                throw new IllegalArgumentException("tickwire.client.heartbeat-interval must not be negative");
            }
            if (conflateAfter.isNegative()) {
                throw new IllegalArgumentException("tickwire.client.conflate-after must not be negative");
            }
        }
    }

    /**
     * @param maxFrameSize largest inbound frame (or fragmented message); larger closes with 1009
     * @param pingInterval a peer silent this long gets a protocol ping
     * @param idleTimeout  a peer silent this long (no pong, no frame) is closed and its subscriptions dropped
     */
    public record Ws(@DefaultValue("64KB") DataSize maxFrameSize,
                     @DefaultValue("15s") Duration pingInterval,
                     @DefaultValue("45s") Duration idleTimeout) {

        public Ws {
            if (maxFrameSize.toBytes() < 1 || maxFrameSize.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tickwire.ws.max-frame-size out of range: " + maxFrameSize);
            }
            if (pingInterval.isNegative() || pingInterval.isZero() || idleTimeout.compareTo(pingInterval) < 0) {
                throw new IllegalArgumentException(
                        "tickwire.ws.ping-interval must be > 0 and idle-timeout at least as long");
            }
        }
    }

    /**
     * @param defaultTimeout how long a long-poll waits when the request gives no {@code timeout}
     * @param maxTimeout     the longest a long-poll may wait; longer requests are cut to it
     */
    public record Poll(@DefaultValue("25s") Duration defaultTimeout, @DefaultValue("60s") Duration maxTimeout) {

        public Poll {
            if (defaultTimeout.isNegative() || maxTimeout.compareTo(defaultTimeout) < 0) {
                throw new IllegalArgumentException(
                        "tickwire.poll.default-timeout must be >= 0 and max-timeout at least as long");
            }
        }
    }
}
