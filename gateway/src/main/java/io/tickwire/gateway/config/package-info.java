/**
 * Spring wiring: {@code tickwire.*} properties, the feed chosen by configuration, and the beans
 * of the hub, observability and each transport. Depends on every package; none depends on it.
 */
package io.tickwire.gateway.config;
