package io.dockyard.logs.filter;

import java.nio.charset.StandardCharsets;

/**
 * A CloudWatch Logs filter pattern, parsed once and matched against each event's UTF-8 bytes:
 * terms and quoted phrases (all must occur), {@code ?term} alternatives (one must occur),
 * {@code -term} exclusions, {@code %regex%}, and JSON patterns ({@code { $.level = "error" && $.ms > 100 }},
 * see {@link JsonPattern}). Case-sensitive, as CloudWatch's. {@link #parse} throws
 * {@link PatternException} for text that is not a pattern.
 */
public interface FilterPattern {

    boolean matches(byte[] message, int length);

    default boolean matches(String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        return matches(b, b.length);
    }

    FilterPattern ALL = (m, n) -> true;

    /** The pattern of {@code text}; null or blank matches every event. */
    static FilterPattern parse(String text) {
        if (text == null || text.isBlank()) return ALL;
        String t = text.strip();
        if (t.startsWith("{")) return JsonPattern.parse(t);
        if (t.startsWith("[")) throw new PatternException("Space-delimited filter patterns ([field, ...]) are not supported.");
        return TermPattern.parse(t);
    }

    /** A pattern that does not parse; the API answers it with InvalidParameterException. */
    final class PatternException extends IllegalArgumentException {
        public PatternException(String message) { super(message); }
    }
}
