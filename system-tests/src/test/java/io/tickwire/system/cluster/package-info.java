/**
 * Clusters, every part a real process: gateway nodes in JVMs of their own following one Redis (or
 * Redis under Sentinel), real nginx in front of them, nodes killed, stopped and cut off from Redis,
 * and what their clients, publishers, bars and revocations see through it.
 */
package io.tickwire.system.cluster;
