package io.dockyard.registry.scan;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The vulnerability database: an OSV feed imported into one compact file, {@code <data-dir>/scan/osv.db} (gzip'd
 * records, written to a temporary file and renamed over the old one, so a failed import leaves the old database).
 * Read lazily into an index keyed by ecosystem and package name, and read again when the file changes (an import by
 * the {@code dockyard scan-db import} command while the server runs is picked up by the next scan).
 */
public final class OsvDatabase {
    private static final int MAGIC = 0x4f535631; // "OSV1"

    /** The loaded database. */
    public record Loaded(FileTime stamp, Instant importedAt, Instant sourceUpdatedAt, List<Osv.Vuln> vulns, Map<String, List<Osv.Affected>> index) {
        public int affectedCount() { return index.values().stream().mapToInt(List::size).sum(); }
    }

    private final Path file;
    private volatile Loaded loaded;

    public OsvDatabase(Path dataDir) { this.file = dataDir.resolve("scan").resolve("osv.db"); }

    public Path file() { return file; }

    /** Imports the feed at {@code source}; the old database stays when it does not parse. */
    public Loaded importFeed(Path source, Clock clock) throws IOException {
        OsvFeed.Parsed feed = OsvFeed.read(source);
        Instant now = clock.instant();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("osv.db.tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp), 65536)))) {
            out.writeInt(MAGIC);
            out.writeLong(now.toEpochMilli());
            out.writeLong((feed.newest() == null ? now : feed.newest()).toEpochMilli());
            out.writeInt(feed.vulns().size());
            for (Osv.Vuln v : feed.vulns()) {
                out.writeUTF(v.id());
                writeLong(out, v.description());
                out.writeUTF(v.uri());
                out.writeUTF(v.severity());
                out.writeUTF(v.cvss2Vector() == null ? "" : v.cvss2Vector());
                out.writeDouble(v.cvss2Score());
                out.writeUTF(v.cvss3Vector() == null ? "" : v.cvss3Vector());
                out.writeDouble(v.cvss3Score());
            }
            out.writeInt(feed.affected().size());
            for (Osv.Affected a : feed.affected()) {
                out.writeInt(a.vuln());
                out.writeUTF(a.ecosystem());
                out.writeUTF(a.name());
                out.writeInt(a.ranges().size());
                for (List<Osv.Event> r : a.ranges()) {
                    out.writeInt(r.size());
                    for (Osv.Event e : r) { out.writeChar(e.kind()); out.writeUTF(e.version()); }
                }
                out.writeInt(a.versions().size());
                for (String s : a.versions()) out.writeUTF(s);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        loaded = null;
        return current().orElseThrow();
    }

    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The database as last imported (read again if the file changed), or empty when none was imported. */
    public Optional<Loaded> current() throws IOException {
        FileTime stamp;
        try {
            stamp = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Loaded l = loaded;
        if (l != null && l.stamp().equals(stamp)) return Optional.of(l);
        synchronized (this) {
            if (loaded == null || !loaded.stamp().equals(stamp)) loaded = load(stamp);
            return Optional.of(loaded);
        }
    }

    private Loaded load(FileTime stamp) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 65536), 65536))) {
            if (in.readInt() != MAGIC) throw new IOException(file + " is not a Dockyard vulnerability database");
            Instant imported = Instant.ofEpochMilli(in.readLong()), updated = Instant.ofEpochMilli(in.readLong());
            int n = in.readInt();
            List<Osv.Vuln> vulns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = in.readUTF(), description = readLong(in), uri = in.readUTF(), severity = in.readUTF();
                String v2 = in.readUTF();
                double s2 = in.readDouble();
                String v3 = in.readUTF();
                double s3 = in.readDouble();
                vulns.add(new Osv.Vuln(id, description, uri, severity, v2.isEmpty() ? null : v2, s2, v3.isEmpty() ? null : v3, s3));
            }
            int m = in.readInt();
            Map<String, List<Osv.Affected>> index = new HashMap<>(m * 2);
            for (int i = 0; i < m; i++) {
                int vuln = in.readInt();
                String eco = in.readUTF(), name = in.readUTF();
                int nr = in.readInt();
                List<List<Osv.Event>> ranges = new ArrayList<>(nr);
                for (int r = 0; r < nr; r++) {
                    int ne = in.readInt();
                    List<Osv.Event> events = new ArrayList<>(ne);
                    for (int e = 0; e < ne; e++) events.add(new Osv.Event(in.readChar(), in.readUTF()));
                    ranges.add(events);
                }
                int nv = in.readInt();
                List<String> versions = new ArrayList<>(nv);
                for (int v = 0; v < nv; v++) versions.add(in.readUTF());
                index.computeIfAbsent(Osv.key(eco, name), k -> new ArrayList<>(2)).add(new Osv.Affected(vuln, eco, name, ranges, versions));
            }
            return new Loaded(stamp, imported, updated, vulns, index);
        }
    }

    /** The vulnerabilities of the SBOM's packages, most severe first; empty without a database. */
    public List<Finding> match(Sbom sbom) throws IOException {
        Optional<Loaded> db = current();
        if (db.isEmpty()) return List.of();
        return match(db.get(), sbom);
    }

    static List<Finding> match(Loaded db, Sbom sbom) {
        Map<String, Finding> found = new LinkedHashMap<>();
        for (Pkg p : sbom.packages()) {
            String eco = ecosystem(p, sbom);
            if (eco == null) continue;
            String name = p.source() != null ? p.source() : p.name();
            String version = p.sourceVersion() != null ? p.sourceVersion() : p.version();
            List<Osv.Affected> candidates = new ArrayList<>(db.index().getOrDefault(Osv.key(eco, name), List.of()));
            if (eco.contains(":")) candidates.addAll(db.index().getOrDefault(Osv.key(eco.substring(0, eco.indexOf(':')), name), List.of()));
            for (Osv.Affected a : candidates) {
                if (!affects(a, version, Versions.of(a.ecosystem()))) continue;
                Osv.Vuln v = db.vulns().get(a.vuln());
                found.putIfAbsent(v.id() + "\u0000" + p.name() + "\u0000" + p.version(), new Finding(v.id(), v.description(), v.uri(), v.severity(),
                        p.name(), p.version(), v.cvss2Vector(), v.cvss2Score(), v.cvss3Vector(), v.cvss3Score()));
            }
        }
        List<Finding> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparingInt((Finding f) -> Severities.rank(f.severity())).thenComparing(Finding::name).thenComparing(Finding::packageName));
        return out;
    }

    /** The OSV ecosystem a package is matched in. */
    static String ecosystem(Pkg p, Sbom sbom) {
        return switch (p.type()) {
            case "deb" -> sbom.osEcosystem() != null && !"alpine".equals(sbom.os()) ? sbom.osEcosystem() : "Debian";
            case "apk" -> sbom.osEcosystem() != null && "alpine".equals(sbom.os()) ? sbom.osEcosystem() : "Alpine";
            case "maven" -> "Maven";
            case "npm" -> "npm";
            case "pypi" -> "PyPI";
            default -> null;
        };
    }

    /** OSV's evaluation: listed in {@code versions}, or inside a range (events in version order). */
    static boolean affects(Osv.Affected a, String version, Comparator<String> order) {
        if (a.versions().contains(version)) return true;
        for (List<Osv.Event> range : a.ranges()) {
            List<Osv.Event> events = new ArrayList<>(range);
            events.sort((x, y) -> isZero(x) ? (isZero(y) ? 0 : -1) : isZero(y) ? 1 : order.compare(x.version(), y.version()));
            boolean affected = false;
            for (Osv.Event e : events) {
                if (e.kind() == 'i' && (isZero(e) || order.compare(version, e.version()) >= 0)) affected = true;
                else if (e.kind() == 'f' && order.compare(version, e.version()) >= 0) affected = false;
                else if (e.kind() == 'l' && order.compare(version, e.version()) > 0) affected = false;
            }
            if (affected) return true;
        }
        return false;
    }

    private static boolean isZero(Osv.Event e) { return e.kind() == 'i' && e.version().equals("0"); }
}
