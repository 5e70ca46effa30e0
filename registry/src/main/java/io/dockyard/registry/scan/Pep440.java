package io.dockyard.registry.scan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEP 440 order (the public part): epoch, release, pre ({@code a < b < rc}), post, dev; local labels ignored. */
final class Pep440 {
    private static final Pattern FORM = Pattern.compile(
            "^v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)"
            + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?([0-9]+)?)?"
            + "(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?"
            + "(?:[-_.]?(dev)[-_.]?([0-9]+)?)?(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$");

    private Pep440() {}

    static int compare(String a, String b) {
        long[] x = key(a), y = key(b);
        if (x == null || y == null) return x == null && y == null ? a.compareTo(b) : x == null ? -1 : 1;
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? x[i] : 0, q = i < y.length ? y[i] : 0;
            if (p != q) return Long.compare(p, q);
        }
        return 0;
    }

    private static long[] key(String v) {
        Matcher m = FORM.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        String[] release = m.group(2).split("\\.");
        int n = release.length;
        while (n > 1 && Long.parseLong(release[n - 1]) == 0) n--;
        // epoch, 32 release numbers (zero-padded, so 1.0.1 > 1), then pre, post and dev ranks
        long[] out = new long[1 + 32 + 6];
        out[0] = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        for (int i = 0; i < n && i < 32; i++) out[1 + i] = Long.parseLong(release[i]);
        int at = 33;
        boolean pre = m.group(3) != null, post = m.group(5) != null || m.group(6) != null, dev = m.group(8) != null;
        if (pre) {
            String l = m.group(3);
            out[at] = l.startsWith("a") ? 1 : l.startsWith("b") ? 2 : 3;
            out[at + 1] = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
        } else if (!post && dev) {
            out[at] = -1;                      // 1.0.dev0 sorts before 1.0a1
        } else {
            out[at] = 4;                       // no pre-release: after every pre-release
        }
        if (post) {
            out[at + 2] = 1;
            String num = m.group(5) != null ? m.group(5) : m.group(7);
            out[at + 3] = num == null ? 0 : Long.parseLong(num);
        }
        out[at + 4] = dev ? 0 : 1;             // a dev release before the same without
        out[at + 5] = dev && m.group(9) != null ? Long.parseLong(m.group(9)) : 0;
        return out;
    }
}
