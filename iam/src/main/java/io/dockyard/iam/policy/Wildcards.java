package io.dockyard.iam.policy;

/** IAM's wildcards: {@code *} any run of characters, {@code ?} one character; ARNs compare component by component. */
final class Wildcards {
    private Wildcards() {}

    /** Whether {@code value} matches {@code pattern}, iteratively (no backtracking blow-up). */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(java.util.Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(java.util.Locale.ROOT) : value;
        int pi = 0, vi = 0, star = -1, mark = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }

    /** ARN matching: {@code *} alone matches anything; otherwise the six components ({@code arn:partition:service:region:account:resource}) match one by one. */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) return true;
        String[] p = pattern.split(":", 6), a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) return matches(pattern, arn, false);
        for (int i = 0; i < 6; i++) if (!matches(p[i], a[i], false)) return false;
        return true;
    }
}
