/**
 * The Tickwire gateway. A quote flows feed → {@code hub} (fan-out) → {@code delivery} (each
 * client's mailbox) → {@code wire} (JSON) → a transport ({@code websocket}, {@code sse}, {@code http}).
 */
package io.tickwire.gateway;
