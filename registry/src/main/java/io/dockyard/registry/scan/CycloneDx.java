package io.dockyard.registry.scan;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link Sbom} as a CycloneDX 1.5 JSON document (components with package URLs). */
public final class CycloneDx {
    private CycloneDx() {}

    public static Map<String, Object> document(Sbom sbom, String repository, String digest, Instant at) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("bomFormat", "CycloneDX");
        doc.put("specVersion", "1.5");
        doc.put("serialNumber", "urn:uuid:" + java.util.UUID.nameUUIDFromBytes((repository + "@" + digest).getBytes(StandardCharsets.UTF_8)));
        doc.put("version", 1);
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("type", "container");
        image.put("name", repository);
        image.put("version", digest);
        image.put("bom-ref", repository + "@" + digest);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("timestamp", at.toString());
        metadata.put("tools", Map.of("components", List.of(Map.of("type", "application", "name", "dockyard-scanner"))));
        metadata.put("component", image);
        doc.put("metadata", metadata);
        List<Map<String, Object>> components = new ArrayList<>();
        if (sbom.os() != null) {
            Map<String, Object> os = new LinkedHashMap<>();
            os.put("type", "operating-system");
            os.put("name", sbom.os());
            if (sbom.osVersion() != null) os.put("version", sbom.osVersion());
            if (sbom.osName() != null) os.put("description", sbom.osName());
            components.add(os);
        }
        for (Pkg p : sbom.packages()) {
            Map<String, Object> c = new LinkedHashMap<>();
            String purl = purl(p, sbom);
            c.put("type", "library");
            c.put("bom-ref", purl + "#" + p.path());
            if (p.type().equals("maven")) {
                int colon = p.name().indexOf(':');
                c.put("group", p.name().substring(0, colon));
                c.put("name", p.name().substring(colon + 1));
            } else {
                c.put("name", p.name());
            }
            c.put("version", p.version());
            c.put("purl", purl);
            List<Map<String, String>> props = new ArrayList<>();
            props.add(Map.of("name", "dockyard:package:path", "value", p.path()));
            if (p.source() != null) props.add(Map.of("name", "dockyard:package:source", "value", p.source() + " " + p.sourceVersion()));
            c.put("properties", props);
            components.add(c);
        }
        doc.put("components", components);
        return doc;
    }

    /** The package URL (purl-spec) of a package. */
    static String purl(Pkg p, Sbom sbom) {
        String v = enc(p.version());
        return switch (p.type()) {
            case "deb" -> "pkg:deb/" + (sbom.os() == null ? "debian" : sbom.os()) + "/" + enc(p.name()) + "@" + v + distro(sbom);
            case "apk" -> "pkg:apk/alpine/" + enc(p.name()) + "@" + v + distro(sbom);
            case "maven" -> "pkg:maven/" + enc(p.name().substring(0, p.name().indexOf(':'))) + "/" + enc(p.name().substring(p.name().indexOf(':') + 1)) + "@" + v;
            case "npm" -> p.name().startsWith("@") ? "pkg:npm/%40" + p.name().substring(1) + "@" + v : "pkg:npm/" + enc(p.name()) + "@" + v;
            default -> "pkg:" + p.type() + "/" + enc(p.name()) + "@" + v;
        };
    }

    private static String distro(Sbom sbom) { return sbom.os() == null || sbom.osVersion() == null ? "" : "?distro=" + sbom.os() + "-" + sbom.osVersion(); }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%2B").replace("%3A", ":").replace("%7E", "~"); }
}
