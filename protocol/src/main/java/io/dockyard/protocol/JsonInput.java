package io.dockyard.protocol;

import io.dockyard.core.AwsException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request of an AWS JSON service read into typed values: a member of the wrong JSON type is a SerializationException
 * (the service's deserializer refuses the body, as on AWS), a missing or empty required member the service's validation
 * error ({@code ValidationException} unless the service names another) in AWS's "1 validation error detected" wording.
 */
public final class JsonInput {
    private final Map<String, Object> in;
    private final String prefix;
    private final String validationCode;

    /** With ValidationException for missing members. */
    public JsonInput(Map<String, Object> in) { this(in, "", "ValidationException"); }

    public JsonInput(Map<String, Object> in, String validationCode) { this(in, "", validationCode); }

    private JsonInput(Map<String, Object> in, String prefix, String validationCode) {
        this.in = in == null ? Map.of() : in;
        this.prefix = prefix;
        this.validationCode = validationCode;
    }

    /** A member of the wrong JSON type. */
    private AwsException type(String member, String what) {
        return new AwsException("SerializationException", 400, "Expected " + what + " for " + prefix + member + ".");
    }

    /** The service's validation error for a member that breaks a constraint of the model. */
    public AwsException constraint(String member, Object value, String constraint) {
        return new AwsException(validationCode, 400, "1 validation error detected: Value " + (value == null ? "null" : "'" + value + "'") + " at '"
                + prefix + member + "' failed to satisfy constraint: " + constraint);
    }

    public String path(String member) { return prefix + member; }

    public boolean has(String member) { return in.get(member) != null; }

    public String str(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw type(member, "a string");
    }

    public String required(String member) {
        String s = str(member);
        if (s == null) throw constraint(member, null, "Member must not be null");
        if (s.isEmpty()) throw constraint(member, "", "Member must have length greater than or equal to 1");
        return s;
    }

    public Double num(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n) return n.doubleValue();
        throw type(member, "a number");
    }

    public Integer integer(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) return n.intValue();
        throw type(member, "an integer");
    }

    public Boolean bool(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        throw type(member, "a boolean");
    }

    public Instant instant(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n) return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        try {
            return OffsetDateTime.parse(String.valueOf(v)).toInstant();
        } catch (DateTimeParseException e) {
            throw type(member, "a timestamp");
        }
    }

    public JsonInput struct(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw type(member, "a structure");
        @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
        return new JsonInput(mm, prefix + member + ".", validationCode);
    }

    public List<JsonInput> structs(String member) {
        List<JsonInput> out = new ArrayList<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof List<?> l)) throw type(member, "a list");
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map<?, ?> m)) throw type(member + "." + (i + 1), "a structure");
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            out.add(new JsonInput(mm, prefix + member + "." + (i + 1) + ".", validationCode));
        }
        return out;
    }

    public List<String> strings(String member) {
        List<String> out = new ArrayList<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof List<?> l)) throw type(member, "a list");
        for (Object o : l) {
            if (!(o instanceof String s)) throw type(member, "a list of strings");
            out.add(s);
        }
        return out;
    }

    /** A string-to-string map member (TagMap). */
    public Map<String, String> stringMap(String member) {
        Map<String, String> out = new LinkedHashMap<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof Map<?, ?> m)) throw type(member, "a map");
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) throw type(member, "a map of strings");
            out.put(String.valueOf(e.getKey()), s);
        }
        return out;
    }

    /** A member kept as its raw JSON value (a document-typed member), or null. */
    public Object raw(String member) { return in.get(member); }
}
