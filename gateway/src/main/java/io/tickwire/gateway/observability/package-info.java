/**
 * Observability: every meter name and tag in one place, the meters registered once at startup,
 * gauges read from the hub at scrape time, and the feed's health for {@code /actuator/health}.
 * Reads the hub and delivery; nothing outside configuration depends on it but the transports' error counts.
 */
package io.tickwire.gateway.observability;
