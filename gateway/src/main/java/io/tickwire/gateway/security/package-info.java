/**
 * Who may connect and how much (PROTOCOL.md §4a): the JWT decoder, the {@link
 * io.tickwire.gateway.security.Caller} a verified token describes and the symbols it grants, the
 * contract's 401/403 answers, the Origin check, and the abuse limits: per-connection request rate
 * ({@link io.tickwire.gateway.security.OpsLimiter}), connection caps per node, subject and address
 * ({@link io.tickwire.gateway.security.ConnectionLimits}) and the per-address handshake rate; the
 * terms an admitted session is held to ({@link io.tickwire.gateway.security.Admissions}, called by
 * the transports' one entrance): its place released on close, closed at token expiry or with a
 * revoked subject's other streams, and the revocations a token is checked against
 * ({@link io.tickwire.gateway.security.Revocations}); and the gate that turns new streams away
 * while the node's feed is unavailable ({@link io.tickwire.gateway.security.FeedGate}). Spring
 * Security's resource server does the JWT work; Bucket4j counts handshakes per address.
 */
package io.tickwire.gateway.security;
