package io.dockyard.registry.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alpine's version order (apk-tools): dotted numbers, an optional letter, suffixes ({@code _alpha < _beta < _pre < _rc <}
 * none {@code < _cvs < _svn < _git < _hg < _p}) each with a number, then {@code -r<revision>}.
 */
final class ApkVersion {
    private static final List<String> SUFFIXES = List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");
    private static final Pattern FORM = Pattern.compile("^([0-9]+(?:\\.[0-9]+)*)([a-z]?)((?:_[a-z]+[0-9]*)*)(?:~[0-9a-f]+)?(?:-r([0-9]+))?$");
    private static final int NONE = SUFFIXES.indexOf("");

    private ApkVersion() {}

    private record Parsed(List<String> numbers, int letter, List<long[]> suffixes, long revision) {}

    static int compare(String a, String b) {
        Parsed x = parse(a.trim()), y = parse(b.trim());
        if (x == null || y == null) return x == null && y == null ? a.compareTo(b) : x == null ? -1 : 1;
        int n = Math.max(x.numbers.size(), y.numbers.size());
        for (int i = 0; i < n; i++) {
            if (i >= x.numbers.size()) return -1;
            if (i >= y.numbers.size()) return 1;
            String p = x.numbers.get(i), q = y.numbers.get(i);
            int c = i > 0 && (p.startsWith("0") || q.startsWith("0")) ? p.compareTo(q) : compareNumeric(p, q);
            if (c != 0) return c;
        }
        if (x.letter != y.letter) return Integer.compare(x.letter, y.letter);
        int m = Math.max(x.suffixes.size(), y.suffixes.size());
        for (int i = 0; i < m; i++) {
            long[] p = i < x.suffixes.size() ? x.suffixes.get(i) : new long[] {NONE, 0};
            long[] q = i < y.suffixes.size() ? y.suffixes.get(i) : new long[] {NONE, 0};
            if (p[0] != q[0]) return Long.compare(p[0], q[0]);
            if (p[1] != q[1]) return Long.compare(p[1], q[1]);
        }
        return Long.compare(x.revision, y.revision);
    }

    static int compareNumeric(String p, String q) {
        String a = p.replaceFirst("^0+(?=.)", ""), b = q.replaceFirst("^0+(?=.)", "");
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static Parsed parse(String v) {
        Matcher m = FORM.matcher(v);
        if (!m.matches()) return null;
        List<long[]> suffixes = new ArrayList<>();
        if (!m.group(3).isEmpty()) {
            for (String s : m.group(3).substring(1).split("_")) {
                Matcher sm = Pattern.compile("([a-z]+)([0-9]*)").matcher(s);
                if (!sm.matches()) return null;
                int rank = SUFFIXES.indexOf(sm.group(1));
                if (rank < 0) return null;
                suffixes.add(new long[] {rank, sm.group(2).isEmpty() ? 0 : Long.parseLong(sm.group(2))});
            }
        }
        return new Parsed(List.of(m.group(1).split("\\.")), m.group(2).isEmpty() ? 0 : m.group(2).charAt(0),
                suffixes, m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
    }
}
