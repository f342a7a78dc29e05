package io.tickwire.gateway.wire;

/**
 * A message on its way to one client: a quote, shared by all its subscribers, a reply to that
 * client, or a heartbeat shared by every idle client.
 */
public sealed interface Outbound permits EncodedQuote, ControlMessage, Heartbeat {

    /** The message as one JSON object, UTF-8. Shared: never modify. */
    byte[] json();
}
