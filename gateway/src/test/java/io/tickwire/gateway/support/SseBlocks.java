package io.tickwire.gateway.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SSE stream, fed as text chunks, into its blocks (the lines up to a blank line): a
 * block is returned once complete, a partial one is kept for the next chunk.
 */
public final class SseBlocks {

    /**
     * One block's fields, {@code null} when absent.
     *
     * @param comments its comment lines ({@code ": heartbeat …"}), colon included
     */
    public record Block(String id, String event, String data, String retry, List<String> comments) {
    }

    private final StringBuilder pending = new StringBuilder();

    /** The blocks {@code chunk} completes, in order. */
    public List<Block> feed(String chunk) {
        pending.append(chunk);
        List<Block> out = new ArrayList<>();
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            String id = null;
            String event = null;
            String data = null;
            String retry = null;
            List<String> comments = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    comments.add(line);
                }
                else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                }
                else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                }
                else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
                else if (line.startsWith("retry: ")) {
                    retry = line.substring(7);
                }
            }
            out.add(new Block(id, event, data, retry, comments));
        }
        return out;
    }
}
