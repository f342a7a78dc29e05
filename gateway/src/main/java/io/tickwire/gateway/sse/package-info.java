/**
 * The Server-Sent Events transport ({@code GET /sse}, PROTOCOL.md §3): one hub session per
 * stream, its batches written as events, a reconnecting browser resumed from {@code Last-Event-ID}.
 */
package io.tickwire.gateway.sse;
