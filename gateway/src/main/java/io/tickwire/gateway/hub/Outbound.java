package io.tickwire.gateway.hub;

/** A message on its way to one client: a quote, shared by all its subscribers, or a reply to that client. */
public sealed interface Outbound permits EncodedQuote, ControlMessage {

    /** The message as one JSON object, UTF-8. Shared: never modify. */
    byte[] json();
}
