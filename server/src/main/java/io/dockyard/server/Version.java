package io.dockyard.server;

/** The build's version. */
public final class Version {
    private Version() {}

    public static final String VERSION = "0.1.0";
}
