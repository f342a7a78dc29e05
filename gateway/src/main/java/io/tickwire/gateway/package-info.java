/**
 * The Tickwire gateway. A quote flows feed → {@code hub} (fan-out) → {@code delivery} (each
 * client's mailbox) → {@code wire} (JSON) → a transport ({@code websocket}, {@code sse}, {@code http}). Beside the
 * fan-out, {@code history} keeps each symbol's recent bars for {@code GET /api/bars}.
 */
package io.tickwire.gateway;
