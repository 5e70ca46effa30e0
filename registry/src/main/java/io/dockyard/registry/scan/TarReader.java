package io.dockyard.registry.scan;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming reader of tar archives (ustar, GNU long names, pax {@code path} records): one entry at a time, each
 * entry's bytes read through a bounded stream; nothing is buffered beyond a 512-byte header.
 */
final class TarReader {
    /** An entry: its path (no leading {@code ./} or {@code /}), type flag and size. */
    record Entry(String name, char type, long size) {
        boolean regular() { return type == '0' || type == '\0' || type == '7'; }
    }

    private final InputStream in;
    private long remaining;   // bytes of the current entry not yet consumed
    private long padding;     // to the next 512-byte boundary after the entry

    TarReader(InputStream in) { this.in = in; }

    /** The next entry, or null at the end of the archive. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        while (true) {
            byte[] h = new byte[512];
            if (!readFully(h)) return null;
            if (allZero(h)) return null;
            char type = (char) h[156];
            long size = octal(h, 124, 12);
            if (type == 'L' || type == 'x') {
                if (size > 1 << 20) throw new IOException("tar header record too large: " + size);
                byte[] data = new byte[(int) size];
                if (!readFully(data)) throw new EOFException("truncated tar header record");
                skip(pad(size));
                String text = new String(data, StandardCharsets.UTF_8);
                if (type == 'L') longName = trimNul(text);
                else {
                    String p = paxPath(text);
                    if (p != null) longName = p;
                }
                continue;
            }
            if (type == 'g') { skip(size + pad(size)); continue; }
            String name = longName;
            if (name == null) {
                name = cstr(h, 0, 100);
                String prefix = cstr(h, 345, 155);
                if (isUstar(h) && !prefix.isEmpty()) name = prefix + "/" + name;
            }
            remaining = size;
            padding = pad(size);
            return new Entry(normalize(name), type, size);
        }
    }

    /** The current entry's bytes; closing it does not close the archive. */
    InputStream stream() {
        return new FilterInputStream(in) {
            @Override public int read() throws IOException {
                if (remaining <= 0) return -1;
                int b = in.read();
                if (b >= 0) remaining--;
                return b;
            }
            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n > 0) remaining -= n;
                return n;
            }
            @Override public long skip(long n) throws IOException { return super.skip(Math.min(n, remaining)); }
            @Override public int available() { return 0; }
            @Override public void close() {}
        };
    }

    static String normalize(String name) {
        while (name.startsWith("./")) name = name.substring(2);
        while (name.startsWith("/")) name = name.substring(1);
        if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
        return name;
    }

    private void skipRest() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private void skip(long n) throws IOException {
        byte[] buf = null;
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (buf == null) buf = new byte[8192];
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) return;
                s = r;
            }
            n -= s;
        }
    }

    private boolean readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0) return false;
                throw new EOFException("truncated tar archive");
            }
            off += n;
        }
        return true;
    }

    private static long pad(long size) { return (512 - size % 512) % 512; }

    private static boolean allZero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    private static boolean isUstar(byte[] h) { return h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r'; }

    private static String cstr(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int i = s.indexOf('\0');
        return i < 0 ? s : s.substring(0, i);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) { // GNU base-256 for large sizes
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) v = (v << 8) | (h[i] & 0xff);
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') { if (v > 0) break; else continue; }
            if (b < '0' || b > '7') throw new IOException("not a tar archive (bad octal field)");
            v = v * 8 + (b - '0');
        }
        return v;
    }

    /** The {@code path} of pax extended header records ({@code "<len> path=<value>\n"}...). */
    private static String paxPath(String text) {
        int i = 0;
        while (i < text.length()) {
            int sp = text.indexOf(' ', i);
            if (sp < 0) break;
            int len;
            try {
                len = Integer.parseInt(text.substring(i, sp));
            } catch (NumberFormatException e) {
                return null;
            }
            if (len <= 0 || i + len > text.length()) break;
            String rec = text.substring(sp + 1, i + len - 1);
            if (rec.startsWith("path=")) return rec.substring(5);
            i += len;
        }
        return null;
    }
}
