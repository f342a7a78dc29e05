package io.tickwire.gateway.wire;

import java.nio.charset.StandardCharsets;

/**
 * {@code {"type":"heartbeat","ts":…,"seq":…}} (PROTOCOL.md §2): sent to a streaming client that has
 * had nothing for the heartbeat interval, so it can tell a quiet market from a dead link.
 *
 * @param ts   when it was made, epoch microseconds
 * @param seq  the hub's latest feed {@code seq} then
 * @param json the message; never modified
 */
public record Heartbeat(long ts, long seq, byte[] json) implements Outbound {

    public static Heartbeat of(long ts, long seq) {
        String text = "{\"type\":\"heartbeat\",\"ts\":" + ts + ",\"seq\":" + seq + "}";
        return new Heartbeat(ts, seq, text.getBytes(StandardCharsets.US_ASCII));
    }
}
