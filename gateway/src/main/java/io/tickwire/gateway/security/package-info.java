/**
 * Authentication and entitlements (PROTOCOL.md §4a): the JWT decoder, the {@link
 * io.tickwire.gateway.security.Caller} a verified token describes and the symbols it grants, and
 * the contract's 401/403 answers. Spring Security's resource server does the JWT work.
 */
package io.tickwire.gateway.security;
