package io.dockyard.api.ecs.cluster;

import io.dockyard.core.AwsException;

import java.util.regex.Pattern;

/** Cluster name rules: up to 255 letters, digits, hyphens and underscores. */
final class ClusterNames {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private ClusterNames() {}

    static String validate(String name) {
        if (name == null) return "default";
        if (!NAME.matcher(name).matches()) {
            throw AwsException.invalidParameter("Cluster name must be between 1 and 255 characters and contain only letters, numbers, hyphens and underscores.");
        }
        return name;
    }
}
