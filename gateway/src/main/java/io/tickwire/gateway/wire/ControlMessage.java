package io.tickwire.gateway.wire;

/**
 * A message for one client that is not a quote: an ack, an error, a pong.
 *
 * @param json the message as one JSON object
 */
public record ControlMessage(byte[] json) implements Outbound {
}
