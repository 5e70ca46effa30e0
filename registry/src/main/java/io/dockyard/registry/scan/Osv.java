package io.dockyard.registry.scan;

import java.util.List;
import java.util.Locale;

/** The parts of OSV records the scanner keeps. */
public final class Osv {
    private Osv() {}

    /** A vulnerability: id, description, link, ECR severity, and its CVSS vectors and scores (null/-1 when absent). */
    public record Vuln(String id, String description, String uri, String severity,
                       String cvss2Vector, double cvss2Score, String cvss3Vector, double cvss3Score) {}

    /** One event of a range: {@code i}ntroduced, {@code f}ixed, {@code l}ast_affected. */
    public record Event(char kind, String version) {}

    /** An affected package of a vulnerability: its ranges (ECOSYSTEM/SEMVER) and explicit versions. */
    public record Affected(int vuln, String ecosystem, String name, List<List<Event>> ranges, List<String> versions) {}

    /** The ECR severity of a textual rating (GitHub's MODERATE is MEDIUM; Debian's unimportant is INFORMATIONAL), or null. */
    static String severityWord(String word) {
        if (word == null) return null;
        return switch (word.trim().toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> "CRITICAL";
            case "HIGH", "IMPORTANT" -> "HIGH";
            case "MODERATE", "MEDIUM" -> "MEDIUM";
            case "LOW" -> "LOW";
            case "NEGLIGIBLE", "UNIMPORTANT", "NONE", "INFORMATIONAL" -> "INFORMATIONAL";
            default -> null;
        };
    }

    /** The index key of an ecosystem ({@code Ubuntu:22.04:LTS} → {@code Ubuntu:22.04}) and a name (PyPI names normalized). */
    static String key(String ecosystem, String name) {
        String eco = ecosystem;
        if (eco.startsWith("Ubuntu:")) {
            String[] p = eco.split(":");
            eco = p.length >= 2 ? p[0] + ":" + p[1] : eco;
        }
        if (eco.equals("PyPI")) name = PackageFiles.normalizePython(name);
        return eco + "\u0000" + name;
    }
}
