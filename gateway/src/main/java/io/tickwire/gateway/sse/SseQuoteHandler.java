package io.tickwire.gateway.sse;

import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.SubscribeOptions;
import io.tickwire.gateway.hub.SubscribeResult;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.transport.ClientChannel;
import io.tickwire.gateway.transport.Entrance;
import io.tickwire.gateway.transport.HttpErrors;
import io.tickwire.gateway.transport.QueryParams;
import io.tickwire.gateway.transport.SymbolSelection;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.Heartbeat;
import io.tickwire.gateway.wire.Outbound;
import io.tickwire.gateway.wire.ProtocolError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /sse?symbols=AAPL,MSFT} (PROTOCOL.md §3): the snapshot of each symbol, then live
 * quotes, as {@code id: <seq>} / {@code event: quote} / {@code data: <json>} events.
 *
 * <p>A reconnecting browser sends {@code Last-Event-ID}; clients that cannot set headers pass
 * {@code lastEventId}. Either one replaces the snapshot with the symbols whose latest quote is
 * newer than it; the header wins, since a browser reconnecting by itself keeps the URL it first
 * used. {@code maxRate} throttles each symbol as on WebSocket.
 *
 * <p>A bad request is refused with 400 and a JSON body before the stream starts: a parameter it
 * got wrong, or the symbols its session refused (the same judgement as a WebSocket subscribe,
 * but refused whole). The stream
 * opens with {@code retry: 1000} (reconnect after a second rather than the browser's default
 * three) which also sends the headers at once. Each batch of the client's mailbox is written as
 * one chunk, so a burst costs one flush, and only while the channel is writable; a client that
 * reads slowly is conflated like any other, or its stream ended under the {@code disconnect}
 * policy. An idle stream gets a {@code : heartbeat <ts>} comment every heartbeat interval.
 */
public final class SseQuoteHandler {

    private static final byte[] PREAMBLE = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_DATA = "\nevent: quote\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT = ": heartbeat ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SEQ_DIGITS = 20;
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final GatewayMeters meters;
    private final Entrance entrance;

    public SseQuoteHandler(GatewayMeters meters, Entrance entrance) {
        this.meters = meters;
        this.entrance = entrance;
    }

    public Mono<ServerResponse> stream(ServerRequest request) {
        List<String> symbols = SymbolSelection.parseCsv(request.queryParam("symbols").orElse(null));
        if (symbols.isEmpty()) {
            return HttpErrors.respond(ProtocolError.badRequest(
                    "'symbols' is required, e.g. /sse?symbols=AAPL,MSFT or /sse?symbols=*"), meters);
        }
        SubscribeOptions options;
        try {
            // The header is what a browser sends when it reconnects by itself: it is newer than the URL's parameter.
            Optional<String> header = Optional.ofNullable(request.headers().firstHeader(LAST_EVENT_ID))
                    .filter(h -> !h.isBlank());
            long since = header.isPresent()
                    ? QueryParams.cursor(LAST_EVENT_ID, header, SubscribeOptions.NO_CURSOR)
                    : QueryParams.cursor("lastEventId", request.queryParam("lastEventId"), SubscribeOptions.NO_CURSOR);
            options = new SubscribeOptions(since, QueryParams.maxRate(request)).whole();
        }
        catch (QueryParams.Invalid e) {
            return HttpErrors.respond(e.error(), meters);
        }

        ClientChannel channel = ClientChannel.of(request.exchange().getRequest());
        return entrance.enter(request.principal(), HttpErrors.address(request), channel, Transport.SSE,
                limit -> HttpErrors.overLimit(limit, meters),
                (client, caller) -> open(request, channel, client, symbols, options));
    }

    private Mono<ServerResponse> open(ServerRequest request, ClientChannel channel, ClientSession client,
                                      List<String> symbols, SubscribeOptions options) {
        SubscribeResult result = client.subscribe(symbols, options, r -> List.of());
        if (!result.subscribed()) {
            client.close(CloseReason.CLIENT_CLOSED);
            return HttpErrors.respond(result.errors().get(0), meters);
        }
        DataBufferFactory buffers = request.exchange().getResponse().bufferFactory();
        Flux<DataBuffer> body = channel.stream(client, c -> Flux.concat(Mono.fromSupplier(() -> buffers.wrap(PREAMBLE)),
                c.outbound().map(batch -> events(buffers, batch)),
                Mono.fromRunnable(() -> {
                    if (c.closeReason() == CloseReason.SERVER_SHUTDOWN && !channel.channel().isWritable()) {
                        // A stalled reader would hold the stream's end, and the node's shutdown, behind its unread bytes.
                        channel.channel().close();
                    }
                })));
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(BodyInserters.fromDataBuffers(body));
    }

    /** The batch's quotes as consecutive SSE events in one buffer; a heartbeat as a comment line. */
    static DataBuffer events(DataBufferFactory buffers, List<Outbound> batch) {
        int size = 0;
        for (int i = 0; i < batch.size(); i++) { // indexed: no iterator per batch, as FrameWriter
            size += ID.length + MAX_SEQ_DIGITS + EVENT_DATA.length + batch.get(i).json().length + END.length;
        }
        DataBuffer buffer = buffers.allocateBuffer(size);
        for (int i = 0; i < batch.size(); i++) {
            Outbound m = batch.get(i);
            if (m instanceof EncodedQuote q) {
                buffer.write(ID);
                buffer.write(Long.toString(q.seq()), StandardCharsets.US_ASCII);
                buffer.write(EVENT_DATA);
                buffer.write(q.json());
                buffer.write(END);
            }
            else if (m instanceof Heartbeat h) {
                buffer.write(HEARTBEAT);
                buffer.write(Long.toString(h.ts()), StandardCharsets.US_ASCII);
                buffer.write(END);
            }
        }
        return buffer;
    }
}
