/**
 * What the transports share: the one way a stream or a poll is let in ({@link
 * io.tickwire.gateway.transport.Entrance}: caller, connection limits, a hub session held to the
 * caller's terms), the Netty channel of a client connection bound to its hub session, the reading
 * of symbol lists, query parameters and request bodies, and HTTP refusals.
 */
package io.tickwire.gateway.transport;
