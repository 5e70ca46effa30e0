package io.dockyard.store.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location as users write it — {@code postgresql://user:password@host:5432/db?sslmode=require}
 * (also {@code postgres://}, or a JDBC URL {@code jdbc:postgresql://…}) — split into what JDBC wants.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    public static boolean isPostgres(String url) {
        return url != null && (url.startsWith("postgresql://") || url.startsWith("postgres://") || url.startsWith("jdbc:postgresql://"));
    }

    public static DatabaseUrl parse(String url) {
        if (!isPostgres(url)) throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://user:password@host:port/database): " + url);
        if (url.startsWith("jdbc:")) return new DatabaseUrl(url, null, null);
        URI u = URI.create(url);
        if (u.getHost() == null) throw new IllegalArgumentException("the database URL names no host: " + url);
        String user = null, password = null;
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length > 1) password = decode(parts[1]);
        }
        String path = u.getRawPath() == null || u.getRawPath().length() <= 1 ? "/" + (user != null ? user : "dockyard") : u.getRawPath();
        String jdbc = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path
                + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
        return new DatabaseUrl(jdbc, user, password);
    }

    /** JDBC connection properties: the credentials, and timeouts so that an unreachable database fails a call instead of hanging it. */
    public java.util.Properties properties(java.time.Duration connect, java.time.Duration socket) {
        java.util.Properties p = new java.util.Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, connect.toSeconds())));
        p.setProperty("socketTimeout", Long.toString(Math.max(1, socket.toSeconds())));
        return p;
    }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    /** The URL without its password, for messages and logs. */
    public String redacted() { return jdbcUrl + (user != null ? " as " + user : ""); }

    @Override
    public String toString() { return redacted(); }
}
