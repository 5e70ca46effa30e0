package io.dockyard.registry.scan;

import java.util.List;

/**
 * What an image has installed: its OS ({@code os} is the os-release {@code ID}, e.g. {@code debian}, {@code alpine};
 * null when there is none) and its packages, in the order found.
 */
public record Sbom(String os, String osVersion, String osName, List<Pkg> packages) {
    /** The OSV ecosystem of the OS packages: {@code Debian:12}, {@code Alpine:v3.19}, {@code Ubuntu:22.04}; null if unknown. */
    public String osEcosystem() {
        if (os == null) return null;
        return switch (os) {
            case "debian" -> osVersion == null ? "Debian" : "Debian:" + osVersion;
            case "alpine" -> {
                if (osVersion == null) yield "Alpine";
                String[] p = osVersion.split("\\.");
                yield "Alpine:v" + (p.length >= 2 ? p[0] + "." + p[1] : osVersion);
            }
            case "ubuntu" -> osVersion == null ? "Ubuntu" : "Ubuntu:" + osVersion;
            default -> null;
        };
    }
}
