/**
 * The gateway's test support: {@link io.tickwire.gateway.support.GatewayTest}, the one base of tests
 * that run the gateway in their JVM (fed by hand, with the "no client left behind" check), the
 * configurations on top of it, a hand-fed feed, and a reusable client per transport. Shared with
 * system-tests through the gateway's test-jar.
 */
package io.tickwire.gateway.support;
