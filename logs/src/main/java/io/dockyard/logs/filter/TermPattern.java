package io.dockyard.logs.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Terms, quoted phrases, {@code ?} alternatives, {@code -} exclusions and {@code %regex%} terms. */
final class TermPattern implements FilterPattern {
    /** One term: literal bytes, or a regular expression. */
    private record Term(byte[] bytes, Pattern regex) {
        boolean in(byte[] m, int n) {
            if (regex != null) return regex.matcher(new String(m, 0, n, StandardCharsets.UTF_8)).find();
            return indexOf(m, n, bytes) >= 0;
        }
    }

    private final List<Term> required;
    private final List<Term> alternatives;
    private final List<Term> excluded;

    private TermPattern(List<Term> required, List<Term> alternatives, List<Term> excluded) {
        this.required = required;
        this.alternatives = alternatives;
        this.excluded = excluded;
    }

    private static final String SPECIAL = "\"{}[]()=<>!&|,;'`";

    static TermPattern parse(String text) {
        List<Term> req = new ArrayList<>(), alt = new ArrayList<>(), exc = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<Term> into = req;
            if (c == '?' || c == '-') {
                into = c == '?' ? alt : exc;
                i++;
                if (i >= n || Character.isWhitespace(text.charAt(i))) throw new FilterPattern.PatternException("Invalid filter pattern: '" + c + "' must be followed by a term.");
                c = text.charAt(i);
            }
            String term;
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < n) b.append(text.charAt(i++));
                    else if (d == '"') {
                        closed = true;
                        break;
                    } else b.append(d);
                }
                if (!closed) throw new FilterPattern.PatternException("Invalid filter pattern: unterminated quoted term.");
                if (i < n && !Character.isWhitespace(text.charAt(i))) throw new FilterPattern.PatternException("Invalid filter pattern: expected a space after a quoted term.");
                term = b.toString();
                into.add(new Term(term.getBytes(StandardCharsets.UTF_8), null));
                continue;
            }
            if (c == '%') {
                int end = text.indexOf('%', i + 1);
                if (end < 0) throw new FilterPattern.PatternException("Invalid filter pattern: unterminated %regex%.");
                try {
                    into.add(new Term(null, Pattern.compile(text.substring(i + 1, end))));
                } catch (PatternSyntaxException e) {
                    throw new FilterPattern.PatternException("Invalid filter pattern: bad regular expression: " + e.getDescription());
                }
                i = end + 1;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                if (SPECIAL.indexOf(text.charAt(i)) >= 0) {
                    throw new FilterPattern.PatternException("Invalid filter pattern: '" + text.charAt(i) + "' in an unquoted term (put the term in double quotes).");
                }
                i++;
            }
            into.add(new Term(text.substring(start, i).getBytes(StandardCharsets.UTF_8), null));
        }
        return new TermPattern(List.copyOf(req), List.copyOf(alt), List.copyOf(exc));
    }

    @Override
    public boolean matches(byte[] m, int n) {
        for (Term t : required) if (!t.in(m, n)) return false;
        for (Term t : excluded) if (t.in(m, n)) return false;
        if (alternatives.isEmpty()) return true;
        for (Term t : alternatives) if (t.in(m, n)) return true;
        return false;
    }

    /** The first index of {@code needle} in the first {@code n} bytes of {@code hay}, or -1. */
    static int indexOf(byte[] hay, int n, byte[] needle) {
        int k = needle.length;
        if (k == 0) return 0;
        byte first = needle[0];
        outer:
        for (int i = 0, last = n - k; i <= last; i++) {
            if (hay[i] != first) continue;
            for (int j = 1; j < k; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
