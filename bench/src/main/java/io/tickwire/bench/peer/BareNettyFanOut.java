package io.tickwire.bench.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The {@code bare-netty} peer: the floor of our own stack. A Reactor Netty WebSocket fan-out server
 * with no Spring, one WebSocket text frame per quote, following {@code bench/peers/README.md}.
 *
 * <ul>
 *   <li>{@code GET /api/symbols}: {@code [{"symbol":"S000","name":"S000"}, …]}.
 *   <li>{@code ws://127.0.0.1:PORT/ws?symbols=S000,S001}: the quote JSON, one text frame per quote.
 * </ul>
 *
 * <p>One publisher thread, ticking every 1 ms, emits the quotes that fell due since the start
 * ({@code RATE} per second in total, each for a symbol drawn uniformly at random, feed-wide
 * {@code seq}). Each quote is built once with a {@link StringBuilder}, encoded once into one pooled {@link ByteBuf},
 * and every subscriber gets a {@link ByteBuf#retainedDuplicate()} of it in its own
 * {@link TextWebSocketFrame}: encode once, share the bytes.
 *
 * <p>Outbound is "bare": the publisher thread writes straight to each subscriber's Netty channel,
 * flushes each channel it wrote once per tick, and skips (counts as dropped) a frame for a channel
 * that is not writable (its outbound buffer is above Netty's high water mark, 64 KiB by default).
 * No per-connection queue, no conflation.
 */
public final class BareNettyFanOut {

    private static final String HOST = "127.0.0.1";

    private final int rate;
    private final String[] symbols;
    private final Map<String, Integer> symbolIndex = new HashMap<>();
    private final String symbolsJson;
    /** Per symbol, the connections subscribed to it; read on every quote, written on (un)subscribe. */
    private final List<CopyOnWriteArrayList<Subscriber>> subscribersBySymbol;

    private final ScheduledExecutorService publisherThread =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bare-netty-publisher");
                t.setDaemon(true);
                return t;
            });
    private final Publisher publisher;

    BareNettyFanOut(int rate, int symbolCount) {
        this.rate = rate;
        this.symbols = new String[symbolCount];
        this.subscribersBySymbol = new ArrayList<>(symbolCount);
        StringBuilder json = new StringBuilder(symbolCount * 32 + 2).append('[');
        for (int i = 0; i < symbolCount; i++) {
            String s = String.format("S%03d", i);
            symbols[i] = s;
            symbolIndex.put(s, i);
            subscribersBySymbol.add(new CopyOnWriteArrayList<>());
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"symbol\":\"").append(s).append("\",\"name\":\"").append(s).append("\"}");
        }
        this.symbolsJson = json.append(']').toString();
        this.publisher = new Publisher();
    }

    public static void main(String[] args) throws Exception {
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
        new BareNettyFanOut(rate, symbolCount).run(port);
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
                                Subscriber sub = new Subscriber(channel[0], wanted);
                                subscribe(sub);
                                // abrupt disconnects (no close frame) end here too
                                channel[0].closeFuture().addListener(f -> unsubscribe(sub));
                                // keep the handler alive until the client closes; inbound frames
                                // (pings are answered by Reactor Netty) are released as they come
                                return in.receive().then().doFinally(s -> unsubscribe(sub));
                            });
                        }))
                .bindNow(Duration.ofSeconds(10));

        // BENCH_FEED_DELAY_MS: the bench starts the feed only after its clients have connected.
        long delayMs = Long.parseLong(System.getenv().getOrDefault("BENCH_FEED_DELAY_MS", "0"));
        publisher.startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        publisherThread.scheduleAtFixedRate(publisher::tickSafely, delayMs, 1, TimeUnit.MILLISECONDS);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server), "bare-netty-shutdown"));

        System.out.println("ready on port " + server.port());
        System.out.flush();
        server.onDispose().block();
    }

    private void shutdown(DisposableServer server) {
        publisherThread.shutdown();
        boolean stopped = false;
        try {
            stopped = publisherThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // after awaitTermination the publisher's plain counters are visible here (happens-before)
        System.err.printf("bare-netty totals: quotes published=%d, frames written=%d, frames dropped=%d%s%n",
                publisher.published, publisher.framesWritten, publisher.framesDropped,
                stopped ? "" : " (publisher did not stop within 2 s; counts may be stale)");
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

    private void subscribe(Subscriber sub) {
        for (int i : sub.symbols) {
            subscribersBySymbol.get(i).add(sub);
        }
    }

    private void unsubscribe(Subscriber sub) {
        if (sub.removed.compareAndSet(false, true)) {
            for (int i : sub.symbols) {
                subscribersBySymbol.get(i).remove(sub);
            }
        }
    }

    /** One WebSocket connection. */
    private static final class Subscriber {
        final Channel channel;
        final int[] symbols;
        final AtomicBoolean removed = new AtomicBoolean();
        /** Publisher thread only: the tick in which this channel was last written (flush once per tick). */
        long lastTickWritten = -1;

        Subscriber(Channel channel, int[] symbols) {
            this.channel = channel;
            this.symbols = symbols;
        }
    }

    /** Runs on the single publisher thread only. */
    private final class Publisher {
        private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        private final SplittableRandom random = new SplittableRandom(42);
        private final SplittableRandom symbolOrder = new SplittableRandom(7);
        private final StringBuilder sb = new StringBuilder(256);
        private final ArrayList<Subscriber> writtenThisTick = new ArrayList<>();
        // price model per symbol, in cents
        private final long[] mid = new long[symbols.length];
        private final long[] open = new long[symbols.length];
        private final long[] volume = new long[symbols.length];

        volatile long startNanos;
        long tick;
        long published; // == seq of the last quote
        long framesWritten;
        long framesDropped;

        Publisher() {
            for (int i = 0; i < symbols.length; i++) {
                mid[i] = 5_000 + (i * 7_919L) % 45_000; // 50.00 .. 499.99
                open[i] = mid[i];
            }
        }

        void tickSafely() {
            try {
                tick();
            } catch (Throwable t) {
                // a throwing task would silently cancel the schedule: report and keep ticking
                t.printStackTrace();
            }
        }

        private void tick() {
            tick++;
            long elapsedMicros = (System.nanoTime() - startNanos) / 1_000;
            long due = elapsedMicros * rate / 1_000_000; // quotes due since the start
            while (published < due) {
                publishOne();
            }
            for (int i = 0, n = writtenThisTick.size(); i < n; i++) {
                writtenThisTick.get(i).channel.flush();
            }
            writtenThisTick.clear();
        }

        private void publishOne() {
            long seq = ++published;
            // Drawn at random, as Tickwire's simulator does: in round-robin order consecutive quotes would
            // mostly go to the same clients (subscribed to runs of adjacent symbols) and share a flush.
            int s = symbolOrder.nextInt(symbols.length);
            CharSequence json = nextQuote(s, seq); // built in place, no String copy

            CopyOnWriteArrayList<Subscriber> subs = subscribersBySymbol.get(s);
            if (subs.isEmpty()) {
                return;
            }
            ByteBuf bytes = alloc.directBuffer(json.length());
            ByteBufUtil.writeAscii(bytes, json);
            try {
                for (Subscriber sub : subs) {
                    Channel ch = sub.channel;
                    if (!ch.isActive()) {
                        continue; // closing; removed from the lists shortly
                    }
                    if (!ch.isWritable()) {
                        framesDropped++; // socket full: drop (no duplicate taken, nothing to release)
                        continue;
                    }
                    ch.write(new TextWebSocketFrame(bytes.retainedDuplicate()), ch.voidPromise());
                    framesWritten++;
                    if (sub.lastTickWritten != tick) {
                        sub.lastTickWritten = tick;
                        writtenThisTick.add(sub);
                    }
                }
            } finally {
                bytes.release(); // the publisher's own reference; duplicates hold theirs
            }
        }

        /**
         * Advances symbol {@code s}'s random walk and returns its quote JSON (about 170 bytes) in the
         * publisher's reused StringBuilder: valid until the next call.
         */
        private CharSequence nextQuote(int s, long seq) {
            long m = mid[s] + random.nextInt(3) - 1;
            if (m < 100) {
                m = 100;
            }
            mid[s] = m;
            long bid = m;
            long ask = m + 1;
            long last = random.nextBoolean() ? bid : ask;
            long bidSize = 100L * (1 + random.nextInt(10));
            long askSize = 100L * (1 + random.nextInt(10));
            long lastSize = 100L * (1 + random.nextInt(5));
            long vol = volume[s] += lastSize;
            Instant now = Instant.now();
            long ts = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;

            StringBuilder b = sb;
            b.setLength(0);
            b.append("{\"type\":\"quote\",\"symbol\":\"").append(symbols[s])
                    .append("\",\"seq\":").append(seq)
                    .append(",\"ts\":").append(ts)
                    .append(",\"bid\":");
            cents(b, bid).append(",\"ask\":");
            cents(b, ask).append(",\"last\":");
            cents(b, last).append(",\"bidSize\":").append(bidSize)
                    .append(",\"askSize\":").append(askSize)
                    .append(",\"lastSize\":").append(lastSize)
                    .append(",\"volume\":").append(vol)
                    .append(",\"open\":");
            return cents(b, open[s]).append('}');
        }

        private StringBuilder cents(StringBuilder b, long cents) {
            long frac = cents % 100;
            b.append(cents / 100).append('.');
            if (frac < 10) {
                b.append('0');
            }
            return b.append(frac);
        }
    }
}
