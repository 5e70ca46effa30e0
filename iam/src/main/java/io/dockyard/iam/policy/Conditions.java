package io.dockyard.iam.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * IAM's condition operators as the policy evaluation logic documents them: String*, Numeric*, Date*, Bool, BinaryEquals,
 * IpAddress/NotIpAddress, Arn*, Null, each with the {@code IfExists} suffix, and the {@code ForAnyValue:}/{@code ForAllValues:}
 * set qualifiers. Keys are case-insensitive. A negated operator ({@code StringNotEquals}, …) on a key the request lacks
 * matches; a positive one does not, unless {@code IfExists}.
 */
final class Conditions {
    private Conditions() {}

    private static final Map<String, BiPredicate<String, String>> POSITIVE = Map.ofEntries(
            Map.entry("StringEquals", String::equals),
            Map.entry("StringEqualsIgnoreCase", String::equalsIgnoreCase),
            Map.entry("StringLike", (v, p) -> Wildcards.matches(p, v, false)),
            Map.entry("NumericEquals", (v, p) -> num(v, p) == 0),
            Map.entry("NumericLessThan", (v, p) -> num(v, p) < 0),
            Map.entry("NumericLessThanEquals", (v, p) -> num(v, p) <= 0),
            Map.entry("NumericGreaterThan", (v, p) -> { int c = num(v, p); return c != Integer.MIN_VALUE && c > 0; }),
            Map.entry("NumericGreaterThanEquals", (v, p) -> { int c = num(v, p); return c != Integer.MIN_VALUE && c >= 0; }),
            Map.entry("DateEquals", (v, p) -> date(v, p) == 0),
            Map.entry("DateLessThan", (v, p) -> date(v, p) < 0),
            Map.entry("DateLessThanEquals", (v, p) -> date(v, p) <= 0),
            Map.entry("DateGreaterThan", (v, p) -> { int c = date(v, p); return c != Integer.MIN_VALUE && c > 0; }),
            Map.entry("DateGreaterThanEquals", (v, p) -> { int c = date(v, p); return c != Integer.MIN_VALUE && c >= 0; }),
            Map.entry("Bool", (v, p) -> v.equalsIgnoreCase(p)),
            Map.entry("BinaryEquals", (v, p) -> Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)).equals(p)),
            Map.entry("IpAddress", Conditions::inCidr),
            Map.entry("ArnEquals", (v, p) -> Wildcards.arnMatches(p, v)),
            Map.entry("ArnLike", (v, p) -> Wildcards.arnMatches(p, v)));

    /** The negated operators and the positive operator each negates. */
    private static final Map<String, String> NEGATED = Map.of("StringNotEquals", "StringEquals", "StringNotEqualsIgnoreCase", "StringEqualsIgnoreCase",
            "StringNotLike", "StringLike", "NumericNotEquals", "NumericEquals", "DateNotEquals", "DateEquals", "NotIpAddress", "IpAddress",
            "ArnNotEquals", "ArnEquals", "ArnNotLike", "ArnLike");

    static boolean known(String operator) {
        String op = base(operator);
        return op != null && (POSITIVE.containsKey(op) || NEGATED.containsKey(op) || op.equals("Null"));
    }

    private static String base(String operator) {
        String op = operator;
        if (op.startsWith("ForAnyValue:")) op = op.substring("ForAnyValue:".length());
        else if (op.startsWith("ForAllValues:")) op = op.substring("ForAllValues:".length());
        if (op.endsWith("IfExists")) {
            op = op.substring(0, op.length() - "IfExists".length());
            if (op.equals("Null")) return null;
        }
        return op;
    }

    /** Whether the condition holds for the request's context (keys looked up case-insensitively). */
    static boolean holds(PolicyDocument.Condition c, Map<String, List<String>> context, Variables vars) {
        List<String> actual = lookup(context, c.key());
        String op = base(c.operator());
        List<String> wanted = c.values().stream().map(vars::substitute).toList();
        if (op.equals("Null")) {
            boolean absent = actual == null || actual.isEmpty();
            return wanted.stream().anyMatch(w -> w.equalsIgnoreCase("true") == absent);
        }
        boolean ifExists = c.operator().endsWith("IfExists");
        boolean negated = NEGATED.containsKey(op);
        BiPredicate<String, String> test = POSITIVE.get(negated ? NEGATED.get(op) : op);
        if (c.operator().startsWith("ForAllValues:")) {
            if (actual == null || actual.isEmpty()) return true;
            return actual.stream().allMatch(v -> negated != wanted.stream().anyMatch(w -> test.test(v, w)));
        }
        if (actual == null || actual.isEmpty()) return ifExists || negated && !c.operator().startsWith("ForAnyValue:");
        if (negated) return actual.stream().noneMatch(v -> wanted.stream().anyMatch(w -> test.test(v, w)));
        return actual.stream().anyMatch(v -> wanted.stream().anyMatch(w -> test.test(v, w)));
    }

    static List<String> lookup(Map<String, List<String>> context, String key) {
        List<String> exact = context.get(key);
        if (exact != null) return exact;
        for (Map.Entry<String, List<String>> e : context.entrySet()) if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        return null;
    }

    /** Compares two numbers; Integer.MIN_VALUE when either is not one (which no comparison accepts). */
    private static int num(String v, String p) {
        try {
            return new BigDecimal(v.trim()).compareTo(new BigDecimal(p.trim()));
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static int date(String v, String p) {
        Instant a = instant(v), b = instant(p);
        return a == null || b == null ? Integer.MIN_VALUE : a.compareTo(b);
    }

    private static Instant instant(String s) {
        try {
            if (s.matches("\\d+")) return Instant.ofEpochSecond(Long.parseLong(s));
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) return Instant.parse(s + "T00:00:00Z");
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(s);
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    /** Whether address {@code v} is in CIDR block {@code p} (IPv4 or IPv6; a plain address is a /32 or /128). */
    static boolean inCidr(String v, String p) {
        try {
            String[] parts = p.split("/", 2);
            if (!looksLikeAddress(v) || !looksLikeAddress(parts[0])) return false;
            byte[] a = InetAddress.getByName(v.trim()).getAddress(), net = InetAddress.getByName(parts[0].trim()).getAddress();
            if (a.length != net.length) return false;
            int bits = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : a.length * 8;
            if (bits < 0 || bits > a.length * 8) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (net[i / 8] & mask)) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Only literal addresses: never a DNS lookup. */
    private static boolean looksLikeAddress(String s) {
        String t = s.trim();
        return !t.isEmpty() && t.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':');
    }

}
