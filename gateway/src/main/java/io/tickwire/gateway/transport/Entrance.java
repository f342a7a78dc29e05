package io.tickwire.gateway.transport;

import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Admissions;
import io.tickwire.gateway.security.Caller;
import io.tickwire.gateway.security.Callers;
import java.security.Principal;
import reactor.core.publisher.Mono;

/**
 * The one way in for a stream or a poll, whatever its transport: the caller its token makes
 * (PROTOCOL.md §4a), the node's connection limits ({@code tickwire_limits_refused_total}), a hub
 * session draining on the connection's event loop, held to the caller's terms by
 * {@link Admissions} (its place given back when it closes, closed when the token ends or its
 * subject is revoked), then the transport's own stream. A rule for every connection is written
 * here or in {@link Admissions}; what a refusal looks like on the wire, and how the admitted
 * session is served, is each transport's.
 *
 * <p>Checks that must come before an upgrade (the feed's availability, origins, the handshake
 * rate, the token itself) are web filters ahead of every transport; this is what follows them.
 */
public final class Entrance {

    private final QuoteHub hub;
    private final Callers callers;
    private final Admissions admissions;
    private final GatewayMeters meters;

    public Entrance(QuoteHub hub, Callers callers, Admissions admissions, GatewayMeters meters) {
        this.hub = hub;
        this.callers = callers;
        this.admissions = admissions;
        this.meters = meters;
    }

    /** How a transport refuses a connection over a limit of this node ({@code limit}: which one). */
    @FunctionalInterface
    public interface Refusal<T> {
        Mono<T> refuse(String limit);
    }

    /** How a transport serves an admitted client; the session is closed if this fails. */
    @FunctionalInterface
    public interface Service<T> {
        Mono<T> serve(ClientSession client, Caller caller);
    }

    /**
     * Lets the connection on {@code channel}, from {@code address} ({@code null}: unknown), in as
     * {@code transport} if the caller behind {@code principal} is within the node's limits, and
     * serves it; otherwise refuses it. The refusal is counted here.
     */
    public <T> Mono<T> enter(Mono<? extends Principal> principal, String address, ClientChannel channel,
                             Transport transport, Refusal<T> refusal, Service<T> service) {
        return callers.of(principal).flatMap(caller -> {
            Admissions.Admission admission = admissions.admit(address, caller);
            if (!admission.admitted()) {
                meters.limited(admission.refusedFor());
                return refusal.refuse(admission.refusedFor());
            }
            ClientSession client = channel.connect(hub, transport, caller.entitlements());
            admission.hold(client);
            try {
                return service.serve(client, caller).doOnError(e -> client.close(CloseReason.CLIENT_CLOSED));
            }
            catch (RuntimeException e) {
                client.close(CloseReason.CLIENT_CLOSED);
                return Mono.error(e);
            }
        });
    }
}
