package io.tickwire.gateway.hub;

import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.List;

/**
 * What a subscribe request did: the session's one answer, which every transport turns into its
 * own (WebSocket replies, an HTTP 4xx).
 *
 * @param accepted   the requested entries the feed carries ({@code "*"} included), in request order
 * @param errors     why symbols were refused, in the order to report them: unknown symbols
 *                   ({@code UNKNOWN_SYMBOL}), symbols not granted ({@code NOT_ENTITLED}), then the
 *                   per-connection limit ({@code LIMIT_EXCEEDED}); empty when nothing was refused
 * @param subscribed false if the request was refused whole (over the limit, or an atomic request
 *                   with any symbol refused): then nothing was subscribed
 * @param added      how many symbols were newly subscribed
 * @param maxRate    quotes per second per symbol applied to the accepted symbols; 0 for unthrottled
 */
public record SubscribeResult(List<String> accepted, List<ProtocolError> errors, boolean subscribed, int added,
                              double maxRate) {

    public SubscribeResult {
        accepted = List.copyOf(accepted);
        errors = List.copyOf(errors);
    }

    /** The requested symbols the feed does not carry. */
    public List<String> unknown() {
        return errors.stream().filter(e -> e.code() == ErrorCode.UNKNOWN_SYMBOL).findFirst()
                .map(ProtocolError::symbols).orElse(List.of());
    }

    /** Whether the request would have taken the connection over its symbol limit (and so subscribed nothing). */
    public boolean limitExceeded() {
        return errors.stream().anyMatch(e -> e.code() == ErrorCode.LIMIT_EXCEEDED);
    }
}
