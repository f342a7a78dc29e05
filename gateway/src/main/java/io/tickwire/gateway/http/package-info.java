/**
 * The HTTP transport (PROTOCOL.md §4): the symbol list, snapshots of latest quotes, and
 * long-polls served as short-lived hub sessions.
 */
package io.tickwire.gateway.http;
