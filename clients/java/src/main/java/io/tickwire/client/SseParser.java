package io.tickwire.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an event stream (text/event-stream), fed in chunks as they arrive, into its events: an
 * event is returned once its blank line has come; a partial one waits for the next chunk. Comments
 * ({@code : heartbeat …}) and {@code retry:} carry nothing the client keeps; their arrival alone
 * feeds the watchdog. Memory is bounded by the longest event, which the gateway keeps small.
 */
final class SseParser {

    /** One event; {@code id}, {@code event} {@code null} when absent. */
    record Event(String id, String event, String data) {
    }

    private final StringBuilder line = new StringBuilder();
    private String id;
    private String event;
    private StringBuilder data;

    /** The events {@code chunk} completes, in order. */
    List<Event> feed(CharSequence chunk) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (c == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                String text = line.substring(0, end);
                line.setLength(0);
                Event done = line(text);
                if (done != null) {
                    out.add(done);
                }
            }
            else {
                line.append(c);
            }
        }
        return out;
    }

    private Event line(String text) {
        if (text.isEmpty()) {
            Event done = data == null ? null : new Event(id, event, data.toString());
            id = null;
            event = null;
            data = null;
            return done;
        }
        if (text.startsWith(":")) {
            return null;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(text.length() > colon + 1 && text.charAt(colon + 1) == ' '
                ? colon + 2 : colon + 1);
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                }
                else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // retry: and fields of later versions: nothing to keep.
            }
        }
        return null;
    }
}
