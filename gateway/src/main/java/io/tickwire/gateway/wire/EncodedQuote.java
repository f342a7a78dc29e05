package io.tickwire.gateway.wire;

import io.tickwire.feed.Quote;

/**
 * A quote with its JSON encoding, made once by the hub and shared by every client that receives it.
 *
 * @param quote the quote
 * @param json  its JSON object; never modified
 */
public record EncodedQuote(Quote quote, byte[] json) implements Outbound {

    public long seq() {
        return quote.seq();
    }
}
