package io.dockyard.registry.scan;

import java.util.List;

/** ECR's finding severities, most severe first. */
public final class Severities {
    public static final List<String> ALL = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED");

    private Severities() {}

    static int rank(String severity) {
        int i = ALL.indexOf(severity);
        return i < 0 ? ALL.size() : i;
    }
}
