package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading Parameter Store's members (required strings, lists, MaxResults, versions, tags) with AWS's validation messages
 * (members named in camelCase, as AWS names them), paging, and writing its shapes: Parameter, ParameterHistory and
 * ParameterMetadata.
 */
final class Wire {
    private Wire() {}

    static final int MAX_TAGS = 50;
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /** AWS's name of a member in validation messages: {@code Name} → {@code name}. */
    static String camel(String member) { return Character.toLowerCase(member.charAt(0)) + member.substring(1); }

    /** A required string member of length at least 1. */
    static String required(JsonInput in, String member) {
        String s = in.str(member);
        if (s == null) throw Errors.constraint(camel(member), null, "Member must not be null");
        if (s.isEmpty()) throw Errors.constraint(camel(member), "", "Member must have length greater than or equal to 1");
        return s;
    }

    /** An optional string member of at most {@code max} characters. */
    static String bounded(JsonInput in, String member, int max) {
        String s = in.str(member);
        if (s != null && s.length() > max) throw Errors.constraint(camel(member), s, "Member must have length less than or equal to " + max);
        return s;
    }

    /** A string member of the model's enum. */
    static String oneOf(JsonInput in, String member, List<String> values) {
        String s = in.str(member);
        if (s != null && !values.contains(s)) throw Errors.constraint(camel(member), s, "Member must satisfy enum value set: " + values);
        return s;
    }

    static boolean flag(JsonInput in, String member) { return Boolean.TRUE.equals(in.bool(member)); }

    /** A required list of strings with {@code min}..{@code max} items. */
    static List<String> list(JsonInput in, String member, int min, int max) {
        if (!in.has(member)) throw Errors.constraint(camel(member), null, "Member must not be null");
        List<String> l = in.strings(member);
        if (l.size() < min) throw Errors.constraint(camel(member), l, "Member must have length greater than or equal to " + min);
        if (l.size() > max) throw Errors.constraint(camel(member), l, "Member must have length less than or equal to " + max);
        return l;
    }

    /** A version number member (PSParameterVersion, a long), or null. */
    static Long version(JsonInput in, String member) {
        Object v = in.raw(member);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new AwsException("SerializationException", 400, "Expected a long for " + member + ".");
    }

    /** MaxResults in 1..{@code max}, {@code dflt} when absent. */
    static int maxResults(JsonInput in, int max, int dflt) {
        Integer m = in.integer("MaxResults");
        if (m == null) return dflt;
        if (m < 1) throw Errors.constraint("maxResults", m, "Member must have value greater than or equal to 1");
        if (m > max) throw Errors.constraint("maxResults", m, "Member must have value less than or equal to " + max);
        return m;
    }

    /** One page of a list from the NextToken of the request; InvalidNextToken for a token Dockyard did not make. */
    static <T> Pages<T> page(List<T> all, JsonInput in, int max, int dflt) {
        return Pages.slice(all, maxResults(in, max, dflt), in.str("NextToken"), Errors::invalidNextToken);
    }

    /** A TagList member, checked against the model (keys 1..128, values 0..256, letters, digits, spaces and {@code _.:/=+-@}). */
    static List<Parameter.Tag> tags(JsonInput in, String member) {
        List<Parameter.Tag> out = new ArrayList<>();
        List<JsonInput> list = in.structs(member);
        if (list.size() > 1000) throw Errors.constraint(camel(member), "[...]", "Member must have length less than or equal to 1000");
        for (int i = 0; i < list.size(); i++) {
            String at = camel(member) + "." + (i + 1) + ".member.";
            String k = list.get(i).str("Key"), v = list.get(i).str("Value");
            if (k == null) throw Errors.constraint(at + "key", null, "Member must not be null");
            if (v == null) throw Errors.constraint(at + "value", null, "Member must not be null");
            if (k.isEmpty() || k.length() > 128) throw Errors.constraint(at + "key", k, "Member must have length between 1 and 128");
            if (v.length() > 256) throw Errors.constraint(at + "value", v, "Member must have length less than or equal to 256");
            if (!TAG.matcher(k).matches()) throw Errors.constraint(at + "key", k, "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
            if (!TAG.matcher(v).matches()) throw Errors.constraint(at + "value", v, "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
            out.add(new Parameter.Tag(k, v));
        }
        return out;
    }

    /** Tags merged by key (a key given again takes the new value), at most {@link #MAX_TAGS}. */
    static List<Parameter.Tag> merge(List<Parameter.Tag> old, List<Parameter.Tag> added) {
        Map<String, Parameter.Tag> byKey = new LinkedHashMap<>();
        for (Parameter.Tag t : old) byKey.put(t.key(), t);
        for (Parameter.Tag t : added) byKey.put(t.key(), t);
        if (byKey.size() > MAX_TAGS) throw Errors.tooManyTags();
        return List.copyOf(byKey.values());
    }

    static List<Object> tagList(List<Parameter.Tag> tags) {
        return tags.stream().<Object>map(t -> Out.obj().with("Key", t.key()).with("Value", t.value())).toList();
    }

    /** The Parameter shape (GetParameter, GetParameters, GetParametersByPath). */
    static Out parameter(ParameterBook book, ParameterBook.Found f, boolean decrypt, RequestContext ctx) {
        Parameter p = f.parameter();
        Parameter.Version v = f.version();
        return Out.obj().with("Name", p.name()).with("Type", v.type()).with("Value", book.value(p, v, decrypt, ctx)).with("Version", v.number())
                .with("Selector", f.selector() == null ? null : ":" + f.selector()).with("LastModifiedDate", v.lastModifiedDate())
                .with("ARN", book.arn(p.name())).with("DataType", v.dataType());
    }

    /** The ParameterHistory shape of one version. */
    static Out history(ParameterBook book, Parameter p, Parameter.Version v, boolean decrypt, RequestContext ctx) {
        return Out.obj().with("Name", p.name()).with("Type", v.type()).with("KeyId", v.keyId()).with("LastModifiedDate", v.lastModifiedDate())
                .with("LastModifiedUser", v.lastModifiedUser()).with("Description", v.description()).with("Value", book.value(p, v, decrypt, ctx))
                .with("AllowedPattern", v.allowedPattern()).with("Version", v.number()).with("Labels", v.labels()).with("Tier", v.tier())
                .with("Policies", List.of()).with("DataType", v.dataType());
    }

    /** The ParameterMetadata shape (DescribeParameters), from the latest version. */
    static Out metadata(ParameterBook book, Parameter p) {
        Parameter.Version v = p.latest();
        return Out.obj().with("Name", p.name()).with("ARN", book.arn(p.name())).with("Type", v.type()).with("KeyId", v.keyId())
                .with("LastModifiedDate", v.lastModifiedDate()).with("LastModifiedUser", v.lastModifiedUser()).with("Description", v.description())
                .with("AllowedPattern", v.allowedPattern()).with("Version", v.number()).with("Tier", v.tier()).with("Policies", List.of())
                .with("DataType", v.dataType());
    }
}
