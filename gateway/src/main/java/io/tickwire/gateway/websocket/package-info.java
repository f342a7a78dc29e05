/**
 * The WebSocket transport ({@code GET /ws}, PROTOCOL.md §2): requests parsed and applied to the
 * client's hub session, batches written straight to the Netty channel as frames, dead peers found.
 */
package io.tickwire.gateway.websocket;
