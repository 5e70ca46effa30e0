package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.Out;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading Secrets Manager's members (names, tokens, values, tags) and writing its shapes. */
final class Wire {
    private Wire() {}

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@!-]{1,512}");
    static final int MAX_VALUE = 65_536;

    static String name(String n) {
        if (n == null || !NAME.matcher(n).matches()) {
            throw Errors.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
        return n;
    }

    /** The ClientRequestToken (the SDKs fill one in; a caller without one gets a fresh id). */
    static String token(JsonInput in) {
        String t = in.str("ClientRequestToken");
        if (t == null) return java.util.UUID.randomUUID().toString();
        if (t.length() < 32 || t.length() > 64) throw Errors.validation("clientRequestToken", t, "Member must have length between 32 and 64");
        return t;
    }

    /** A secret value given as SecretString or SecretBinary (base64 on the wire), or null when neither is. */
    record Value(byte[] bytes, boolean binary) {
        boolean same(byte[] other, boolean otherBinary) { return binary == otherBinary && java.util.Arrays.equals(bytes, other); }
    }

    static Value value(JsonInput in) {
        String s = in.str("SecretString"), b = in.str("SecretBinary");
        if (s != null && b != null) throw Errors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        Value v;
        if (s != null) v = new Value(s.getBytes(StandardCharsets.UTF_8), false);
        else if (b != null) {
            try {
                v = new Value(Base64.getDecoder().decode(b), true);
            } catch (IllegalArgumentException e) {
                throw new AwsException("SerializationException", 400, "SecretBinary is not valid base64.");
            }
        } else return null;
        if (v.bytes().length > MAX_VALUE) throw Errors.validation(v.binary() ? "secretBinary" : "secretString", "***", "Member must have length less than or equal to 65536");
        return v;
    }

    static List<Map<String, String>> tags(JsonInput in) {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonInput t : in.structs("Tags")) {
            String k = t.str("Key"), v = t.str("Value");
            if (k == null || k.isEmpty() || k.length() > 128) throw Errors.invalidParameter("Tag keys must be between 1 and 128 characters.");
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) throw Errors.invalidParameter("Invalid tag key: the prefix aws: is reserved.");
            if (v != null && v.length() > 256) throw Errors.invalidParameter("Tag values must be at most 256 characters.");
            Map<String, String> m = new LinkedHashMap<>();
            m.put("Key", k);
            m.put("Value", v == null ? "" : v);
            out.add(m);
        }
        return out;
    }

    /** Tags merged: a key given again takes the new value; at most 50. */
    static List<Map<String, String>> merge(List<Map<String, String>> old, List<Map<String, String>> added) {
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        for (Map<String, String> t : old) byKey.put(t.get("Key"), t);
        for (Map<String, String> t : added) byKey.put(t.get("Key"), t);
        if (byKey.size() > 50) throw Errors.invalidParameter("Number of tags exceeds the limit of 50.");
        return List.copyOf(byKey.values());
    }

    static Instant day(Instant t) { return t == null ? null : t.truncatedTo(ChronoUnit.DAYS); }

    /** The versions that carry a stage, with their stages. */
    static Map<String, List<String>> stages(Secret s) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Secret.Version v : s.versions()) if (!v.stages().isEmpty()) m.put(v.id(), v.stages());
        return m;
    }

    /** DescribeSecret's answer and ListSecrets' entry (with {@code versionsMember} naming the version map). */
    static Out describe(Secret s, String versionsMember) {
        return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("Description", s.description()).with("KmsKeyId", s.kmsKeyId())
                .with("RotationEnabled", s.deleted() ? null : Boolean.FALSE)
                .with("LastChangedDate", s.lastChangedAt()).with("LastAccessedDate", day(s.lastAccessedAt())).with("DeletedDate", s.deletionDate())
                .withNonEmpty("Tags", s.tags()).with(versionsMember, stages(s)).with("CreatedDate", s.createdAt());
    }
}
