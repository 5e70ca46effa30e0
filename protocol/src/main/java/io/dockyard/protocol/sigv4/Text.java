package io.dockyard.protocol.sigv4;

/** Safe echoing of client input in error messages: control characters replaced, length capped. */
final class Text {
    static final int MAX_ECHO = 512;

    private Text() {}

    /** {@code s} with control characters replaced by {@code ?} and cut to {@value #MAX_ECHO} characters. */
    static String echo(String s) {
        if (s == null) return "";
        int n = Math.min(s.length(), MAX_ECHO);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > MAX_ECHO) b.append("...");
        return b.toString();
    }

    static SigV4Exception incomplete(String message) {
        return new SigV4Exception(SigV4Exception.Reason.INCOMPLETE, message);
    }
}
