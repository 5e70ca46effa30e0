package io.dockyard.registry.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads an OSV feed: a directory of {@code *.json} files (searched recursively), a zip of them (as osv.dev publishes
 * per ecosystem, {@code all.zip}), or one JSON file holding a record or an array of records. Every record must parse
 * and have an {@code id}; the first that does not stops the import with a {@link BadFeedException} naming it.
 */
public final class OsvFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was read: vulnerabilities, their affected packages, and the newest {@code modified} time. */
    public record Parsed(List<Osv.Vuln> vulns, List<Osv.Affected> affected, Instant newest) {}

    /** A feed that does not parse. */
    public static final class BadFeedException extends IOException {
        public BadFeedException(String message) { super(message); }
    }

    private final List<Osv.Vuln> vulns = new ArrayList<>();
    private final List<Osv.Affected> affected = new ArrayList<>();
    private Instant newest;

    private OsvFeed() {}

    public static Parsed read(Path source) throws IOException {
        OsvFeed f = new OsvFeed();
        if (Files.isDirectory(source)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(source)) {
                files = s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path p : files) {
                try (InputStream in = Files.newInputStream(p)) {
                    f.document(in, source.relativize(p).toString());
                }
            }
        } else if (source.toString().endsWith(".zip")) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(source))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    if (!e.isDirectory() && e.getName().endsWith(".json")) f.document(zip, e.getName());
                }
            }
        } else if (Files.isRegularFile(source)) {
            try (InputStream in = Files.newInputStream(source)) {
                f.document(in, source.getFileName().toString());
            }
        } else {
            throw new BadFeedException("No OSV feed at " + source + " (give a directory of OSV JSON files, a .zip of them, or a .json file).");
        }
        if (f.vulns.isEmpty()) throw new BadFeedException("The feed at " + source + " holds no OSV records.");
        return new Parsed(f.vulns, f.affected, f.newest);
    }

    private void document(InputStream in, String where) throws BadFeedException {
        JsonNode n;
        try {
            n = JSON.readTree(new java.io.FilterInputStream(in) { @Override public void close() {} });
        } catch (IOException e) {
            throw new BadFeedException(where + ": not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null) throw new BadFeedException(where + ": empty file");
        if (n.isArray()) {
            int i = 0;
            for (JsonNode r : n) record(r, where + "[" + i++ + "]");
        } else {
            record(n, where);
        }
    }

    void record(JsonNode r, String where) throws BadFeedException {
        if (!r.isObject() || !r.path("id").isTextual() || r.path("id").asText().isBlank()) throw new BadFeedException(where + ": not an OSV record (no \"id\").");
        if (!r.path("affected").isMissingNode() && !r.path("affected").isArray()) throw new BadFeedException(where + ": \"affected\" must be an array.");
        String id = r.path("id").asText();
        String summary = r.path("summary").asText("");
        if (summary.isBlank()) summary = r.path("details").asText("");
        if (summary.length() > 1000) summary = summary.substring(0, 997) + "...";
        String uri = null;
        for (JsonNode ref : r.path("references")) {
            String type = ref.path("type").asText("");
            if (ref.path("url").isTextual() && (uri == null || type.equals("ADVISORY"))) uri = ref.path("url").asText();
            if (type.equals("ADVISORY")) break;
        }
        if (uri == null) uri = "https://osv.dev/vulnerability/" + id;
        String v2 = null, v3 = null, word = null;
        for (JsonNode s : r.path("severity")) {
            String type = s.path("type").asText(""), score = s.path("score").asText("");
            if (type.equals("CVSS_V2")) v2 = score;
            else if (type.equals("CVSS_V3")) v3 = score;
            else if (word == null) word = Osv.severityWord(score);
        }
        String rated = Osv.severityWord(r.path("database_specific").path("severity").asText(null));
        for (JsonNode a : r.path("affected")) {
            if (rated == null) rated = Osv.severityWord(a.path("database_specific").path("severity").asText(null));
            if (rated == null) rated = Osv.severityWord(a.path("ecosystem_specific").path("severity").asText(null));
        }
        double s2 = Cvss.score(v2), s3 = Cvss.score(v3);
        String severity = rated != null ? rated : s3 >= 0 ? Cvss.severity(s3) : s2 >= 0 ? Cvss.severity(s2) : word != null ? word : "UNDEFINED";
        int index = vulns.size();
        vulns.add(new Osv.Vuln(id, summary, uri, severity, v2, s2, v3, s3));
        if (r.path("modified").isTextual()) {
            try {
                Instant m = Instant.parse(r.path("modified").asText());
                if (newest == null || m.isAfter(newest)) newest = m;
            } catch (java.time.format.DateTimeParseException e) {
                throw new BadFeedException(where + ": \"modified\" is not an RFC 3339 time: " + r.path("modified").asText());
            }
        }
        for (JsonNode a : r.path("affected")) {
            JsonNode p = a.path("package");
            if (!p.path("ecosystem").isTextual() || !p.path("name").isTextual()) continue; // purl-only or GIT-only entries
            List<List<Osv.Event>> ranges = new ArrayList<>();
            for (JsonNode range : a.path("ranges")) {
                String type = range.path("type").asText("");
                if (!type.equals("ECOSYSTEM") && !type.equals("SEMVER")) continue;
                List<Osv.Event> events = new ArrayList<>();
                for (JsonNode e : range.path("events")) {
                    if (e.has("introduced")) events.add(new Osv.Event('i', e.get("introduced").asText()));
                    else if (e.has("fixed")) events.add(new Osv.Event('f', e.get("fixed").asText()));
                    else if (e.has("last_affected")) events.add(new Osv.Event('l', e.get("last_affected").asText()));
                }
                if (!events.isEmpty()) ranges.add(events);
            }
            List<String> versions = new ArrayList<>();
            for (JsonNode v : a.path("versions")) versions.add(v.asText());
            if (ranges.isEmpty() && versions.isEmpty()) continue;
            affected.add(new Osv.Affected(index, p.get("ecosystem").asText(), p.get("name").asText(), ranges, versions));
        }
    }
}
