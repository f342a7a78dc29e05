package io.tickwire.gateway.hub;

import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.List;

/**
 * A one-off answer of latest quotes ({@link QuoteHub#snapshot}).
 *
 * @param seq    the feed's latest {@code seq} when it was read, before the quotes: a safe cursor
 * @param quotes the latest quote of each requested symbol that has one, in request order
 * @param errors why requested symbols were refused, as a subscribe would be; empty if none was
 */
public record Snapshot(long seq, List<EncodedQuote> quotes, List<ProtocolError> errors) {
}
