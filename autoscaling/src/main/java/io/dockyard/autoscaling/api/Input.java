package io.dockyard.autoscaling.api;

import io.dockyard.core.AwsException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Application Auto Scaling request (JSON 1.1) read into typed values: a wrong JSON type is a SerializationException, a missing member a ValidationException. */
final class Input {
    private final Map<String, Object> in;
    private final String prefix;

    Input(Map<String, Object> in) { this(in, ""); }

    private Input(Map<String, Object> in, String prefix) {
        this.in = in == null ? Map.of() : in;
        this.prefix = prefix;
    }

    static AwsException invalid(String message) { return new AwsException("ValidationException", 400, message); }

    static AwsException notFound(String message) { return new AwsException("ObjectNotFoundException", 400, message); }

    /** A member of the wrong JSON type: the service's deserializer refuses the body, as on AWS. */
    private AwsException type(String member, String what) {
        return new AwsException("SerializationException", 400, "Expected " + what + " for " + prefix + member + ".");
    }

    boolean has(String member) { return in.get(member) != null; }

    String str(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw type(member, "a string");
    }

    String required(String member) {
        String s = str(member);
        if (s == null) {
            throw invalid("1 validation error detected: Value null at '" + prefix + member + "' failed to satisfy constraint: Member must not be null");
        }
        if (s.isEmpty()) throw invalid("1 validation error detected: Value '' at '" + prefix + member + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        return s;
    }

    Double num(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n) return n.doubleValue();
        throw type(member, "a number");
    }

    Integer integer(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) return n.intValue();
        throw type(member, "an integer");
    }

    Boolean bool(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        throw type(member, "a boolean");
    }

    Instant instant(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n) return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        try {
            return OffsetDateTime.parse(String.valueOf(v)).toInstant();
        } catch (DateTimeParseException e) {
            throw type(member, "a timestamp");
        }
    }

    Input struct(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw type(member, "a structure");
        @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
        return new Input(mm, prefix + member + ".");
    }

    List<Input> structs(String member) {
        List<Input> out = new ArrayList<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof List<?> l)) throw type(member, "a list");
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map<?, ?> m)) throw type(member + "." + (i + 1), "a structure");
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            out.add(new Input(mm, prefix + member + "." + (i + 1) + "."));
        }
        return out;
    }

    List<String> strings(String member) {
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
    Map<String, String> stringMap(String member) {
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
}
