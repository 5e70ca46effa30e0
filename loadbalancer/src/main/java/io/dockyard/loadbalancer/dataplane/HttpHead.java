package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The head of an HTTP/1.x message (start line and header fields), copied out of the connection's
 * buffer and parsed in place: offsets into the copy, no string per header. Framing facts (length,
 * chunked, connection tokens, upgrade) are read while parsing; everything else is decoded on demand.
 */
final class HttpHead implements RequestFacts {
    static final int MAX = 64 * 1024;

    final byte[] raw;
    final int length;
    /** Start-line tokens: [s0,e0) [s1,e1) [s2,e2). */
    int s0, e0, s1, e1, s2, e2;
    /** Per header: name start, name end, value start, value end. */
    int[] fields = new int[32];
    int count;
    long contentLength = -1;
    boolean chunked;
    boolean otherCoding;
    boolean close;
    boolean keepAlive;
    boolean connectionUpgrade;
    boolean upgrade;
    boolean http10;
    boolean badLength;
    int status;
    String remote;

    private HttpHead(byte[] raw, int length) {
        this.raw = raw;
        this.length = length;
    }

    /**
     * Where the head that starts at {@code buf}'s reader index ends (the index just after its blank
     * line), or -1 when it is not complete yet. Lines may end in CRLF or a bare LF.
     */
    static int end(ByteBuf buf, int scanFrom) {
        int start = buf.readerIndex();
        int from = Math.max(start, start + scanFrom - 3);
        int to = buf.writerIndex();
        int lf = buf.indexOf(from, to, (byte) '\n');
        while (lf >= 0) {
            int next = lf + 1;
            if (next < to && buf.getByte(next) == '\n') return next + 1;
            if (next + 1 < to && buf.getByte(next) == '\r' && buf.getByte(next + 1) == '\n') return next + 2;
            if (next >= to || (next + 1 >= to && buf.getByte(next) == '\r')) return -1;
            lf = buf.indexOf(next, to, (byte) '\n');
        }
        return -1;
    }

    /** Parses the head in {@code buf} from its reader index to {@code end}; null when it is malformed. Does not move the reader index. */
    static HttpHead parse(ByteBuf buf, int end, boolean response) {
        int len = end - buf.readerIndex();
        byte[] raw = new byte[len];
        buf.getBytes(buf.readerIndex(), raw);
        HttpHead h = new HttpHead(raw, len);
        return h.parse(response) ? h : null;
    }

    private boolean parse(boolean response) {
        int i = 0;
        // tolerate empty lines before a request line (RFC 9112 2.2)
        while (!response && i < length && (raw[i] == '\r' || raw[i] == '\n')) i++;
        int lineEnd = lineEnd(i);
        if (lineEnd < 0) return false;
        int eol = trimCr(i, lineEnd);
        s0 = i;
        e0 = indexOf(' ', s0, eol);
        if (e0 <= s0) return false;
        s1 = e0 + 1;
        e1 = indexOf(' ', s1, eol);
        if (response) {
            if (e1 < 0) e1 = eol;
            s2 = Math.min(e1 + 1, eol);
            e2 = eol;
            if (!startsWith(s0, e0, "HTTP/1.")) return false;
            http10 = e0 - s0 == 8 && raw[s0 + 7] == '0';
            if (e1 - s1 != 3) return false;
            status = 0;
            for (int k = s1; k < e1; k++) {
                int d = raw[k] - '0';
                if (d < 0 || d > 9) return false;
                status = status * 10 + d;
            }
        } else {
            if (e1 <= s1) return false;
            s2 = e1 + 1;
            e2 = eol;
            if (e2 - s2 != 8 || !startsWith(s2, e2, "HTTP/1.")) return false;
            http10 = raw[s2 + 7] == '0';
            for (int k = s0; k < e0; k++) if (raw[k] < 'A' || raw[k] > 'Z') return false;
        }
        i = lineEnd + 1;
        while (i < length) {
            lineEnd = lineEnd(i);
            if (lineEnd < 0) return false;
            eol = trimCr(i, lineEnd);
            if (eol == i) break; // the blank line
            if (raw[i] == ' ' || raw[i] == '\t') return false; // obsolete line folding
            int colon = indexOf(':', i, eol);
            if (colon <= i) return false;
            for (int k = i; k < colon; k++) if (raw[k] <= ' ' || raw[k] >= 127) return false;
            int vs = colon + 1, ve = eol;
            while (vs < ve && (raw[vs] == ' ' || raw[vs] == '\t')) vs++;
            while (ve > vs && (raw[ve - 1] == ' ' || raw[ve - 1] == '\t')) ve--;
            add(i, colon, vs, ve);
            i = lineEnd + 1;
        }
        return !badLength;
    }

    private void add(int ns, int ne, int vs, int ve) {
        if (count * 4 == fields.length) fields = java.util.Arrays.copyOf(fields, fields.length * 2);
        int k = count++ * 4;
        fields[k] = ns;
        fields[k + 1] = ne;
        fields[k + 2] = vs;
        fields[k + 3] = ve;
        int n = ne - ns;
        if (n == 14 && nameIs(ns, ne, "content-length")) {
            long v = 0;
            if (vs == ve) badLength = true;
            for (int j = vs; j < ve && !badLength; j++) {
                int d = raw[j] - '0';
                if (d < 0 || d > 9 || v > Long.MAX_VALUE / 10 - 10) badLength = true;
                else v = v * 10 + d;
            }
            if (contentLength >= 0 && contentLength != v) badLength = true;
            contentLength = v;
        } else if (n == 17 && nameIs(ns, ne, "transfer-encoding")) {
            int last = ve;
            int comma = vs - 1;
            for (int j = vs; j < ve; j++) if (raw[j] == ',') comma = j;
            int ts = comma + 1;
            while (ts < last && raw[ts] == ' ') ts++;
            boolean isChunked = equalsIgnoreCase(ts, last, "chunked");
            chunked = isChunked;
            otherCoding = !isChunked;
        } else if (n == 10 && nameIs(ns, ne, "connection")) {
            int ts = vs;
            for (int j = vs; j <= ve; j++) {
                if (j == ve || raw[j] == ',') {
                    int a = ts, b = j;
                    while (a < b && raw[a] == ' ') a++;
                    while (b > a && raw[b - 1] == ' ') b--;
                    if (equalsIgnoreCase(a, b, "close")) close = true;
                    else if (equalsIgnoreCase(a, b, "keep-alive")) keepAlive = true;
                    else if (equalsIgnoreCase(a, b, "upgrade")) connectionUpgrade = true;
                    ts = j + 1;
                }
            }
        } else if (n == 7 && nameIs(ns, ne, "upgrade")) {
            upgrade = ve > vs;
        }
    }

    /** Whether the connection may carry another message after this one (HTTP/1.1 default, 1.0 only with keep-alive). */
    boolean persistent() { return !close && (!http10 || keepAlive); }

    /** A request asking to switch protocols (WebSocket). */
    boolean wantsUpgrade() { return upgrade && connectionUpgrade; }

    int nameStart(int i) { return fields[i * 4]; }
    int nameEnd(int i) { return fields[i * 4 + 1]; }

    /** Whether header {@code i}'s name equals {@code lower} (a lower-case name), ignoring case. */
    boolean nameIs(int i, String lower) { return nameEnd(i) - nameStart(i) == lower.length() && nameIs(nameStart(i), nameEnd(i), lower); }

    /** The start of header line {@code i} and the end of its line, including the line break. */
    int lineStart(int i) { return fields[i * 4]; }

    int lineEndInclusive(int i) { return lineEnd(fields[i * 4 + 3]) + 1; }

    /** The end of the start line including its line break. */
    int startLineEnd() { return lineEnd(e2) + 1; }

    boolean isMethod(String m) { return e0 - s0 == m.length() && startsWith(s0, e0, m); }

    private boolean nameIs(int s, int e, String lower) {
        for (int j = 0; j < e - s; j++) {
            int c = raw[s + j];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(j)) return false;
        }
        return true;
    }

    private boolean equalsIgnoreCase(int s, int e, String lower) { return e - s == lower.length() && nameIs(s, e, lower); }

    private boolean startsWith(int s, int e, String prefix) {
        if (e - s < prefix.length()) return false;
        for (int j = 0; j < prefix.length(); j++) if (raw[s + j] != prefix.charAt(j)) return false;
        return true;
    }

    private int lineEnd(int from) {
        for (int j = from; j < length; j++) if (raw[j] == '\n') return j;
        return -1;
    }

    private int trimCr(int from, int lf) { return lf > from && raw[lf - 1] == '\r' ? lf - 1 : lf; }

    private int indexOf(char c, int from, int to) {
        for (int j = from; j < to; j++) if (raw[j] == c) return j;
        return -1;
    }

    private String str(int s, int e) { return new String(raw, s, e - s, StandardCharsets.ISO_8859_1); }

    // --- RequestFacts ---

    @Override
    public String method() { return str(s0, e0); }

    private int pathStart() {
        if (raw[s1] == '/') return s1;
        int scheme = indexOf(':', s1, e1);
        if (scheme > 0 && scheme + 2 < e1 && raw[scheme + 1] == '/' && raw[scheme + 2] == '/') {
            int slash = indexOf('/', scheme + 3, e1);
            return slash < 0 ? e1 : slash;
        }
        return s1;
    }

    @Override
    public String path() {
        int ps = pathStart();
        int q = indexOf('?', ps, e1);
        int pe = q < 0 ? e1 : q;
        return ps == pe ? "/" : str(ps, pe);
    }

    @Override
    public String query() {
        int q = indexOf('?', s1, e1);
        return q < 0 ? null : str(q + 1, e1);
    }

    @Override
    public String host() {
        String authority = null;
        if (raw[s1] != '/') {
            int scheme = indexOf(':', s1, e1);
            if (scheme > 0 && scheme + 2 < e1 && raw[scheme + 1] == '/' && raw[scheme + 2] == '/') {
                int slash = indexOf('/', scheme + 3, e1);
                authority = str(scheme + 3, slash < 0 ? e1 : slash);
            }
        }
        if (authority == null) authority = header("host");
        if (authority == null) return null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** The value of header {@code i}. */
    String value(int i) { return str(fields[i * 4 + 2], fields[i * 4 + 3]); }

    /** The first value of the header, or null. */
    String header(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < count; i++) if (nameIs(i, lower)) return str(fields[i * 4 + 2], fields[i * 4 + 3]);
        return null;
    }

    @Override
    public List<String> headers(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < count; i++) if (nameIs(i, lower)) out.add(str(fields[i * 4 + 2], fields[i * 4 + 3]));
        return out;
    }

    @Override
    public List<Map.Entry<String, String>> queryParams() {
        String q = query();
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(Map.entry(decode(k), decode(v)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public String remoteAddress() { return remote; }
}
