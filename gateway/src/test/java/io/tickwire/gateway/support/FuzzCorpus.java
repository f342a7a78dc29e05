package io.tickwire.gateway.support;

import static io.tickwire.gateway.support.RawWebSocket.BINARY;
import static io.tickwire.gateway.support.RawWebSocket.CLOSE;
import static io.tickwire.gateway.support.RawWebSocket.CONTINUATION;
import static io.tickwire.gateway.support.RawWebSocket.PING;
import static io.tickwire.gateway.support.RawWebSocket.TEXT;
import static io.tickwire.gateway.support.RawWebSocket.frame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The inputs fuzzing found worth keeping, each with the answer the contract names for it: requests
 * (well-formed frames, bad content: an error and the connection goes on), frames that break
 * RFC 6455 (a close with its code), and HTTP queries and paths (a status and a code). For a gateway
 * with {@code tickwire.client.max-symbols=5} and a 64 KB frame cap, fed {@link ManualFeedConfiguration#SYMBOLS}.
 */
public final class FuzzCorpus {

    /** A text frame and the error code it is answered with. */
    public record Request(String name, String text, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Frames sent in order and the close code the server ends the connection with. */
    public record Frames(String name, List<byte[]> frames, int closeCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A raw request target, the status it is answered with, and the code in the JSON body (null: none asserted). */
    public record Query(String target, int status, String code) {
        @Override
        public String toString() {
            return target.length() > 80 ? target.substring(0, 80) + "…" : target;
        }
    }

    /**
     * A request target that is not a URI is refused by the HTTP layer before any handler sees it:
     * 400 without a JSON body, as Netty's 414 and 431 are.
     */
    public static final String NOT_A_URI = null;
    /**
     * Netty's decoder answers a close frame it finds malformed by closing the TCP connection
     * without a close frame of its own (it has received the peer's closing handshake); RFC 6455
     * §7.1.7 allows it. The connection ends, as it must.
     */
    public static final int DROPPED = -1;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int TOO_BIG = 1009;

    private FuzzCorpus() {
    }

    public static List<Request> requests() {
        String deepArray = "[".repeat(5_000) + "]".repeat(5_000);
        String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        return List.of(
                new Request("empty", "", "BAD_REQUEST"),
                new Request("blank", "  \n\t ", "BAD_REQUEST"),
                new Request("open brace", "{", "BAD_REQUEST"),
                new Request("unterminated", "{\"op\":\"ping\"", "BAD_REQUEST"),
                new Request("trailing comma", "{\"op\":\"ping\",}", "BAD_REQUEST"),
                new Request("single quotes", "{'op':'ping'}", "BAD_REQUEST"),
                new Request("bare word", "nul", "BAD_REQUEST"),
                new Request("null", "null", "BAD_REQUEST"),
                new Request("string", "\"ping\"", "BAD_REQUEST"),
                new Request("two objects", "{\"op\":\"ping\"}{\"op\":\"ping\"}", "BAD_REQUEST"),
                new Request("NUL byte", "\u0000", "BAD_REQUEST"),
                new Request("NaN", "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":NaN}", "BAD_REQUEST"),
                new Request("op upper case", "{\"op\":\"PING\"}", "BAD_REQUEST"),
                new Request("op 60k long", "{\"op\":\"" + "x".repeat(60_000) + "\"}", "BAD_REQUEST"),
                new Request("deep array", deepArray, "BAD_REQUEST"),
                new Request("deep object in an unknown field", "{\"op\":\"ping\",\"x\":" + deepObject + "}", "BAD_REQUEST"),
                new Request("deep id", "{\"op\":\"ping\",\"id\":" + deepObject + "}", "BAD_REQUEST"),
                new Request("id 60k long", "{\"op\":\"ping\",\"id\":\"" + "i".repeat(60_000) + "\"}", "BAD_REQUEST"),
                new Request("id 100 digits", "{\"op\":\"ping\",\"id\":" + "9".repeat(100) + "}", "BAD_REQUEST"),
                new Request("id 2000 digits", "{\"op\":\"ping\",\"id\":" + "9".repeat(2_000) + "}", "BAD_REQUEST"),
                new Request("id infinite", "{\"op\":\"ping\",\"id\":1e999999}", "BAD_REQUEST"),
                new Request("symbols null", "{\"op\":\"subscribe\",\"symbols\":[null]}", "BAD_REQUEST"),
                new Request("symbols nested", "{\"op\":\"subscribe\",\"symbols\":[[\"AAPL\"]]}", "BAD_REQUEST"),
                new Request("symbols object", "{\"op\":\"subscribe\",\"symbols\":{\"0\":\"AAPL\"}}", "BAD_REQUEST"),
                new Request("symbol NUL", "{\"op\":\"subscribe\",\"symbols\":[\"\\u0000\"]}", "UNKNOWN_SYMBOL"),
                new Request("symbol lone surrogate", "{\"op\":\"subscribe\",\"symbols\":[\"\\ud800\"]}", "UNKNOWN_SYMBOL"),
                new Request("symbol path", "{\"op\":\"subscribe\",\"symbols\":[\"../../etc/passwd\"]}", "UNKNOWN_SYMBOL"),
                new Request("symbol 60k long", "{\"op\":\"subscribe\",\"symbols\":[\"" + "S".repeat(60_000) + "\"]}",
                        "UNKNOWN_SYMBOL"),
                new Request("6,000 unknown symbols", subscribe(IntStream.range(0, 6_000).mapToObj(i -> "S" + i)),
                        "UNKNOWN_SYMBOL"),
                new Request("6,000 symbols, all known ones among them", subscribe(IntStream.range(0, 6_000)
                        .mapToObj(i -> i < ManualFeedConfiguration.SYMBOLS.length ? ManualFeedConfiguration.SYMBOLS[i] : "S" + i)),
                        "LIMIT_EXCEEDED"),
                new Request("since negative", subscribeWith("\"since\":-1"), "BAD_REQUEST"),
                new Request("since fraction", subscribeWith("\"since\":1.5"), "BAD_REQUEST"),
                new Request("since past a long", subscribeWith("\"since\":99999999999999999999"), "BAD_REQUEST"),
                new Request("since 1e30", subscribeWith("\"since\":1e30"), "BAD_REQUEST"),
                new Request("since text", subscribeWith("\"since\":\"abc\""), "BAD_REQUEST"),
                new Request("since array", subscribeWith("\"since\":[]"), "BAD_REQUEST"),
                new Request("maxRate zero", subscribeWith("\"maxRate\":0"), "BAD_REQUEST"),
                new Request("maxRate negative", subscribeWith("\"maxRate\":-5"), "BAD_REQUEST"),
                new Request("maxRate infinite", subscribeWith("\"maxRate\":1e400"), "BAD_REQUEST"),
                new Request("maxRate text", subscribeWith("\"maxRate\":\"fast\""), "BAD_REQUEST"),
                new Request("maxRate true", subscribeWith("\"maxRate\":true"), "BAD_REQUEST"),
                new Request("auth without token", "{\"op\":\"auth\"}", "BAD_REQUEST"),
                new Request("auth token 60k of junk", "{\"op\":\"auth\",\"token\":\"" + "j".repeat(60_000) + "\"}",
                        "BAD_REQUEST"));
    }

    private static String subscribe(java.util.stream.Stream<String> symbols) {
        return "{\"op\":\"subscribe\",\"symbols\":[" + symbols.map(s -> "\"" + s + "\"").collect(Collectors.joining(","))
                + "]}";
    }

    private static String subscribeWith(String field) {
        return "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]," + field + "}";
    }

    public static List<Frames> frames() {
        byte[] ping = "{\"op\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Frames("RSV1 without an extension", List.of(frame(0x80 | 0x40 | TEXT, ping)), PROTOCOL_ERROR),
                new Frames("RSV2", List.of(frame(0x80 | 0x20 | TEXT, ping)), PROTOCOL_ERROR),
                new Frames("RSV3", List.of(frame(0x80 | 0x10 | TEXT, ping)), PROTOCOL_ERROR),
                new Frames("RSV1 on a ping", List.of(frame(0x80 | 0x40 | PING, new byte[0])), PROTOCOL_ERROR),
                new Frames("RSV1 on a continuation", List.of(frame(TEXT, ping), frame(0x80 | 0x40 | CONTINUATION, ping)),
                        PROTOCOL_ERROR),
                new Frames("unmasked", List.of(frame(0x80 | TEXT, ping, false, ping.length)), PROTOCOL_ERROR),
                new Frames("reserved data opcode 0x3", List.of(frame(0x80 | 0x3, ping)), PROTOCOL_ERROR),
                new Frames("reserved data opcode 0x7", List.of(frame(0x80 | 0x7, ping)), PROTOCOL_ERROR),
                new Frames("reserved control opcode 0xB", List.of(frame(0x80 | 0xB, new byte[0])), PROTOCOL_ERROR),
                new Frames("reserved control opcode 0xF", List.of(frame(0x80 | 0xF, new byte[0])), PROTOCOL_ERROR),
                new Frames("ping over 125 bytes", List.of(frame(0x80 | PING, new byte[126])), PROTOCOL_ERROR),
                new Frames("fragmented ping", List.of(frame(PING, new byte[4])), PROTOCOL_ERROR),
                new Frames("continuation with nothing to continue", List.of(frame(0x80 | CONTINUATION, ping)),
                        PROTOCOL_ERROR),
                new Frames("new message inside a fragmented one", List.of(frame(TEXT, ping), frame(0x80 | TEXT, ping)),
                        PROTOCOL_ERROR),
                new Frames("binary inside a fragmented text", List.of(frame(TEXT, ping), frame(0x80 | BINARY, ping)),
                        PROTOCOL_ERROR),
                new Frames("invalid UTF-8", List.of(frame(0x80 | TEXT, bytes(0x7b, 0xc3, 0x28, 0x7d))), INVALID_PAYLOAD),
                new Frames("overlong UTF-8", List.of(frame(0x80 | TEXT, bytes(0xc0, 0xaf))), INVALID_PAYLOAD),
                new Frames("UTF-8 surrogate", List.of(frame(0x80 | TEXT, bytes(0xed, 0xa0, 0x80))), INVALID_PAYLOAD),
                new Frames("invalid UTF-8 across fragments",
                        List.of(frame(TEXT, bytes(0x22, 0xe2, 0x82)), frame(0x80 | CONTINUATION, bytes(0x28, 0x22))),
                        INVALID_PAYLOAD),
                new Frames("length 2^63-1", List.of(frame(0x80 | TEXT, new byte[0], true, Long.MAX_VALUE)), TOO_BIG),
                new Frames("length over the cap, never sent", List.of(frame(0x80 | TEXT, new byte[0], true, 70 * 1024)),
                        TOO_BIG),
                new Frames("negative 64-bit length", List.of(frame(0x80 | TEXT, new byte[0], true, -1L)), PROTOCOL_ERROR),
                new Frames("close with one byte", List.of(frame(0x80 | CLOSE, bytes(0x03))), PROTOCOL_ERROR),
                new Frames("close code 999", List.of(frame(0x80 | CLOSE, bytes(0x03, 0xe7))), DROPPED),
                new Frames("close code 1005", List.of(frame(0x80 | CLOSE, bytes(0x03, 0xed))), DROPPED),
                new Frames("close code 5000", List.of(frame(0x80 | CLOSE, bytes(0x13, 0x88))), PROTOCOL_ERROR),
                new Frames("close reason invalid UTF-8", List.of(frame(0x80 | CLOSE, bytes(0x03, 0xe8, 0xc3, 0x28))),
                        DROPPED));
    }

    public static List<Query> queries() {
        return List.of(
                new Query("/sse", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=,,,", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=XYZ", 400, "UNKNOWN_SYMBOL"),
                new Query("/sse?symbols=%00", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=%ZZ", 400, NOT_A_URI),
                new Query("/sse?symbols=%C3%28", 400, "UNKNOWN_SYMBOL"),
                new Query("/sse?symbols=AAPL,MSFT,TSLA,NVDA,SPY,QQQ", 400, "LIMIT_EXCEEDED"),
                new Query("/sse?symbols=AAPL&maxRate=abc", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&maxRate=-1", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&maxRate=0", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&maxRate=NaN", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&maxRate=Infinity", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&lastEventId=abc", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&lastEventId=-5", 400, "BAD_REQUEST"),
                new Query("/sse?symbols=AAPL&lastEventId=99999999999999999999", 400, "BAD_REQUEST"),
                new Query("/api/quotes?symbols=../../etc/passwd", 400, "UNKNOWN_SYMBOL"),
                new Query("/api/quotes?symbols=%ZZ", 400, NOT_A_URI),
                new Query("/api/quotes/poll?symbols=AAPL&since=abc", 400, "BAD_REQUEST"),
                new Query("/api/quotes/poll?symbols=AAPL&since=-1", 400, "BAD_REQUEST"),
                new Query("/api/quotes/poll?symbols=AAPL&since=99999999999999999999", 400, "BAD_REQUEST"),
                new Query("/api/quotes/poll?symbols=AAPL&since=0&timeout=abc", 400, "BAD_REQUEST"),
                new Query("/api/quotes/poll?symbols=AAPL&since=0&timeout=-1", 400, "BAD_REQUEST"),
                new Query("/api/quotes/poll?symbols=AAPL&since=0&timeout=NaN", 400, "BAD_REQUEST"),
                new Query("/api/quotes/poll?symbols=XYZ&since=0", 400, "UNKNOWN_SYMBOL"));
    }

    /** Paths that try to reach files: none may be answered with anything but 400 or 404. */
    public static List<String> traversals() {
        return List.of(
                "/../../../../etc/passwd",
                "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/..%2f..%2f..%2f..%2fetc%2fpasswd",
                "/%2e%2e%5c%2e%2e%5c%2e%2e%5cetc%5cpasswd",
                "/static/../../../../etc/passwd",
                "/dashboard/..%252f..%252fpom.xml",
                "/index.html%00.js",
                "//etc/passwd",
                "/application.yml",
                "/META-INF/MANIFEST.MF",
                "/io/tickwire/gateway/TickwireGatewayApplication.class",
                "/actuator/../application.yml",
                "/actuator/env",
                "/actuator/heapdump");
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
