import io.dockyard.registry.scan.Finding;
import io.dockyard.registry.scan.OsvDatabase;
import io.dockyard.registry.scan.Sbom;
import io.dockyard.registry.scan.SbomExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Image scan benchmark (issue 14: a 100 MiB image with ~500 packages against a 50,000-entry OSV database in <= 3 s).
 * Generates: three gzip'd tar layers (a dpkg status file listing 500 packages, 100 MiB of incompressible filler files,
 * and a layer that whites out some of them) and a 50,000-record OSV feed (one JSON array file); then times the import,
 * the first scan (database read from disk) and warm scans. Prints markdown.
 */
public class ScanBench {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("scan-bench-");
        int packages = 500, entries = 50_000;
        long filler = 100L << 20;
        Path feed = work.resolve("osv.json");
        try (Writer w = Files.newBufferedWriter(feed)) {
            w.write("[");
            for (int i = 0; i < entries; i++) {
                if (i > 0) w.write(",\n");
                String eco = i % 5 == 0 ? "npm" : "Debian:12";
                String name = eco.equals("npm") ? "npm-pkg-" + (i % 20000) : "pkg-" + (i % 20000);
                String fixed = (i % 7 == 0) ? "1.0-2" : "0.9-1";   // 1 in 7 advisories affects 1.0-1
                w.write("{\"id\":\"CVE-2099-" + i + "\",\"modified\":\"2026-11-01T00:00:00Z\",\"summary\":\"synthetic advisory " + i + "\","
                        + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:N\"}],"
                        + "\"affected\":[{\"package\":{\"ecosystem\":\"" + eco + "\",\"name\":\"" + name + "\"},"
                        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}]}");
            }
            w.write("]");
        }
        Path l1 = work.resolve("layer1.tar.gz"), l2 = work.resolve("layer2.tar.gz"), l3 = work.resolve("layer3.tar.gz");
        StringBuilder status = new StringBuilder();
        for (int i = 0; i < packages; i++) {
            status.append("Package: pkg-").append(i).append("\nStatus: install ok installed\nVersion: 1.0-1\nDescription: synthetic\n long description\n\n");
        }
        try (Tar t = new Tar(l1)) {
            t.file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n".getBytes(StandardCharsets.UTF_8));
            t.file("var/lib/dpkg/status", status.toString().getBytes(StandardCharsets.UTF_8));
        }
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        long unpacked = 0;
        try (Tar t = new Tar(l2)) {
            // filler that compresses about 2:1 as binaries do (16 symbols): 100 MiB compressed is ~200 MiB to inflate
            for (int n = 0; t.written() < filler; n++) {
                for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ('a' + random.nextInt(16));
                t.file("usr/share/filler/blob-" + n + ".bin", chunk);
                unpacked += chunk.length;
            }
            for (int i = 0; i < 20; i++) t.file("app/node_modules/npm-pkg-" + i + "/package.json", ("{\"name\":\"npm-pkg-" + i + "\",\"version\":\"0.5.0\"}").getBytes());
        }
        try (Tar t = new Tar(l3)) {
            t.file("usr/share/filler/.wh.blob-0.bin", new byte[0]);
            t.file("app/node_modules/.wh.npm-pkg-0", new byte[0]);
        }
        long size = Files.size(l1) + Files.size(l2) + Files.size(l3);

        OsvDatabase db = new OsvDatabase(work.resolve("data"));
        long t0 = System.nanoTime();
        db.importFeed(feed, Clock.systemUTC());
        long importMs = (System.nanoTime() - t0) / 1_000_000;
        OsvDatabase fresh = new OsvDatabase(work.resolve("data")); // a server that has not read the database yet

        System.out.printf("| what | figure |%n|---|---|%n");
        System.out.printf("| image | 3 layers, %.1f MiB compressed (%.0f MiB of files), %d dpkg packages + 19 npm packages |%n", size / 1048576.0, unpacked / 1048576.0, packages);
        System.out.printf("| OSV feed | %d records, %.1f MiB JSON; database file %.1f MiB |%n", entries, Files.size(feed) / 1048576.0,
                Files.size(db.file()) / 1048576.0);
        System.out.printf("| import (`dockyard scan-db import`) | %d ms |%n", importMs);
        for (int run = 0; run < 4; run++) {
            OsvDatabase use = run == 0 ? fresh : db;
            long s = System.nanoTime();
            SbomExtractor x = new SbomExtractor();
            for (Path l : List.of(l1, l2, l3)) {
                try (InputStream in = Files.newInputStream(l)) {
                    x.layer(in);
                }
            }
            Sbom sbom = x.sbom();
            long e = System.nanoTime();
            List<Finding> found = use.match(sbom);
            long m = System.nanoTime();
            System.out.printf("| scan %s | %d ms (layers %d ms, match %d ms%s): %d packages, %d findings |%n", run == 0 ? "1 (cold)" : String.valueOf(run + 1),
                    (m - s) / 1_000_000, (e - s) / 1_000_000, (m - e) / 1_000_000, run == 0 ? " incl. reading the database" : "",
                    sbom.packages().size(), found.size());
        }
        try (var w = Files.walk(work)) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A gzip'd ustar writer. */
    static final class Tar implements AutoCloseable {
        private final OutputStream out;
        private long written;

        Tar(Path file) throws IOException {
            OutputStream raw = new java.io.FilterOutputStream(Files.newOutputStream(file)) {
                @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); written += len; }
                @Override public void write(int b) throws IOException { out.write(b); written++; }
            };
            out = new GZIPOutputStream(raw, 1 << 16);
        }

        /** Compressed bytes written so far. */
        long written() { return written; }

        void file(String name, byte[] data) throws IOException {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 124, String.format("%011o", data.length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) h[i] = ' ';
            int sum = 0;
            for (byte b : h) sum += b & 0xff;
            put(h, 148, String.format("%06o", sum));
            out.write(h);
            out.write(data);
            out.write(new byte[(512 - data.length % 512) % 512]);
        }

        private static void put(byte[] h, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, b.length);
        }

        @Override
        public void close() throws IOException {
            out.write(new byte[1024]);
            out.close();
        }
    }
}
