package io.dockyard.registry.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The files that say what is installed, and their readers. Each reads a stream line by line (or entry by entry). */
final class PackageFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JSON = 1 << 20;

    enum Kind { DPKG, APK, OS_RELEASE, JAR, NPM, PYTHON }

    private PackageFiles() {}

    /** What kind of package file the path is, or null. */
    static Kind kind(String path) {
        if (path.equals("var/lib/dpkg/status")) return Kind.DPKG;
        if (path.startsWith("var/lib/dpkg/status.d/") && path.indexOf('/', 22) < 0 && !path.endsWith(".md5sums")) return Kind.DPKG;
        if (path.equals("lib/apk/db/installed")) return Kind.APK;
        if (path.equals("etc/os-release") || path.equals("usr/lib/os-release")) return Kind.OS_RELEASE;
        if (path.endsWith(".jar") || path.endsWith(".war") || path.endsWith(".ear")) return Kind.JAR;
        if (path.endsWith(".dist-info/METADATA") || path.endsWith(".egg-info/PKG-INFO")) return Kind.PYTHON;
        if (path.endsWith("/package.json") && isNpmPackageRoot(path)) return Kind.NPM;
        return null;
    }

    /** {@code .../node_modules/<name>/package.json} or {@code .../node_modules/@scope/<name>/package.json}. */
    private static boolean isNpmPackageRoot(String path) {
        String[] s = path.split("/");
        int n = s.length;
        if (n >= 3 && s[n - 3].equals("node_modules") && !s[n - 2].startsWith("@")) return true;
        return n >= 4 && s[n - 4].equals("node_modules") && s[n - 3].startsWith("@");
    }

    static List<Pkg> read(Kind kind, String path, InputStream in) throws IOException {
        return switch (kind) {
            case DPKG -> dpkg(in, path);
            case APK -> apk(in, path);
            case JAR -> jar(in, path);
            case NPM -> npm(in, path);
            case PYTHON -> python(in, path);
            case OS_RELEASE -> List.of();
        };
    }

    private static BufferedReader lines(InputStream in) { return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)); }

    /** Debian's status file: paragraphs of Package/Version/Source/Status; only installed packages count. */
    static List<Pkg> dpkg(InputStream in, String path) throws IOException {
        List<Pkg> out = new ArrayList<>();
        Map<String, String> p = new HashMap<>();
        BufferedReader r = lines(in);
        String line;
        while (true) {
            line = r.readLine();
            if (line == null || line.isBlank()) {
                String name = p.get("Package"), version = p.get("Version"), status = p.get("Status");
                if (name != null && version != null && (status == null || status.endsWith(" installed"))) {
                    String source = p.get("Source"), sourceVersion = null;
                    if (source != null) {
                        int paren = source.indexOf('(');
                        if (paren > 0) {
                            sourceVersion = source.substring(paren + 1, source.indexOf(')', paren) < 0 ? source.length() : source.indexOf(')', paren)).trim();
                            source = source.substring(0, paren).trim();
                        }
                    }
                    out.add(new Pkg("deb", name, version, source, source == null ? null : sourceVersion == null ? version : sourceVersion, path));
                }
                p.clear();
                if (line == null) return out;
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') continue;
            int colon = line.indexOf(':');
            if (colon > 0) {
                String key = line.substring(0, colon);
                if (key.equals("Package") || key.equals("Version") || key.equals("Source") || key.equals("Status")) p.put(key, line.substring(colon + 1).trim());
            }
        }
    }

    /** Alpine's installed database: {@code P:} name, {@code V:} version, {@code o:} origin (source) per blank-line-separated record. */
    static List<Pkg> apk(InputStream in, String path) throws IOException {
        List<Pkg> out = new ArrayList<>();
        String name = null, version = null, origin = null;
        BufferedReader r = lines(in);
        String line;
        while (true) {
            line = r.readLine();
            if (line == null || line.isBlank()) {
                if (name != null && version != null) out.add(new Pkg("apk", name, version, origin, origin == null ? null : version, path));
                name = version = origin = null;
                if (line == null) return out;
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':') continue;
            switch (line.charAt(0)) {
                case 'P' -> name = line.substring(2);
                case 'V' -> version = line.substring(2);
                case 'o' -> origin = line.substring(2);
                default -> { }
            }
        }
    }

    /** {@code KEY=value} lines of os-release, quotes removed. */
    static Map<String, String> osRelease(InputStream in) throws IOException {
        Map<String, String> out = new HashMap<>();
        BufferedReader r = lines(in);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null && n++ < 200) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) continue;
            String v = line.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) v = v.substring(1, v.length() - 1);
            out.put(line.substring(0, eq).trim(), v);
        }
        return out;
    }

    /** Maven coordinates from {@code META-INF/maven/<g>/<a>/pom.properties}, in the jar and in jars nested one level. */
    static List<Pkg> jar(InputStream in, String path) throws IOException {
        List<Pkg> out = new ArrayList<>();
        jarEntries(new ZipInputStream(in), path, out, true);
        return out;
    }

    private static void jarEntries(ZipInputStream zip, String path, List<Pkg> out, boolean descend) throws IOException {
        ZipEntry e;
        try {
            while ((e = zip.getNextEntry()) != null) {
                String n = e.getName();
                if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    p.load(new java.io.ByteArrayInputStream(zip.readNBytes(64 * 1024)));
                    String g = p.getProperty("groupId"), a = p.getProperty("artifactId"), v = p.getProperty("version");
                    if (g != null && a != null && v != null) out.add(Pkg.of("maven", g.trim() + ":" + a.trim(), v.trim(), path));
                } else if (descend && n.endsWith(".jar")) {
                    jarEntries(new ZipInputStream(zip), path + "!" + n, out, false);
                }
            }
        } catch (java.util.zip.ZipException bad) {
            // not a readable jar (or a stored entry with a data descriptor): what was read so far counts
        }
    }

    static List<Pkg> npm(InputStream in, String path) throws IOException {
        byte[] b = in.readNBytes(MAX_JSON);
        try {
            JsonNode n = JSON.readTree(b);
            String name = n.path("name").asText(null), version = n.path("version").asText(null);
            return name == null || version == null ? List.of() : List.of(Pkg.of("npm", name, version, path));
        } catch (IOException notJson) {
            return List.of();
        }
    }

    /** The {@code Name:} and {@code Version:} headers of a dist-info METADATA (or egg-info PKG-INFO) file. */
    static List<Pkg> python(InputStream in, String path) throws IOException {
        String name = null, version = null;
        BufferedReader r = lines(in);
        String line;
        while ((line = r.readLine()) != null && !line.isEmpty()) {
            if (line.startsWith("Name:")) name = line.substring(5).trim();
            else if (line.startsWith("Version:")) version = line.substring(8).trim();
            if (name != null && version != null) break;
        }
        return name == null || version == null ? List.of() : List.of(Pkg.of("pypi", normalizePython(name), version, path));
    }

    /** PEP 503 normalized name. */
    static String normalizePython(String name) { return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-"); }
}
