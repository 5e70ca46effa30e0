package io.dockyard.registry.scan;

/**
 * Semantic Versioning 2.0 precedence ({@code npm}, {@code Go}, OSV {@code SEMVER} ranges), lenient: a leading {@code v},
 * missing minor/patch (as 0), build metadata ignored.
 */
final class SemVer {
    private SemVer() {}

    static int compare(String a, String b) {
        String[] x = split(a), y = split(b);
        for (int i = 0; i < 3; i++) {
            int c = ApkVersion.compareNumeric(x[i], y[i]);
            if (c != 0) return c;
        }
        String p = x[3], q = y[3];
        if (p.isEmpty() || q.isEmpty()) return p.isEmpty() == q.isEmpty() ? 0 : p.isEmpty() ? 1 : -1;
        String[] pi = p.split("\\."), qi = q.split("\\.");
        for (int i = 0; i < Math.min(pi.length, qi.length); i++) {
            boolean pn = pi[i].matches("[0-9]+"), qn = qi[i].matches("[0-9]+");
            int c;
            if (pn && qn) c = ApkVersion.compareNumeric(pi[i], qi[i]);
            else if (pn != qn) c = pn ? -1 : 1;
            else c = pi[i].compareTo(qi[i]);
            if (c != 0) return Integer.signum(c);
        }
        return Integer.compare(pi.length, qi.length);
    }

    /** major, minor, patch (digit strings) and the pre-release ("" when none). */
    private static String[] split(String v) {
        v = v.trim();
        if (v.startsWith("v") || v.startsWith("V")) v = v.substring(1);
        int plus = v.indexOf('+');
        if (plus >= 0) v = v.substring(0, plus);
        String pre = "";
        int dash = v.indexOf('-');
        if (dash >= 0) { pre = v.substring(dash + 1); v = v.substring(0, dash); }
        String[] parts = v.split("\\.", 3);
        String[] out = {"0", "0", "0", pre};
        for (int i = 0; i < parts.length; i++) {
            String digits = parts[i].replaceAll("[^0-9].*$", "");
            out[i] = digits.isEmpty() ? "0" : digits;
        }
        return out;
    }
}
