package io.dockyard.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Databases on the test PostgreSQL ({@code scripts/test-postgres.sh} starts it, installing it when missing). */
public final class TestPostgres {
    private TestPostgres() {}

    /** A new database named {@code prefix} + a random suffix: its {@code postgresql://} URL. */
    public static String createDatabase(String prefix) throws IOException, InterruptedException {
        String admin = run("bash", Path.of(System.getProperty("dockyard.root", ".."), "scripts", "test-postgres.sh").toAbsolutePath().toString()).trim();
        String db = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        psql("CREATE DATABASE " + db);
        return admin.substring(0, admin.lastIndexOf('/') + 1) + db;
    }

    /** Drops the database of this URL (its replicas stopped first). */
    public static void dropDatabase(String url) throws IOException, InterruptedException {
        psql("DROP DATABASE IF EXISTS " + url.substring(url.lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    private static void psql(String sql) throws IOException, InterruptedException {
        run("env", "PGPASSWORD=dockyard", "psql", "-q", "-h", "127.0.0.1", "-U", "dockyard", "-d", "dockyard", "-c", sql);
    }

    /** Runs the command; fails unless it exits 0 within two minutes; its last line of output. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        return out.lines().reduce((x, y) -> y).orElse("");
    }
}
