package io.tickwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * One logical client of the soak, over WebSocket or SSE: it connects to a node, stays, leaves (or
 * is closed by the node, or refused), and connects again, to another node after a refusal or a
 * close by the node, resuming from the highest {@code seq} it has seen ({@code since} in its
 * subscribe op, {@code Last-Event-ID} on SSE). Per symbol it keeps the last {@code seq}; a quote at
 * or below it, on any connection, is a violation (a duplicate, or a step back). One connection at a
 * time: the next is opened only after the last has ended. Its state is guarded by its own lock.
 */
final class SoakClient {

    private static final int MAX_MESSAGE = 1 << 20;

    private final SoakClients owner;
    private final int id;
    private final boolean sse;
    private final List<String> symbols;
    private final Set<String> mine;
    private final SplittableRandom random;
    private final Map<String, Long> last = new HashMap<>();
    private final StringBuilder sseBuffer = new StringBuilder();
    private long cursor;
    private int node;
    private int failures;
    private long generation;
    private boolean up;
    private boolean leaving;
    private String why;
    private Disposable connection;

    SoakClient(SoakClients owner, int id, boolean sse, List<String> symbols, SplittableRandom random) {
        this.owner = owner;
        this.id = id;
        this.sse = sse;
        this.symbols = List.copyOf(symbols);
        this.mine = Set.copyOf(symbols);
        this.random = random;
        this.node = id % owner.nodePorts.size();
    }

    synchronized long random(int lo, int hi) {
        return hi > lo ? random.nextInt(lo, hi) : lo;
    }

    synchronized boolean up() {
        return up;
    }

    synchronized void connect() {
        if (owner.stopped()) {
            return;
        }
        long gen = ++generation;
        up = false;
        leaving = false;
        why = null;
        sseBuffer.setLength(0);
        int port = owner.nodePorts.get(node);
        Mono<Void> session = sse ? sse(port, cursor, gen) : ws(port, cursor, gen);
        connection = session
                .onErrorResume(e -> {
                    because(gen, describe(e));
                    return Mono.empty();
                })
                .doFinally(signal -> ended(gen, signal))
                .subscribe();
    }

    synchronized void stop() {
        if (connection != null) {
            connection.dispose();
        }
    }

    /** The symbols whose last quote here is not the {@code latest} one. */
    synchronized long behind(Map<String, Long> latest) {
        return symbols.stream().filter(s -> latest.containsKey(s) && !latest.get(s).equals(last.get(s))).count();
    }

    private Mono<Void> ws(int port, long since, long gen) {
        String subscribe = "{\"op\":\"subscribe\",\"id\":\"soak\",\"symbols\":[\"" + String.join("\",\"", symbols) + "\"]"
                + (since > 0 ? ",\"since\":" + since : "") + "}";
        return owner.http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE).build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    opened(gen);
                    Mono<Void> frames = in.aggregateFrames(MAX_MESSAGE).receiveFrames().doOnNext(f -> {
                        if (f instanceof TextWebSocketFrame text) {
                            onJson(gen, text.text());
                        }
                    }).then();
                    Mono<Void> status = in.receiveCloseStatus().doOnNext(s -> because(gen, "ws closed " + s.code())).then();
                    return Mono.when(out.sendString(Mono.just(subscribe)).then(), frames, status);
                })
                .then();
    }

    private Mono<Void> sse(int port, long since, long gen) {
        HttpClient http = since > 0 ? owner.http.headers(h -> h.set("Last-Event-ID", Long.toString(since))) : owner.http;
        StringBuilder query = new StringBuilder();
        for (String s : symbols) {
            query.append(query.length() == 0 ? "" : ",").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        return http.get().uri("http://127.0.0.1:" + port + "/sse?symbols=" + query)
                .response((res, body) -> {
                    if (res.status().code() != 200) {
                        return body.aggregate().asString().defaultIfEmpty("").flatMap(b -> Mono.error(new IOException(
                                "sse refused " + res.status().code() + code(b))));
                    }
                    opened(gen);
                    return body.asString(StandardCharsets.UTF_8).doOnNext(chunk -> onSse(gen, chunk))
                            .then(Mono.fromRunnable(() -> because(gen, "sse ended by the node")));
                })
                .then();
    }

    private synchronized void opened(long gen) {
        if (gen != generation || up) {
            return;
        }
        up = true;
        owner.opened(node);
        if (owner.churning()) {
            owner.timer.schedule(() -> leave(gen), random(owner.minLifeMillis, owner.maxLifeMillis), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void leave(long gen) {
        if (gen == generation && up && owner.churning()) {
            leaving = true;
            connection.dispose();
        }
    }

    private synchronized void because(long gen, String reason) {
        if (gen == generation && why == null) {
            why = reason;
        }
    }

    /** Counts how the connection ended and opens the next: another node after a refusal or a close by the node. */
    private synchronized void ended(long gen, SignalType signal) {
        if (gen != generation) {
            return;
        }
        boolean wasUp = up;
        up = false;
        if (wasUp) {
            owner.closed(node);
        }
        String transport = sse ? "sse " : "ws ";
        owner.count(leaving ? transport + "left (client)" : why != null ? (why.startsWith(transport) ? why : transport + why)
                : transport + (wasUp ? "ended" : "failed") + (signal == SignalType.CANCEL ? " (cancelled)" : ""));
        if (owner.stopped()) {
            return;
        }
        int nodes = owner.nodePorts.size();
        long delay;
        if (leaving) {
            node = (int) random(0, nodes);
            delay = random(100, 1000);
        }
        else if (!wasUp) {
            owner.failedConnects.increment();
            failures++;
            node = (node + 1) % nodes;
            delay = Math.min(2000, 100L << Math.min(failures, 5)) + random(0, 100);
        }
        else {
            node = (node + 1) % nodes;
            delay = random(50, 300);
        }
        owner.timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void onSse(long gen, String chunk) {
        sseBuffer.append(chunk);
        for (int end = sseBuffer.indexOf("\n\n"); end >= 0; end = sseBuffer.indexOf("\n\n")) {
            String event = sseBuffer.substring(0, end);
            sseBuffer.delete(0, end + 2);
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            if (data.length() > 0) {
                onJson(gen, data.toString());
            }
        }
        if (sseBuffer.length() > MAX_MESSAGE) {
            owner.violation("client " + id + ": an SSE event over 1 MiB");
            sseBuffer.setLength(0);
        }
    }

    private void onJson(long gen, String text) {
        try {
            JsonNode n = owner.json.readTree(text);
            if (n.isArray()) {
                n.forEach(m -> onMessage(gen, m));
            }
            else {
                onMessage(gen, n);
            }
        }
        catch (IOException e) {
            owner.violation("client " + id + ": not JSON: " + text.substring(0, Math.min(80, text.length())));
        }
    }

    private void onMessage(long gen, JsonNode m) {
        switch (m.path("type").asText()) {
            case "quote" -> onQuote(gen, m.path("symbol").asText(), m.path("seq").asLong(), m.path("ts").asLong());
            case "error" -> owner.count((sse ? "sse" : "ws") + " error message " + m.path("code").asText());
            default -> {
                // acks, heartbeats
            }
        }
    }

    private synchronized void onQuote(long gen, String symbol, long seq, long ts) {
        if (gen != generation) {
            return;
        }
        owner.quotes.increment();
        if (!mine.contains(symbol)) {
            owner.foreign.increment();
            owner.violation("client " + id + " (node " + node + "): a quote of " + symbol + ", not subscribed");
            return;
        }
        Long prev = last.get(symbol);
        if (prev != null && seq <= prev) {
            owner.violation(String.format("client %d (%s, node %d, connection %d): %s seq %d after %d", id,
                    sse ? "sse" : "ws", node, gen, symbol, seq, prev));
            return;
        }
        last.put(symbol, seq);
        cursor = Math.max(cursor, seq);
        failures = 0;
        long now = System.currentTimeMillis();
        for (SoakClients.Marker m : owner.markers) {
            if (ts > m.afterMicros) {
                m.firstMillis.compareAndSet(id, 0, now);
            }
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof WebSocketClientHandshakeException h && h.response() != null) {
            return "ws refused " + h.response().status().code();
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connect refused";
        }
        if (e instanceof PrematureCloseException) {
            return "closed before the response";
        }
        return e.getMessage() != null && e.getMessage().startsWith("sse refused") ? e.getMessage()
                : e.getClass().getSimpleName();
    }

    /** {@code " FEED_UNAVAILABLE"} from an error body {@code {"code":"FEED_UNAVAILABLE",…}}, or "". */
    private static String code(String body) {
        int at = body.indexOf("\"code\":\"");
        return at < 0 ? "" : " " + body.substring(at + 8, Math.max(at + 8, body.indexOf('"', at + 8)));
    }
}
