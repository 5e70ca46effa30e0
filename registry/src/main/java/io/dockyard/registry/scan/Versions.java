package io.dockyard.registry.scan;

import java.util.Comparator;

/** The version order of an OSV ecosystem. */
public final class Versions {
    private Versions() {}

    /** The comparator for the ecosystem ({@code Debian:12} → dpkg order; unknown ecosystems: semver-like). */
    public static Comparator<String> of(String ecosystem) {
        String base = ecosystem == null ? "" : ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
        return switch (base) {
            case "Debian", "Ubuntu" -> DebianVersion::compare;
            case "Alpine" -> ApkVersion::compare;
            case "PyPI" -> Pep440::compare;
            case "Maven" -> MavenVersion::compare;
            default -> SemVer::compare;
        };
    }
}
