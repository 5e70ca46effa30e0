package io.dockyard.registry.domain;

import java.util.regex.Pattern;

/**
 * Repository-name and tag grammar (OCI distribution, with ECR's 2–256 character bounds). Tags: ECR's
 * API allows 300 characters; a push through the OCI distribution API ({@code PUT /v2/…/manifests/<tag>})
 * keeps the spec's 128 (docs/ecr.md).
 */
public final class Names {
    private Names() {}

    public static final String REPOSITORY_PATTERN = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,299}");

    public static boolean validRepository(String name) {
        return name != null && name.length() >= 2 && name.length() <= 256 && REPOSITORY.matcher(name).matches();
    }

    /** The OCI distribution spec's tag length. */
    public static final int OCI_TAG_LENGTH = 128;

    public static boolean validTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** A tag a push through the distribution API may set: the grammar and at most 128 characters. */
    public static boolean validOciTag(String tag) {
        return validTag(tag) && tag.length() <= OCI_TAG_LENGTH;
    }

    /** Throws NAME_INVALID unless the repository name is valid. */
    public static String requireRepository(String name) {
        if (!validRepository(name)) throw Problem.NAME_INVALID.with("Invalid repository name '" + name + "': it must be 2-256 characters matching " + REPOSITORY_PATTERN + ".");
        return name;
    }
}
