package io.tickwire.gateway.http;

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
import io.tickwire.gateway.wire.Outbound;
import io.tickwire.gateway.wire.QuoteEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/quotes/poll?symbols=AAPL&since=N&timeout=25} (PROTOCOL.md §4): answers as soon as
 * a requested symbol has a quote with {@code seq} > N, with the latest quote of each such symbol,
 * or with no quotes when {@code timeout} seconds pass. The answer is {@code {"seq":…,"quotes":[…]}}
 * where {@code seq} is the cursor for the next poll: the highest {@code seq} returned, or N itself
 * when nothing was.
 *
 * <p>A poll is a short-lived hub session resumed from N: it waits on a timer and its mailbox, so
 * no thread is held while it waits, and it counts in {@code tickwire_connections{transport="poll"}}.
 * Its symbols are judged by the session as any subscribe is, refused whole with a 400. Without
 * {@code since} it answers at once with the snapshot (or with the first quote, if none of the
 * symbols has quoted yet). A cursor above the hub's latest {@code seq} (from a node that is ahead)
 * waits like any other for a quote above it. A node that stops answers its waiting polls at once,
 * with no quotes.
 */
public final class LongPollHandler {

    private final GatewayMeters meters;
    private final Entrance entrance;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    public LongPollHandler(GatewayMeters meters, Entrance entrance, Duration defaultTimeout, Duration maxTimeout) {
        this.meters = meters;
        this.entrance = entrance;
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    public Mono<ServerResponse> poll(ServerRequest request) {
        List<String> asked = SymbolSelection.parseCsv(request.queryParam("symbols").orElse(null));
        List<String> symbols = asked.isEmpty() ? List.of(ClientSession.ALL) : asked;
        long since;
        Duration timeout;
        try {
            since = QueryParams.cursor("since", request.queryParam("since"), SubscribeOptions.NO_CURSOR);
            timeout = QueryParams.timeout(request, defaultTimeout, maxTimeout);
        }
        catch (QueryParams.Invalid e) {
            return HttpErrors.respond(e.error(), meters);
        }
        ClientChannel channel = ClientChannel.of(request.exchange().getRequest());
        return entrance.enter(request.principal(), HttpErrors.address(request), channel, Transport.POLL,
                limit -> HttpErrors.overLimit(limit, meters),
                (client, caller) -> answer(client, channel, symbols, since, timeout)
                        .doFinally(signal -> client.close(CloseReason.CLIENT_CLOSED)));
    }

    private Mono<ServerResponse> answer(ClientSession client, ClientChannel channel, List<String> symbols, long since,
                                        Duration timeout) {
        SubscribeResult result = client.subscribe(symbols, new SubscribeOptions(since, 0).whole(), r -> List.of());
        if (!result.subscribed()) {
            return HttpErrors.respond(result.errors().get(0), meters);
        }
        // Ends empty when the session is closed first (the node is stopping): then the poll is answered now.
        Mono<List<Outbound>> first = client.outbound().take(1, true).next().defaultIfEmpty(List.of());
        // On the drain's own thread, so the timeout and a batch leaving cannot both take quotes.
        Mono<List<Outbound>> late = Mono.delay(timeout)
                .publishOn(Schedulers.fromExecutor(channel.eventLoop()))
                .map(tick -> client.takeNow());
        return Mono.firstWithSignal(first, late)
                .flatMap(batch -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(envelope(since, batch)));
    }

    private static byte[] envelope(long since, List<Outbound> batch) {
        List<byte[]> quotes = new ArrayList<>(batch.size());
        long seq = -1;
        for (Outbound m : batch) {
            if (m instanceof EncodedQuote q) {
                quotes.add(q.json());
                seq = Math.max(seq, q.seq());
            }
        }
        // Nothing new: the cursor stands.
        return QuoteEnvelope.encode(quotes.isEmpty() ? Math.max(since, 0) : seq, quotes);
    }
}
