package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.EncodedQuote;

/** A quote to be placed by its {@code seq} among a mailbox's waiting quotes, as the first or next of its slot. */
record Placement(SymbolSlot slot, EncodedQuote quote) {
}
