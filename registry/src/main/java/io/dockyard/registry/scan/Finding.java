package io.dockyard.registry.scan;

/** A vulnerability found in an installed package (CVSS fields null / -1 when the advisory has none). */
public record Finding(String name, String description, String uri, String severity, String packageName, String packageVersion,
                      String cvss2Vector, double cvss2Score, String cvss3Vector, double cvss3Score) {}
