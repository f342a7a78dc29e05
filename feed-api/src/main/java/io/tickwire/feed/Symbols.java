package io.tickwire.feed;

/**
 * The symbol syntax of the wire contract (PROTOCOL.md §1): {@code [A-Za-z0-9._:/-]{1,32}},
 * case-sensitive, so {@code AAPL}, {@code BRK.B}, {@code EUR/USD}, {@code BTC-USD}, {@code ESZ6} and
 * {@code XETR:SAP} are all symbols, and none of them needs escaping in JSON, a URL path segment
 * aside ({@code /}), or a Redis key.
 */
public final class Symbols {

    /** Longest symbol the contract allows. */
    public static final int MAX_LENGTH = 32;
    /** The syntax, as a regular expression, for messages and documents. */
    public static final String PATTERN = "[A-Za-z0-9._:/-]{1,32}";

    private Symbols() {
    }

    /** Whether {@code s} is a well-formed symbol; checked by hand because it runs for every quote. */
    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
