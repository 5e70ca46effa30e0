package io.dockyard.registry.scan;

/**
 * An installed package found in an image. {@code type} is the package-URL type ({@code deb}, {@code apk},
 * {@code maven}, {@code npm}, {@code pypi}); {@code source}/{@code sourceVersion} the OS source package it was built
 * from (Debian's and Alpine's advisories name source packages), else null; {@code path} the file it was read from.
 */
public record Pkg(String type, String name, String version, String source, String sourceVersion, String path) {
    public Pkg {
        if (source != null && source.equals(name) && (sourceVersion == null || sourceVersion.equals(version))) {
            source = null;
            sourceVersion = null;
        }
    }

    static Pkg of(String type, String name, String version, String path) { return new Pkg(type, name, version, null, null, path); }
}
