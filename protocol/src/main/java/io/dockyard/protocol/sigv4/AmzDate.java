package io.dockyard.protocol.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The SigV4 date formats: ISO 8601 basic ({@code 20260101T000000Z}), the scope date ({@code 20260101}), RFC 1123. */
final class AmzDate {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDate() {}

    /** {@code 20260101T000000Z}, or {@code null} if {@code s} is not exactly that shape or not a real date-time. */
    static Instant parseBasic(String s) {
        if (s == null || s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') return null;
        if (!digits(s, 0, 8) || !digits(s, 9, 15)) return null;
        try {
            return LocalDateTime.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8), num(s, 9, 11), num(s, 11, 13), num(s, 13, 15))
                                .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** An HTTP {@code Date} header: RFC 1123 ({@code Thu, 01 Jan 2026 00:00:00 GMT}) or ISO 8601 basic; else {@code null}. */
    static Instant parseHttpDate(String s) {
        Instant basic = parseBasic(s);
        if (basic != null || s == null || s.length() > 64) return basic;
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(s.trim(), Instant::from);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Whether {@code s} is a {@code yyyyMMdd} calendar date. */
    static boolean isScopeDate(String s) {
        if (s == null || s.length() != 8 || !digits(s, 0, 8)) return false;
        try {
            LocalDate.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** {@code 20260101T000000Z}, truncated to the second. */
    static String format(Instant t) {
        return BASIC.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
