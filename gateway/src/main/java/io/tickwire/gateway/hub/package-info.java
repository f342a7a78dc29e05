/**
 * The hub: the one subscriber of the feed, the symbol table with each symbol's latest quote,
 * client sessions and their subscriptions, and the fan-out of each quote to its subscribers.
 * Where a request for symbols is judged, for every transport.
 */
package io.tickwire.gateway.hub;
