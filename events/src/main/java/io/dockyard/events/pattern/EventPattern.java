package io.dockyard.events.pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EventBridge event pattern, compiled: an object whose fields hold either a nested pattern or a list of matchers — exact
 * values (strings, numbers compared as numbers, booleans, null), {@code prefix}, {@code suffix}, {@code equals-ignore-case},
 * {@code wildcard}, {@code anything-but} (a value, a list, or a prefix, suffix, equals-ignore-case or wildcard), {@code numeric}
 * ranges, {@code exists} and {@code cidr} — and {@code $or} lists of alternatives. A field matches when any matcher matches
 * its value, or any element of an array value; every field of a pattern must match.
 */
public final class EventPattern {
    private final Node root;
    private final String text;

    private EventPattern(Node root, String text) {
        this.root = root;
        this.text = text;
    }

    /** Compiles {@code json}; {@link Invalid} with EventBridge's reason when it is not a valid pattern. */
    public static EventPattern parse(String json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Invalid("Filter is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new Invalid("Filter is not an object");
        return new EventPattern(object(n, ""), json);
    }

    /** Whether the event (a JSON document) matches. */
    public boolean matches(JsonNode event) { return root.matches(event); }

    /**
     * The exact values this pattern demands of a top-level field (for indexing rules), or null when the field is not
     * constrained to exact strings alone.
     */
    public Set<String> exactValues(String field) {
        if (!(root instanceof ObjectNode o) || !o.ors.isEmpty()) return null;
        Node f = o.fields.get(field);
        if (!(f instanceof Leaf leaf)) return null;
        Set<String> out = new java.util.HashSet<>();
        for (Matcher m : leaf.matchers) {
            if (!(m instanceof Exact e) || !e.value.isTextual()) return null;
            out.add(e.value.asText());
        }
        return out;
    }

    /** Thrown for a pattern EventBridge would refuse (InvalidEventPatternException). */
    public static final class Invalid extends RuntimeException {
        public Invalid(String reason) { super("Event pattern is not valid. Reason: " + reason); }
    }

    // ---- the tree ----

    private sealed interface Node permits ObjectNode, Leaf {
        boolean matches(JsonNode value);
    }

    private record ObjectNode(Map<String, Node> fields, List<ObjectNode> ors) implements Node {
        @Override
        public boolean matches(JsonNode value) {
            for (Map.Entry<String, Node> f : fields.entrySet()) {
                JsonNode v = value == null || !value.isObject() ? null : value.get(f.getKey());
                if (f.getValue() instanceof ObjectNode nested) {
                    if (v == null || !nestedMatches(nested, v)) return false;
                } else if (!f.getValue().matches(v)) {
                    return false;
                }
            }
            if (ors.isEmpty()) return true;
            for (ObjectNode alt : ors) if (alt.matches(value)) return true;
            return false;
        }

        private static boolean nestedMatches(ObjectNode nested, JsonNode v) {
            if (v.isArray()) {
                for (JsonNode e : v) if (nested.matches(e)) return true;
                return false;
            }
            return nested.matches(v);
        }
    }

    private record Leaf(List<Matcher> matchers) implements Node {
        @Override
        public boolean matches(JsonNode value) {
            if (value == null || value.isMissingNode()) {
                for (Matcher m : matchers) if (m instanceof Exists e && !e.exists) return true;
                return false;
            }
            if (value.isArray()) {
                for (Matcher m : matchers) if (m instanceof Exists e) return e.exists;
                for (JsonNode element : value) if (one(element)) return true;
                return false;
            }
            return one(value);
        }

        private boolean one(JsonNode v) {
            for (Matcher m : matchers) if (m.matches(v)) return true;
            return false;
        }
    }

    private sealed interface Matcher permits Exact, Prefix, Suffix, IgnoreCase, Wildcard, AnythingBut, Numeric, Exists, Cidr {
        boolean matches(JsonNode v);
    }

    private record Exact(JsonNode value) implements Matcher {
        @Override
        public boolean matches(JsonNode v) {
            if (value.isNumber() && v.isNumber()) return value.decimalValue().compareTo(v.decimalValue()) == 0;
            if (value.isNull()) return v.isNull();
            return value.getNodeType() == v.getNodeType() && value.equals(v);
        }
    }

    private record Prefix(String prefix, boolean ignoreCase) implements Matcher {
        @Override
        public boolean matches(JsonNode v) {
            return v.isTextual() && (ignoreCase ? v.asText().regionMatches(true, 0, prefix, 0, prefix.length()) : v.asText().startsWith(prefix));
        }
    }

    private record Suffix(String suffix, boolean ignoreCase) implements Matcher {
        @Override
        public boolean matches(JsonNode v) {
            if (!v.isTextual()) return false;
            String s = v.asText();
            return ignoreCase ? s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length()) : s.endsWith(suffix);
        }
    }

    private record IgnoreCase(String value) implements Matcher {
        @Override
        public boolean matches(JsonNode v) { return v.isTextual() && v.asText().equalsIgnoreCase(value); }
    }

    /** {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    private record Wildcard(List<String> parts) implements Matcher {
        static Wildcard of(String pattern, String path) {
            List<String> parts = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= pattern.length() || (pattern.charAt(i + 1) != '*' && pattern.charAt(i + 1) != '\\')) {
                        throw new Invalid("Invalid escape character in wildcard pattern at " + path);
                    }
                    cur.append(pattern.charAt(++i));
                } else if (c == '*') {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') throw new Invalid("Consecutive wildcard characters at " + path);
                    parts.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            parts.add(cur.toString());
            return new Wildcard(parts);
        }

        @Override
        public boolean matches(JsonNode v) {
            if (!v.isTextual()) return false;
            String s = v.asText();
            if (parts.size() == 1) return s.equals(parts.getFirst());
            String first = parts.getFirst(), last = parts.getLast();
            if (!s.startsWith(first) || s.length() < first.length() + last.length() || !s.endsWith(last)) return false;
            int at = first.length();
            int end = s.length() - last.length();
            for (int i = 1; i < parts.size() - 1; i++) {
                int found = s.indexOf(parts.get(i), at);
                if (found < 0 || found + parts.get(i).length() > end) return false;
                at = found + parts.get(i).length();
            }
            return true;
        }
    }

    private record AnythingBut(List<Matcher> excluded) implements Matcher {
        @Override
        public boolean matches(JsonNode v) {
            for (Matcher m : excluded) if (m.matches(v)) return false;
            return true;
        }
    }

    private record Numeric(BigDecimal low, boolean lowOpen, BigDecimal high, boolean highOpen, BigDecimal equal) implements Matcher {
        @Override
        public boolean matches(JsonNode v) {
            if (!v.isNumber()) return false;
            BigDecimal d = v.decimalValue();
            if (equal != null) return d.compareTo(equal) == 0;
            if (low != null && (lowOpen ? d.compareTo(low) <= 0 : d.compareTo(low) < 0)) return false;
            return high == null || (highOpen ? d.compareTo(high) < 0 : d.compareTo(high) <= 0);
        }
    }

    private record Exists(boolean exists) implements Matcher {
        @Override
        public boolean matches(JsonNode v) { return exists && !v.isObject(); }
    }

    private record Cidr(byte[] network, int bits) implements Matcher {
        @Override
        public boolean matches(JsonNode v) {
            if (!v.isTextual()) return false;
            String s = v.asText();
            if (!s.matches("[0-9a-fA-F:.]+")) return false;
            byte[] a;
            try {
                a = InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                return false;
            }
            if (a.length != network.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) return false;
            }
            return true;
        }
    }

    // ---- compiling ----

    private static ObjectNode object(JsonNode n, String path) {
        Map<String, Node> fields = new LinkedHashMap<>();
        List<ObjectNode> ors = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode v = e.getValue();
            if ("$or".equals(e.getKey())) {
                if (!v.isArray() || v.size() < 2) throw new Invalid("$or must be an array of at least two objects at " + p);
                for (JsonNode alt : v) {
                    if (!alt.isObject() || alt.isEmpty()) throw new Invalid("$or must be an array of non-empty objects at " + p);
                    ors.add(object(alt, path));
                }
            } else if (v.isObject()) {
                if (v.isEmpty()) throw new Invalid("Empty objects are not allowed at " + p);
                fields.put(e.getKey(), object(v, p));
            } else if (v.isArray()) {
                fields.put(e.getKey(), leaf(v, p));
            } else {
                throw new Invalid("\"" + e.getKey() + "\" must be an object or an array");
            }
        }
        return new ObjectNode(fields, ors);
    }

    private static Leaf leaf(JsonNode array, String path) {
        if (array.isEmpty()) throw new Invalid("Empty arrays are not allowed at " + path);
        List<Matcher> out = new ArrayList<>();
        for (JsonNode m : array) {
            if (m.isArray()) throw new Invalid("Match value must be String, number, true, false, or null at " + path);
            out.add(m.isObject() ? operator(m, path) : new Exact(m));
        }
        return new Leaf(out);
    }

    private static final Set<String> OPERATORS = Set.of("prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr");

    private static Matcher operator(JsonNode m, String path) {
        if (m.size() != 1) throw new Invalid("A match expression object must have exactly one key at " + path);
        Map.Entry<String, JsonNode> e = m.fields().next();
        String op = e.getKey();
        JsonNode v = e.getValue();
        if (!OPERATORS.contains(op)) throw new Invalid("Unrecognized match type " + op + " at " + path);
        return switch (op) {
            case "prefix" -> v.isObject() ? new Prefix(ignoreCaseValue(v, op, path), true) : new Prefix(text(v, op, path), false);
            case "suffix" -> v.isObject() ? new Suffix(ignoreCaseValue(v, op, path), true) : new Suffix(text(v, op, path), false);
            case "equals-ignore-case" -> new IgnoreCase(text(v, op, path));
            case "wildcard" -> Wildcard.of(text(v, op, path), path);
            case "anything-but" -> anythingBut(v, path);
            case "numeric" -> numeric(v, path);
            case "exists" -> {
                if (!v.isBoolean()) throw new Invalid("exists match pattern must be either true or false at " + path);
                yield new Exists(v.asBoolean());
            }
            case "cidr" -> cidr(text(v, op, path), path);
            default -> throw new Invalid("Unrecognized match type " + op + " at " + path);
        };
    }

    private static String ignoreCaseValue(JsonNode v, String op, String path) {
        JsonNode inner = v.get("equals-ignore-case");
        if (v.size() != 1 || inner == null) throw new Invalid("Unsupported " + op + " pattern at " + path);
        return text(inner, op, path);
    }

    private static String text(JsonNode v, String op, String path) {
        if (!v.isTextual()) throw new Invalid(op + " match pattern must be a string at " + path);
        return v.asText();
    }

    private static Matcher anythingBut(JsonNode v, String path) {
        List<Matcher> excluded = new ArrayList<>();
        if (v.isArray()) {
            if (v.isEmpty()) throw new Invalid("Empty arrays are not allowed at " + path);
            for (JsonNode x : v) {
                if (x.isContainerNode()) throw new Invalid("Inside anything but list, start|null|boolean is not supported at " + path);
                excluded.add(new Exact(x));
            }
        } else if (v.isObject()) {
            if (v.size() != 1) throw new Invalid("Unsupported anything-but pattern at " + path);
            Map.Entry<String, JsonNode> e = v.fields().next();
            JsonNode inner = e.getValue();
            switch (e.getKey()) {
                case "prefix" -> excluded.add(new Prefix(text(inner, "prefix", path), false));
                case "suffix" -> excluded.add(new Suffix(text(inner, "suffix", path), false));
                case "equals-ignore-case" -> {
                    if (inner.isArray()) for (JsonNode x : inner) excluded.add(new IgnoreCase(text(x, "equals-ignore-case", path)));
                    else excluded.add(new IgnoreCase(text(inner, "equals-ignore-case", path)));
                }
                case "wildcard" -> {
                    if (inner.isArray()) for (JsonNode x : inner) excluded.add(Wildcard.of(text(x, "wildcard", path), path));
                    else excluded.add(Wildcard.of(text(inner, "wildcard", path), path));
                }
                default -> throw new Invalid("Unsupported anything-but pattern: " + e.getKey() + " at " + path);
            }
        } else {
            excluded.add(new Exact(v));
        }
        return new AnythingBut(excluded);
    }

    private static final Set<String> LOWER = Set.of(">", ">="), UPPER = Set.of("<", "<=");

    private static Matcher numeric(JsonNode v, String path) {
        if (!v.isArray() || v.isEmpty() || v.size() % 2 != 0 || v.size() > 4) throw new Invalid("Value of numeric must be an array at " + path);
        BigDecimal low = null, high = null, equal = null;
        boolean lowOpen = false, highOpen = false;
        for (int i = 0; i < v.size(); i += 2) {
            JsonNode op = v.get(i), n = v.get(i + 1);
            if (!op.isTextual()) throw new Invalid("Unrecognized numeric range operator at " + path);
            if (!n.isNumber()) throw new Invalid("Value of " + op.asText() + " must be numeric at " + path);
            String o = op.asText();
            if ("=".equals(o)) {
                if (v.size() != 2) throw new Invalid("Bad numeric range definition at " + path);
                equal = n.decimalValue();
            } else if (LOWER.contains(o)) {
                if (low != null) throw new Invalid("Bad numeric range definition at " + path);
                low = n.decimalValue();
                lowOpen = ">".equals(o);
            } else if (UPPER.contains(o)) {
                if (high != null) throw new Invalid("Bad numeric range definition at " + path);
                high = n.decimalValue();
                highOpen = "<".equals(o);
            } else {
                throw new Invalid("Unrecognized numeric range operator: " + o + " at " + path);
            }
        }
        if (low != null && high != null && low.compareTo(high) >= 0) throw new Invalid("Bottom must be less than top at " + path);
        return new Numeric(low, lowOpen, high, highOpen, equal);
    }

    private static Matcher cidr(String spec, String path) {
        int slash = spec.indexOf('/');
        if (slash < 0 || !spec.substring(0, slash).matches("[0-9a-fA-F:.]+")) throw new Invalid("Malformed CIDR, one '/' required at " + path);
        try {
            byte[] net = InetAddress.getByName(spec.substring(0, slash)).getAddress();
            int bits = Integer.parseInt(spec.substring(slash + 1));
            if (bits < 0 || bits > net.length * 8) throw new Invalid("Malformed CIDR at " + path);
            return new Cidr(net, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new Invalid("Malformed CIDR at " + path);
        }
    }

    @Override
    public String toString() { return text; }
}
