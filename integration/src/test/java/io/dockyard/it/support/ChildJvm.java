package io.dockyard.it.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Dockyard commands in a child JVM on the test's own classpath, and how to kill one as a crash would. */
final class ChildJvm {
    private ChildJvm() {}

    /** {@code java <flags> -cp <test classpath> io.dockyard.server.Main <args>}. */
    static List<String> dockyard(List<String> args) { return dockyard(List.of(), args); }

    /** With extra JVM flags (e.g. the launcher's {@code -Xmx384m}). */
    static List<String> dockyard(List<String> jvmFlags, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dockyard.server.Main"));
        cmd.addAll(args);
        return cmd;
    }

    /** The last {@code n} lines of a child's log. */
    static String tail(java.nio.file.Path log, int n) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    /** Sleeps; an interrupt is kept for the caller. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL and wait: no shutdown hook runs. */
    static void kill9(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
