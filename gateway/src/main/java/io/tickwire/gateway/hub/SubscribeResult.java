package io.tickwire.gateway.hub;

import java.util.List;

/**
 * What a subscribe request did.
 *
 * @param accepted       the requested entries the feed carries ({@code "*"} included), in request order
 * @param unknown        the requested symbols the feed does not carry
 * @param limitExceeded  true if the request would pass the per-connection limit; then nothing was subscribed
 * @param added          how many symbols were newly subscribed
 * @param maxRate        quotes per second per symbol applied to the accepted symbols; 0 for unthrottled
 */
public record SubscribeResult(List<String> accepted, List<String> unknown, boolean limitExceeded, int added,
                              double maxRate) {
}
