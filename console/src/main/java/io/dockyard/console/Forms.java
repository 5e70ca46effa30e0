package io.dockyard.console;

import io.dockyard.core.AwsException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A posted form's fields, and which of them an API error message is about. */
final class Forms {
    private Forms() {}

    static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) return out;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.merge(k, v, (a, b) -> a + "\n" + b);
            } catch (IllegalArgumentException e) {
                throw new AwsException("InvalidParameterException", 400, "The form is not well encoded.");
            }
        }
        return out;
    }

    /**
     * The form field an API error message names (as a whole word, the longest name first: {@code memoryReservation}
     * before {@code memory}), or null when it names none of them.
     */
    static String fieldNamedIn(String message, Collection<String> fields) { return fieldNamedIn(message, fields, Map.of()); }

    /** As above, also reading {@code aliases}: API words (such as {@code cpu}) that stand for a form field (such as {@code size}). */
    static String fieldNamedIn(String message, Collection<String> fields, Map<String, String> aliases) {
        if (message == null) return null;
        String m = message.toLowerCase(Locale.ROOT);
        Map<String, String> words = new LinkedHashMap<>();
        for (String f : fields) {
            words.put(f, f);
            words.putIfAbsent(f.replaceAll("([a-z])([A-Z])", "$1 $2"), f); // clusterName: "cluster name"
        }
        aliases.forEach((word, field) -> { if (fields.contains(field)) words.putIfAbsent(word, field); });
        List<String> names = new ArrayList<>(words.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String w : names) {
            if (w.length() < 3 || w.startsWith("_")) continue;
            if (Pattern.compile("(?<![a-z0-9-])" + Pattern.quote(w.toLowerCase(Locale.ROOT)) + "(?![a-z0-9-])").matcher(m).find()) return words.get(w);
        }
        return null;
    }
}
