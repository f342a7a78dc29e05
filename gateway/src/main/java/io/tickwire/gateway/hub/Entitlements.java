package io.tickwire.gateway.hub;

/**
 * Which symbols a client may see (PROTOCOL.md §4a): asked wherever a list of symbols is judged
 * ({@link SymbolTable#select}), so a symbol a client may not see is never subscribed, listed,
 * snapshotted or resumed for it, on any transport.
 */
@FunctionalInterface
public interface Entitlements {

    /** Every symbol: authentication is off, or the token grants all. */
    Entitlements ALL = symbol -> true;

    /** No symbol. */
    Entitlements NONE = symbol -> false;

    boolean allows(String symbol);
}
