/**
 * Peer servers written in Java for the comparison: a bare Reactor Netty fan-out of the same quotes,
 * the floor of the stack Tickwire is built on.
 */
package io.tickwire.bench.peer;
