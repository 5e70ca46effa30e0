package io.dockyard.secrets.ssm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Parameter Store parameter: its current metadata (that of its latest version), its tags and the versions AWS keeps
 * (the last {@link #MAX_VERSIONS}), oldest first. A SecureString version holds its value only as KMS ciphertext
 * ({@code ciphertext}, under the context {@code PARAMETER_ARN}); a String or StringList version holds it plain.
 */
public record Parameter(String name, String type, String tier, String dataType, String description, String allowedPattern, String keyId,
                        List<Tag> tags, List<Version> versions) {
    public static final String STRING = "String", STRING_LIST = "StringList", SECURE_STRING = "SecureString";
    public static final String STANDARD = "Standard", ADVANCED = "Advanced", INTELLIGENT_TIERING = "Intelligent-Tiering";
    public static final String TEXT = "text", EC2_IMAGE = "aws:ec2:image";
    /** Versions Parameter Store keeps: the oldest goes when another is added, unless it has a label. */
    static final int MAX_VERSIONS = 100;

    /** A tag of the parameter. */
    public record Tag(String key, String value) {}

    /**
     * One version: its number (from 1), its type and value ({@code value} plain, or {@code ciphertext} for SecureString,
     * under {@code keyId}), the metadata it was written with, when and by whom, and the labels now attached to it.
     */
    public record Version(long number, String type, String value, byte[] ciphertext, String keyId, String description, String allowedPattern,
                          String tier, String dataType, Instant lastModifiedDate, String lastModifiedUser, List<String> labels) {
        public Version {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        boolean secure() { return SECURE_STRING.equals(type); }

        Version withLabels(List<String> l) {
            return new Version(number, type, value, ciphertext, keyId, description, allowedPattern, tier, dataType, lastModifiedDate, lastModifiedUser, l);
        }
    }

    public Parameter {
        tags = tags == null ? List.of() : List.copyOf(tags);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** The latest version. */
    Version latest() { return versions.get(versions.size() - 1); }

    /** The version with this number, or null. */
    Version version(long number) { return versions.stream().filter(v -> v.number() == number).findFirst().orElse(null); }

    /** The version that has this label, or null. */
    Version labelled(String label) { return versions.stream().filter(v -> v.labels().contains(label)).findFirst().orElse(null); }

    /** The parameter with {@code added} as its latest version (its metadata becomes the parameter's). */
    Parameter append(Version added, List<Version> kept) {
        List<Version> v = new ArrayList<>(kept);
        v.add(added);
        return new Parameter(name, added.type(), added.tier(), added.dataType(), added.description(), added.allowedPattern(), added.keyId(), tags, v);
    }

    Parameter withVersions(List<Version> v) {
        return new Parameter(name, type, tier, dataType, description, allowedPattern, keyId, tags, v);
    }

    Parameter withTags(List<Tag> t) {
        return new Parameter(name, type, tier, dataType, description, allowedPattern, keyId, t, versions);
    }

    /**
     * The parameter with {@code labels} on version {@code number}, each label taken from the version that had it.
     */
    Parameter relabel(long number, List<String> labels, boolean attach) {
        List<Version> out = new ArrayList<>();
        for (Version v : versions) {
            List<String> l = new ArrayList<>(v.labels());
            if (attach || v.number() == number) l.removeAll(labels);
            if (attach && v.number() == number) l.addAll(labels);
            out.add(l.equals(v.labels()) ? v : v.withLabels(l));
        }
        return withVersions(out);
    }
}
