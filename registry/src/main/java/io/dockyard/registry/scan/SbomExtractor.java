package io.dockyard.registry.scan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Builds an image's {@link Sbom} from its layers, applied in order: each layer's package files replace the lower
 * layers' at the same path, and its whiteouts ({@code .wh.<name>}, {@code .wh..wh..opq}) remove lower layers' files.
 * Layers are read as streams, entry by entry; only package files' contents are read.
 */
public final class SbomExtractor {
    private final Map<String, List<Pkg>> files = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> osReleases = new HashMap<>();

    /** Applies one layer: a tar stream, gzip-compressed or not. */
    public void layer(InputStream raw) throws IOException {
        InputStream in = decompress(raw);
        TarReader tar = new TarReader(in);
        Map<String, List<Pkg>> added = new LinkedHashMap<>();
        Map<String, Map<String, String>> addedOs = new HashMap<>();
        List<String> whiteouts = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        TarReader.Entry e;
        while ((e = tar.next()) != null) {
            String name = e.name();
            int slash = name.lastIndexOf('/');
            String dir = slash < 0 ? "" : name.substring(0, slash);
            String base = name.substring(slash + 1);
            if (base.equals(".wh..wh..opq")) { opaque.add(dir); continue; }
            if (base.startsWith(".wh.")) { whiteouts.add(dir.isEmpty() ? base.substring(4) : dir + "/" + base.substring(4)); continue; }
            if (!e.regular()) {
                if (e.type() != '5') whiteouts.add(name); // a link or device over a lower file hides it
                continue;
            }
            PackageFiles.Kind kind = PackageFiles.kind(name);
            if (kind == null) continue;
            if (kind == PackageFiles.Kind.OS_RELEASE) addedOs.put(name, PackageFiles.osRelease(tar.stream()));
            else added.put(name, PackageFiles.read(kind, name, tar.stream()));
        }
        for (String w : whiteouts) { remove(files, w, true); remove(osReleases, w, true); }
        for (String d : opaque) { remove(files, d, false); remove(osReleases, d, false); }
        added.forEach((k, v) -> { files.remove(k); files.put(k, v); });
        osReleases.putAll(addedOs);
    }

    /** Removes the path (when {@code self}) and everything under it. */
    private static void remove(Map<String, ?> map, String path, boolean self) {
        String prefix = path.isEmpty() ? "" : path + "/";
        map.keySet().removeIf(k -> (self && k.equals(path)) || k.startsWith(prefix));
    }

    /** The stream, un-gzipped when it starts with gzip's magic. zstd layers are refused. */
    static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        in.mark(4);
        int b1 = in.read(), b2 = in.read(), b3 = in.read(), b4 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) return new GZIPInputStream(in, 65536);
        if (b1 == 0x28 && b2 == 0xb5 && b3 == 0x2f && b4 == 0xfd) throw new UnsupportedLayerException("zstd-compressed layers are not supported by the scanner");
        return in;
    }

    public Sbom sbom() {
        Map<String, String> os = osReleases.getOrDefault("etc/os-release", osReleases.get("usr/lib/os-release"));
        List<Pkg> all = new ArrayList<>();
        files.values().forEach(all::addAll);
        if (os == null) return new Sbom(null, null, null, all);
        return new Sbom(os.get("ID"), os.get("VERSION_ID"), os.get("PRETTY_NAME"), all);
    }

    /** A layer the scanner cannot read. */
    public static final class UnsupportedLayerException extends IOException {
        public UnsupportedLayerException(String message) { super(message); }
    }
}
