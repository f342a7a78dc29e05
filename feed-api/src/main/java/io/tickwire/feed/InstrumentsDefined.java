package io.tickwire.feed;

import java.util.List;

/**
 * Instruments the feed carries from now on, new or changed: quotes of them, at their precision,
 * may follow this event. An instrument defined again unchanged is harmless; one defined again with
 * another precision applies to the quotes after this event.
 *
 * @param instruments the instruments defined, in no particular order
 */
public record InstrumentsDefined(List<Instrument> instruments) implements FeedEvent {

    public InstrumentsDefined {
        instruments = List.copyOf(instruments);
    }
}
