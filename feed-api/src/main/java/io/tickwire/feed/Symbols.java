package io.tickwire.feed;

/** The ticker syntax of the wire contract: {@code [A-Z0-9.-]{1,12}}. */
public final class Symbols {

    /** Longest ticker the contract allows. */
    public static final int MAX_LENGTH = 12;

    private Symbols() {
    }

    /** Whether {@code s} is a well-formed ticker; checked by hand because it runs for every quote. */
    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
