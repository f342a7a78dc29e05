/**
 * Observability: every meter name and tag in one place, the meters registered once at startup,
 * gauges read from the hub at scrape time, the feed's health for {@code /actuator/health}, and its
 * availability for new clients, which readiness and the step-aside gate follow. Reads the hub and
 * delivery; nothing outside configuration depends on it but the transports' error counts and security's refusals.
 */
package io.tickwire.gateway.observability;
