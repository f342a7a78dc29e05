/**
 * The dashboard as users see it: the live quotes page in a real headless Chromium against a real
 * gateway (directly or behind nginx), over each transport, with authentication, restarts, many
 * instruments, chart history and a stale market.
 */
package io.tickwire.system.dashboard;
