package io.dockyard.protocol.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's URI encoding (RFC 3986 unreserved characters {@code A-Z a-z 0-9 - _ . ~} kept, every other byte of the UTF-8
 * form as {@code %XY} with upper-case hex) and a lenient percent-decoder that never fails.
 */
final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {}

    /** Encodes the UTF-8 bytes of {@code s}; {@code /} is kept as is when {@code keepSlash}. */
    static String encode(String s, boolean keepSlash) {
        return encode(s.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /** Encodes {@code bytes}; {@code /} is kept as is when {@code keepSlash}. */
    static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * Percent-decodes {@code s} to bytes. A {@code %} not followed by two hex digits stays a literal {@code %}; characters
     * outside ASCII become their UTF-8 bytes; {@code +} becomes a space when {@code plusAsSpace} (form semantics).
     */
    static byte[] decode(String s, boolean plusAsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0;
            if (escape || (plusAsSpace && c == '+')) {
                flush(out, s, runStart, i);
                if (escape) {
                    out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                    i += 2;
                } else {
                    out.write(' ');
                }
                runStart = i + 1;
            }
        }
        flush(out, s, runStart, s.length());
        return out.toByteArray();
    }

    private static void flush(ByteArrayOutputStream out, String s, int from, int to) {
        if (to > from) out.writeBytes(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
               || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
