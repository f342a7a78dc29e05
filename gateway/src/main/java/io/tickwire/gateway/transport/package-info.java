/**
 * What the transports share: the Netty channel of a client connection bound to its hub session,
 * the reading of symbol lists and query parameters, and HTTP refusals.
 */
package io.tickwire.gateway.transport;
