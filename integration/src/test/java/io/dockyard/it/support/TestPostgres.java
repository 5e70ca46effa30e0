package io.dockyard.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The test PostgreSQL ({@code scripts/test-postgres.sh}, started if needed) and databases of its own on it, for fleet tests. */
public final class TestPostgres {
    private final String admin;

    private TestPostgres(String admin) { this.admin = admin; }

    /** Starts the test PostgreSQL if it is not running. */
    public static TestPostgres start() {
        return new TestPostgres(run("bash", Path.of(System.getProperty("dockyard.root", ".."), "scripts", "test-postgres.sh").toAbsolutePath().toString()).trim());
    }

    /** A new database named {@code prefix} and a random suffix; returns its name. */
    public String createDatabase(String prefix) {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        psql("CREATE DATABASE " + name);
        return name;
    }

    /** The URL of the named database, for {@code --database}. */
    public String url(String database) { return admin.substring(0, admin.lastIndexOf('/') + 1) + database; }

    public void dropDatabase(String name) { psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); }

    private void psql(String sql) {
        run("env", "PGPASSWORD=dockyard", "psql", "-q", "-h", "127.0.0.1", "-p", Integer.toString(URI.create(admin).getPort()), "-U", "dockyard",
                "-d", "dockyard", "-c", sql);
    }

    /** Runs a command to its end; its last line of output, or an exception with all of it when it fails. */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
            return out.lines().reduce((x, y) -> y).orElse("");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
