package io.dockyard.registry.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The basics of Maven's ComparableVersion: items split at {@code .}, {@code -} and digit/letter changes; numbers
 * numerically; qualifiers {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp},
 * unknown qualifiers after {@code sp} (alphabetically); a number beats a qualifier; trailing zeros do not count.
 */
final class MavenVersion {
    private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
    private static final int RELEASE = QUALIFIERS.indexOf("");

    private MavenVersion() {}

    static int compare(String a, String b) {
        List<Object> x = items(a), y = items(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            Object p = i < x.size() ? x.get(i) : null, q = i < y.size() ? y.get(i) : null;
            int c = compareItem(p, q);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int compareItem(Object p, Object q) {
        if (p == null && q == null) return 0;
        if (p == null) return -compareItem(q, null);
        if (p instanceof String ps) {
            if (q == null) return compareQualifier(ps, "");
            if (q instanceof String qs) return compareQualifier(ps, qs);
            return -1;                              // qualifier < number
        }
        String pn = (String) ((Object[]) p)[0];
        if (q == null) return pn.equals("0") ? 0 : 1;
        if (q instanceof String) return 1;
        return ApkVersion.compareNumeric(pn, (String) ((Object[]) q)[0]);
    }

    private static int compareQualifier(String p, String q) {
        int rp = rank(p), rq = rank(q);
        if (rp != rq) return Integer.compare(rp, rq);
        return rp == QUALIFIERS.size() ? p.compareTo(q) : 0;
    }

    private static int rank(String q) {
        String s = switch (q) {
            case "a" -> "alpha";
            case "b" -> "beta";
            case "m" -> "milestone";
            case "cr" -> "rc";
            case "ga", "final", "release" -> "";
            default -> q;
        };
        int i = QUALIFIERS.indexOf(s);
        return i < 0 ? QUALIFIERS.size() : i;
    }

    /** Items: numbers as {@code Object[]{digits}}, qualifiers as strings; trailing nulls (0, "") removed. */
    private static List<Object> items(String v) {
        List<Object> out = new ArrayList<>();
        String s = v.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.' || c == '-' || c == '_') { i++; continue; }
            int j = i;
            boolean digit = Character.isDigit(c);
            while (j < s.length() && s.charAt(j) != '.' && s.charAt(j) != '-' && s.charAt(j) != '_' && Character.isDigit(s.charAt(j)) == digit) j++;
            String t = s.substring(i, j);
            if (digit) out.add(new Object[] {t.replaceFirst("^0+(?=.)", "")});
            else {
                // "a1"/"b2"/"m3" are alpha/beta/milestone only when a number follows
                boolean shorthand = j < s.length() && Character.isDigit(s.charAt(j));
                out.add((t.equals("a") || t.equals("b") || t.equals("m")) && !shorthand ? t + "?" : t);
            }
            i = j;
        }
        while (!out.isEmpty()) {
            Object last = out.get(out.size() - 1);
            boolean nul = last instanceof String q ? rank(q) == RELEASE : ((Object[]) last)[0].equals("0");
            if (!nul) break;
            out.remove(out.size() - 1);
        }
        return out;
    }
}
