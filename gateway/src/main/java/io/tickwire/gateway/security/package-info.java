/**
 * Who may connect and how much (PROTOCOL.md §4a): the JWT decoder, the {@link
 * io.tickwire.gateway.security.Caller} a verified token describes and the symbols it grants, the
 * contract's 401/403 answers, the Origin check, and the abuse limits: per-connection request rate
 * ({@link io.tickwire.gateway.security.OpsLimiter}), connection caps per node, subject and address
 * ({@link io.tickwire.gateway.security.ConnectionLimits}) and the per-address handshake rate. Spring
 * Security's resource server does the JWT work; Bucket4j counts the tokens.
 */
package io.tickwire.gateway.security;
