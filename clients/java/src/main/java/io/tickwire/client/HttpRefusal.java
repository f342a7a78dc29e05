package io.tickwire.client;

/**
 * A link was answered with an HTTP status other than the stream (a refused WebSocket handshake, an
 * SSE request answered 4xx or 5xx), with the error the body named; {@link QuoteStream} decides
 * whether that ends the stream, drops symbols or is retried.
 */
final class HttpRefusal extends RuntimeException {

    final int status;
    final Inbound.Control body;

    HttpRefusal(int status, Inbound.Control body) {
        super("HTTP " + status + (body.code() == null ? "" : " " + body.code())
                + (body.message() == null ? "" : ": " + body.message()), null, false, false);
        this.status = status;
        this.body = body;
    }
}
