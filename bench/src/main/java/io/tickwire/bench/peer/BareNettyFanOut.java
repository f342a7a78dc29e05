package io.tickwire.bench.peer;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The {@code bare-netty} peer: the floor of our own stack, a WebSocket fan-out on Reactor Netty's
 * server written as a Netty engineer would write it for this job, with no Spring and no gateway
 * features, following {@code bench/peers/README.md}.
 *
 * <ul>
 *   <li>{@code GET /api/symbols}: {@code [{"symbol":"S000","name":"S000"}, …]}.
 *   <li>{@code ws://127.0.0.1:PORT/ws?symbols=S000,S001}: the quote JSON, one text frame per quote.
 * </ul>
 *
 * <p>Reactor Netty does the HTTP serving and the WebSocket handshake (and answers pings); after that
 * the fan-out writes straight to each channel. Each quote is encoded once, by the publisher
 * ({@link FeedTicker}), into the bytes of a whole WebSocket frame, which pass the pipeline's WebSocket
 * encoder untouched; every subscriber gets a {@code retainedDuplicate} of those bytes, never a copy
 * (a {@code TextWebSocketFrame} per subscriber would be copied there with its header, as Netty's
 * encoder does for payloads under 1 KiB). Subscribers are grouped by their channel's event loop
 * ({@link LoopFanOut}): the publisher hands each loop one task per tick, which writes on the loop
 * and flushes each channel once. A channel that is not writable is skipped (drop while not writable);
 * a loop {@value LoopFanOut#MAX_BACKLOG} ticks behind is skipped (drop the newest ticks).
 *
 * <p>{@code BARE_NETTY_FLUSH} (environment), for comparison: {@code loop} (default) flushes each
 * written channel once at the end of the loop's run of tasks; {@code tick} at the end of each
 * tick's task; {@code consolidate} writes and flushes each frame and lets Netty's
 * {@link FlushConsolidationHandler} fold the flushes (it queues one flush task per channel). The event
 * loops are Reactor Netty's defaults, as in Tickwire (so the same threads on the same cores).
 */
public final class BareNettyFanOut {

    private static final String HOST = "127.0.0.1";

    private final String[] symbols;
    private final Map<String, Integer> symbolIndex = new HashMap<>();
    private final String symbolsJson;
    private final LoopFanOut.Flush flush;
    private final Map<EventLoop, LoopFanOut> byLoop = new ConcurrentHashMap<>();
    /** What the publisher reads each tick: a snapshot of {@code byLoop}'s values, replaced when a loop joins. */
    private volatile LoopFanOut[] loops = new LoopFanOut[0];
    private final FeedTicker ticker;

    BareNettyFanOut(int rate, int symbolCount, LoopFanOut.Flush flush) {
        this.flush = flush;
        this.symbols = new String[symbolCount];
        StringBuilder json = new StringBuilder(symbolCount * 32 + 2).append('[');
        for (int i = 0; i < symbolCount; i++) {
            String s = String.format("S%03d", i);
            symbols[i] = s;
            symbolIndex.put(s, i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"symbol\":\"").append(s).append("\",\"name\":\"").append(s).append("\"}");
        }
        this.symbolsJson = json.append(']').toString();
        this.ticker = new FeedTicker(rate, new QuoteFrames(symbols), () -> loops);
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: BareNettyFanOut PORT RATE SYMBOLS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int symbolCount = Integer.parseInt(args[2]);
        if (port < 0 || rate < 0 || symbolCount < 1) {
            System.err.println("PORT and RATE must be >= 0, SYMBOLS >= 1");
            System.exit(2);
        }
        LoopFanOut.Flush flush = LoopFanOut.Flush.valueOf(
                System.getenv().getOrDefault("BARE_NETTY_FLUSH", "loop").toUpperCase(Locale.ROOT));
        new BareNettyFanOut(rate, symbolCount, flush).run(port);
    }

    void run(int port) {
        DisposableServer server = HttpServer.create()
                .host(HOST)
                .port(port)
                .route(routes -> routes
                        .get("/api/symbols", (req, res) -> res
                                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .sendString(Mono.just(symbolsJson)))
                        // get + sendWebsocket (rather than routes.ws) to read ?symbols= from the URI
                        .get("/ws", (req, res) -> {
                            int[] wanted = parseSymbols(req.uri());
                            return res.sendWebsocket((in, out) -> {
                                Channel[] channel = new Channel[1];
                                in.withConnection(c -> channel[0] = c.channel());
                                subscribe(channel[0], wanted);
                                // Stay open until the client goes; inbound frames are released as they
                                // come (Reactor Netty answers pings). Nothing is sent through `out`: the
                                // fan-out writes to the channel itself.
                                return in.receive().then();
                            });
                        }))
                .bindNow(Duration.ofSeconds(10));

        // BENCH_FEED_DELAY_MS: the bench starts the feed only after its clients have connected.
        ticker.start(Long.parseLong(System.getenv().getOrDefault("BENCH_FEED_DELAY_MS", "0")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server), "bare-netty-shutdown"));

        System.out.println("ready on port " + server.port() + ", flush " + flush.name().toLowerCase(Locale.ROOT));
        System.out.flush();
        server.onDispose().block();
    }

    private void subscribe(Channel ch, int[] wanted) {
        if (flush == LoopFanOut.Flush.CONSOLIDATE) {
            // first in the pipeline, next to the socket, so that every flush passes through it
            ch.pipeline().addFirst("flushConsolidation", new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        }
        LoopFanOut loop = byLoop.computeIfAbsent(ch.eventLoop(), this::newLoop);
        LoopFanOut.Subscriber sub = new LoopFanOut.Subscriber(ch, wanted);
        loop.add(sub);
        // Whatever ends the connection (close frame or not), its registration goes with it.
        ch.closeFuture().addListener(f -> loop.remove(sub));
    }

    private LoopFanOut newLoop(EventLoop eventLoop) {
        LoopFanOut loop = new LoopFanOut(eventLoop, symbols.length, flush);
        synchronized (this) {
            LoopFanOut[] next = Arrays.copyOf(loops, loops.length + 1);
            next[loops.length] = loop;
            loops = next;
        }
        return loop;
    }

    private void shutdown(DisposableServer server) {
        long[] fed = ticker.stop();
        long written = 0;
        long dropped = 0;
        for (LoopFanOut loop : loops) {
            long[] t = loop.totals();
            written += t[0];
            dropped += t[1];
        }
        System.err.printf("bare-netty totals: quotes published=%s, frames written=%d, frames dropped=%d"
                        + " (drop while not writable), event loops with subscribers=%d, quotes skipped for a loop"
                        + " over %d ticks behind=%s%n",
                fed == null ? "? (publisher did not stop within 2 s)" : Long.toString(fed[0]),
                written, dropped, loops.length, LoopFanOut.MAX_BACKLOG, fed == null ? "?" : Long.toString(fed[1]));
        System.err.flush();
        try {
            server.disposeNow(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // exiting anyway
        }
    }

    private int[] parseSymbols(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().get("symbols");
        LinkedHashSet<Integer> wanted = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                for (String s : value.split(",")) {
                    Integer i = symbolIndex.get(s.trim());
                    if (i != null) {
                        wanted.add(i); // unknown symbols are ignored
                    }
                }
            }
        }
        return wanted.stream().mapToInt(Integer::intValue).toArray();
    }
}
