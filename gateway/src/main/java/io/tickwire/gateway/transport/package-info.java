/**
 * What the transports share: the Netty channel of a client connection bound to its hub session,
 * the reading of symbol lists, query parameters and request bodies, and HTTP refusals.
 */
package io.tickwire.gateway.transport;
