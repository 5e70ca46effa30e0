package io.dockyard.iam.api;

import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Query request of IAM or STS read and checked against the model's constraints, failing as IAM does
 * ({@code ValidationError}: "1 validation error detected: Value … at 'userName' failed to satisfy constraint: …").
 * Leaves are strings as the Query form carries them (numbers and booleans are accepted too); {@code X.member.N} lists
 * arrive as lists, their structures as maps.
 */
final class IamInput {
    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]+/");
    static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9.,+@=_-]+)*)/");
    static final Pattern PATH_PREFIX = Pattern.compile("/[\\u0021-\\u007F]*");
    static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    static final Pattern KEY_ID = Pattern.compile("[\\w]+");
    static final int DEFAULT_PAGE = 100;
    static final int MAX_TAGS = 50;

    private final Map<String, Object> in;

    IamInput(Map<String, Object> in) { this.in = in == null ? Map.of() : in; }

    String str(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return String.valueOf(v);
        throw IamErrors.constraint(member, v, "must be a string");
    }

    String required(String member) {
        String s = str(member);
        if (s == null || s.isEmpty()) throw IamErrors.validation("1 validation error detected: Value null at '" + IamErrors.lowerFirst(member) + "' failed to satisfy constraint: Member must not be null");
        return s;
    }

    /** A required name member: 1..max characters of {@code [\w+=,.@-]}. */
    String name(String member, int max) { return checkName(member, required(member), max); }

    /** An optional name member (null when absent). */
    String optionalName(String member, int max) {
        String s = str(member);
        return s == null ? null : checkName(member, s, max);
    }

    static String checkName(String member, String s, int max) {
        if (s.length() > max) throw IamErrors.constraint(member, s, "must have length less than or equal to " + max);
        if (!NAME.matcher(s).matches()) throw IamErrors.constraint(member, s, "must satisfy regular expression pattern: [\\w+=,.@-]+");
        return s;
    }

    /** A user, group or role path: {@code /} or {@code /a/b/}; {@code /} when absent. */
    String path(String member) { return matching(member, PATH, "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)", 512, "/"); }

    /** A managed policy path: {@code /} or {@code /a/b/} of {@code [A-Za-z0-9.,+@=_-]}; {@code /} when absent. */
    String policyPath(String member) { return matching(member, POLICY_PATH, "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/", 512, "/"); }

    /** A PathPrefix filter; {@code /} (everything) when absent. */
    String pathPrefix() { return matching("PathPrefix", PATH_PREFIX, "\\u002F[\\u0021-\\u007F]*", 512, "/"); }

    private String matching(String member, Pattern p, String shown, int max, String otherwise) {
        String s = str(member);
        if (s == null) return otherwise;
        if (s.isEmpty() || s.length() > max) throw IamErrors.constraint(member, s, "must have length between 1 and " + max);
        if (!p.matcher(s).matches()) throw IamErrors.constraint(member, s, "must satisfy regular expression pattern: " + shown);
        return s;
    }

    /** A required access key id (16..128 word characters). */
    String keyId(String member) {
        String s = required(member);
        if (s.length() < 16 || s.length() > 128) throw IamErrors.constraint(member, s, "must have length greater than or equal to 16");
        if (!KEY_ID.matcher(s).matches()) throw IamErrors.constraint(member, s, "must satisfy regular expression pattern: [\\w]+");
        return s;
    }

    /** A required policy version id ({@code v3}). */
    String versionId(String member) {
        String s = required(member);
        if (!s.matches("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?")) throw IamErrors.constraint(member, s, "must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
        return s;
    }

    /** Permissions boundaries are not supported: refused rather than ignored, as ignoring one would widen what the entity may do. */
    void noPermissionsBoundary() {
        if (str("PermissionsBoundary") != null) throw IamErrors.invalidInput("Permissions boundaries are not supported by Dockyard.");
    }

    Integer integer(String member, int min, int max) {
        String s = str(member);
        if (s == null || s.isEmpty()) return null;
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw IamErrors.constraint(member, s, "must be an integer");
        }
        if (v < min) throw IamErrors.constraint(member, v, "must have value greater than or equal to " + min);
        if (v > max) throw IamErrors.constraint(member, v, "must have value less than or equal to " + max);
        return v;
    }

    Boolean bool(String member) {
        String s = str(member);
        if (s == null || s.isEmpty()) return null;
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw IamErrors.constraint(member, s, "must be a boolean");
    }

    /** A string from an enumeration, or {@code otherwise} when absent. */
    String oneOf(String member, List<String> allowed, String otherwise) {
        String s = str(member);
        if (s == null) return otherwise;
        if (!allowed.contains(s)) throw IamErrors.constraint(member, s, "must satisfy enum value set: " + allowed);
        return s;
    }

    List<String> strings(String member) {
        Object v = in.get(member);
        List<String> out = new ArrayList<>();
        if (v == null || "".equals(v)) return out;
        if (!(v instanceof List<?> l)) throw IamErrors.constraint(member, v, "must be a list");
        for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    @SuppressWarnings("unchecked")
    List<IamInput> structs(String member) {
        Object v = in.get(member);
        List<IamInput> out = new ArrayList<>();
        if (v == null || "".equals(v)) return out;
        if (!(v instanceof List<?> l)) throw IamErrors.constraint(member, v, "must be a list");
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) throw IamErrors.constraint(member, o, "must be a list of structures");
            out.add(new IamInput((Map<String, Object>) m));
        }
        return out;
    }

    /**
     * The {@code Tags} member (Key 1..128, Value 0..256 of IAM's tag characters) as an ordered map. IAM tag keys are
     * case-insensitive: the same key twice is InvalidInput.
     */
    Map<String, String> tags(String member) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (IamInput t : structs(member)) {
            String key = t.required("Key");
            String value = t.str("Value");
            if (value == null) throw IamErrors.validation("1 validation error detected: Value null at 'tags.member.value' failed to satisfy constraint: Member must not be null");
            if (key.length() > 128 || !TAG_KEY.matcher(key).matches()) throw IamErrors.constraint("tags.member.key", key, "must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+ and have length between 1 and 128");
            if (value.length() > 256 || !TAG_VALUE.matcher(value).matches()) throw IamErrors.constraint("tags.member.value", value, "must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]* and have length at most 256");
            String lower = key.toLowerCase(Locale.ROOT);
            if (seen.contains(lower)) throw IamErrors.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            seen.add(lower);
            out.put(key, value);
        }
        if (out.size() > MAX_TAGS) throw IamErrors.constraint(member, "[...]", "must have length less than or equal to " + MAX_TAGS);
        return out;
    }

    /** One page of {@code all} as IAM pages: MaxItems 1..1000 (default 100), Marker from the previous page. */
    <T> Pages<T> slice(List<T> all) {
        Integer max = integer("MaxItems", 1, 1000);
        return Pages.slice(all, max == null ? DEFAULT_PAGE : max, str("Marker"), () -> IamErrors.validation("Invalid Marker."));
    }

    /** IsTruncated and, when there is more, the Marker of the next page. */
    static Out truncation(Out out, Pages<?> page) {
        out.with("IsTruncated", page.nextToken() != null);
        return out.with("Marker", page.nextToken());
    }

    /** One page of {@code all} (see {@link #slice}) rendered into {@code out} under {@code member}, with IsTruncated and Marker. */
    <T> Out page(Out out, String member, List<T> all, Function<T, Object> render) {
        Pages<T> page = slice(all);
        out.with(member, page.items().stream().map(render).toList());
        return truncation(out, page);
    }
}
