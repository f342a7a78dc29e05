package io.tickwire.gateway.support;

import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.Outbound;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Outbound messages as compact text to assert on. */
public final class Messages {

    private Messages() {
    }

    /** "AAPL@12" for a quote, the JSON text for anything else. */
    public static String describe(Outbound m) {
        if (m instanceof EncodedQuote q) {
            return q.quote().symbol() + "@" + q.seq();
        }
        return new String(m.json(), StandardCharsets.UTF_8);
    }

    public static List<String> describe(List<Outbound> batch) {
        return batch.stream().map(Messages::describe).toList();
    }
}
