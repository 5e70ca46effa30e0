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

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    /** The URL without its password, for messages and logs. */
    public String redacted() { return jdbcUrl + (user != null ? " as " + user : ""); }

    @Override
    public String toString() { return redacted(); }
}
