package io.dockyard.registry.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.protocol.Json;
import io.dockyard.registry.bytes.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image manifest or index the registry needs, bound while streaming the document
 * (everything else is skipped, not held), and validated.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestDoc(Integer schemaVersion, String mediaType, String artifactType, Descriptor config,
                          List<Descriptor> layers, List<Descriptor> manifests, Descriptor subject,
                          Map<String, String> annotations) {

    /** A descriptor. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Descriptor(String mediaType, String digest, Long size, String artifactType, Map<String, String> annotations) {}

    private static final ObjectMapper MAPPER = Json.base()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses and validates; {@code declaredType} is the request's Content-Type (may be null). Returns the doc with its media type settled. */
    public static ManifestDoc read(InputStream in, String declaredType) {
        ManifestDoc doc;
        try {
            doc = MAPPER.readValue(in, ManifestDoc.class);
        } catch (IOException e) {
            throw Problem.MANIFEST_INVALID.with("The manifest is not valid JSON: " + e.getClass().getSimpleName());
        }
        if (doc == null) throw Problem.MANIFEST_INVALID.with("The manifest is empty.");
        return doc.validated(MediaTypes.base(declaredType));
    }

    private ManifestDoc validated(String declared) {
        if (schemaVersion == null || schemaVersion != 2) throw Problem.MANIFEST_INVALID.with("Only schemaVersion 2 manifests are supported.");
        if (declared != null && !MediaTypes.known(declared) && !declared.equals(mediaType)) {
            throw Problem.MANIFEST_INVALID.with("The Content-Type " + declared + " is not a manifest media type.");
        }
        String declaredKnown = declared != null && MediaTypes.known(declared) ? declared : null;
        if (mediaType != null && declaredKnown != null && !mediaType.equals(declaredKnown)) {
            throw Problem.MANIFEST_INVALID.with("The manifest mediaType " + mediaType + " does not match the Content-Type " + declared + ".");
        }
        String type = mediaType != null ? mediaType : declaredKnown != null ? declaredKnown : manifests != null ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        if (!MediaTypes.known(type)) throw Problem.MANIFEST_INVALID.with("Unsupported manifest media type " + type + ".");
        if (MediaTypes.INDEXES.contains(type)) {
            if (manifests == null) throw Problem.MANIFEST_INVALID.with("An index must list its manifests.");
            manifests.forEach(ManifestDoc::check);
        } else {
            if (config == null) throw Problem.MANIFEST_INVALID.with("An image manifest must have a config descriptor.");
            check(config);
            if (layers == null && type.equals(MediaTypes.DOCKER_MANIFEST)) throw Problem.MANIFEST_INVALID.with("An image manifest must list its layers.");
            if (layers != null) layers.forEach(ManifestDoc::check);
        }
        if (subject != null) check(subject);
        return new ManifestDoc(schemaVersion, type, artifactType, config, layers == null ? List.of() : layers,
                manifests == null ? List.of() : manifests, subject, annotations);
    }

    private static void check(Descriptor d) {
        if (d == null || Digest.parse(d.digest()) == null) throw Problem.MANIFEST_INVALID.with("A descriptor has an invalid digest: " + (d == null ? null : d.digest()) + ".");
        if (d.size() == null || d.size() < 0) throw Problem.MANIFEST_INVALID.with("Descriptor " + d.digest() + " has no valid size.");
        if (d.mediaType() == null || d.mediaType().isBlank()) throw Problem.MANIFEST_INVALID.with("Descriptor " + d.digest() + " has no mediaType.");
    }

    public boolean isIndex() { return MediaTypes.INDEXES.contains(mediaType); }
}
