package io.dockyard.registry.scan;

import java.util.HashMap;
import java.util.Map;

/** CVSS v2 and v3.x base scores from their vectors; -1 when the vector cannot be scored. */
final class Cvss {
    private Cvss() {}

    static double score(String vector) {
        if (vector == null) return -1;
        try {
            if (vector.startsWith("CVSS:3")) return v3(metrics(vector));
            if (vector.contains("Au:")) return v2(metrics(vector));
        } catch (RuntimeException bad) {
            return -1;
        }
        return -1;
    }

    private static Map<String, String> metrics(String vector) {
        Map<String, String> m = new HashMap<>();
        for (String part : vector.replace("(", "").replace(")", "").split("/")) {
            int c = part.indexOf(':');
            if (c > 0) m.put(part.substring(0, c), part.substring(c + 1));
        }
        return m;
    }

    private static double v3(Map<String, String> m) {
        boolean changed = "C".equals(m.get("S"));
        double av = switch (m.get("AV")) { case "N" -> 0.85; case "A" -> 0.62; case "L" -> 0.55; case "P" -> 0.2; default -> throw new IllegalArgumentException(); };
        double ac = switch (m.get("AC")) { case "L" -> 0.77; case "H" -> 0.44; default -> throw new IllegalArgumentException(); };
        double pr = switch (m.get("PR")) { case "N" -> 0.85; case "L" -> changed ? 0.68 : 0.62; case "H" -> changed ? 0.5 : 0.27; default -> throw new IllegalArgumentException(); };
        double ui = switch (m.get("UI")) { case "N" -> 0.85; case "R" -> 0.62; default -> throw new IllegalArgumentException(); };
        double iss = 1 - (1 - cia3(m.get("C"))) * (1 - cia3(m.get("I"))) * (1 - cia3(m.get("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) return 0;
        return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
    }

    private static double cia3(String v) {
        return switch (v) { case "H" -> 0.56; case "L" -> 0.22; case "N" -> 0; default -> throw new IllegalArgumentException(); };
    }

    /** CVSS 3.1's Roundup: the smallest one-decimal number not below the input (floating-point safe). */
    private static double roundUp(double x) {
        long i = Math.round(x * 100000);
        return i % 10000 == 0 ? i / 100000.0 : (Math.floor(i / 10000.0) + 1) / 10.0;
    }

    private static double v2(Map<String, String> m) {
        double av = switch (m.get("AV")) { case "L" -> 0.395; case "A" -> 0.646; case "N" -> 1.0; default -> throw new IllegalArgumentException(); };
        double ac = switch (m.get("AC")) { case "H" -> 0.35; case "M" -> 0.61; case "L" -> 0.71; default -> throw new IllegalArgumentException(); };
        double au = switch (m.get("Au")) { case "M" -> 0.45; case "S" -> 0.56; case "N" -> 0.704; default -> throw new IllegalArgumentException(); };
        double impact = 10.41 * (1 - (1 - cia2(m.get("C"))) * (1 - cia2(m.get("I"))) * (1 - cia2(m.get("A"))));
        double exploitability = 20 * av * ac * au;
        double f = impact == 0 ? 0 : 1.176;
        return Math.round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f * 10) / 10.0;
    }

    private static double cia2(String v) {
        return switch (v) { case "N" -> 0; case "P" -> 0.275; case "C" -> 0.660; default -> throw new IllegalArgumentException(); };
    }

    /** ECR's severity of a base score. */
    static String severity(double score) {
        if (score < 0) return "UNDEFINED";
        if (score >= 9) return "CRITICAL";
        if (score >= 7) return "HIGH";
        if (score >= 4) return "MEDIUM";
        if (score > 0) return "LOW";
        return "INFORMATIONAL";
    }
}
