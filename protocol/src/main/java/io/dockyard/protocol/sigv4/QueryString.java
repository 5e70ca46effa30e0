package io.dockyard.protocol.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A raw query string split into parameters, and its SigV4 canonical form: every name and value percent-decoded and
 * URI-encoded again, parameters with an empty name dropped, a name without {@code =} given the empty value, sorted by
 * encoded name then encoded value, joined as {@code name=value&...}.
 * <p>
 * Decoding is lenient and treats {@code +} as a space (form semantics, as Jetty's parameters and Go's {@code url.ParseQuery}
 * do); the AWS SDKs and CLI always send a literal plus as {@code %2B} and a space as {@code %20}, so they are unaffected.
 */
final class QueryString {

    /**
     * One parameter.
     *
     * @param name         the decoded name (UTF-8; malformed bytes become U+FFFD)
     * @param value        the decoded value
     * @param encodedName  the canonical encoding of the name's bytes
     * @param encodedValue the canonical encoding of the value's bytes
     */
    record Param(String name, String value, String encodedName, String encodedValue) {}

    private static final Comparator<Param> CANONICAL_ORDER =
            Comparator.comparing(Param::encodedName).thenComparing(Param::encodedValue);

    private QueryString() {}

    /** The parameters of {@code rawQuery} in the order sent; empty for {@code null}. Never fails. */
    static List<Param> parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) return params;
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > start) params.add(param(rawQuery.substring(start, end)));
            start = end + 1;
        }
        return params;
    }

    private static Param param(String pair) {
        int eq = pair.indexOf('=');
        byte[] name = UriEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
        byte[] value = eq < 0 ? new byte[0] : UriEncoding.decode(pair.substring(eq + 1), true);
        return new Param(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8),
                UriEncoding.encode(name, false), UriEncoding.encode(value, false));
    }

    /** The canonical query string of {@code params}, leaving out a parameter named {@code exclude} (may be {@code null}). */
    static String canonical(List<Param> params, String exclude) {
        List<Param> sorted = new ArrayList<>(params.size());
        for (Param p : params) {
            if (p.encodedName().isEmpty() || p.name().equals(exclude)) continue;
            sorted.add(p);
        }
        sorted.sort(CANONICAL_ORDER);
        StringBuilder b = new StringBuilder();
        for (Param p : sorted) {
            if (!b.isEmpty()) b.append('&');
            b.append(p.encodedName()).append('=').append(p.encodedValue());
        }
        return b.toString();
    }

    /** The decoded value of the first parameter named exactly {@code name}, or {@code null}. */
    static String first(List<Param> params, String name) {
        for (Param p : params) if (p.name().equals(name)) return p.value();
        return null;
    }
}
