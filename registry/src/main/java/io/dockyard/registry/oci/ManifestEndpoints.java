package io.dockyard.registry.oci;

import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.domain.MediaTypes;
import io.dockyard.registry.domain.Names;
import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Manifests by tag or digest (GET, HEAD, PUT, DELETE) and the referrers API. */
final class ManifestEndpoints {
    private final Registry registry;
    private final io.dockyard.registry.cache.PullThroughCache cache;

    ManifestEndpoints(Registry registry, io.dockyard.registry.cache.PullThroughCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    /** {@code principal}: the caller's principal ARN (asked only for a GET: the pull-time update exclusions), or null. */
    void get(Exchange x, java.util.function.Supplier<String> principal) {
        cache.ensure(x.repo, x.ref);
        registry.repository(x.repo);
        // A reference that cannot be a tag names no manifest: 404 MANIFEST_UNKNOWN, as the OCI conformance suite expects
        // (a PUT under such a tag is what answers TAG_INVALID).
        if (!x.ref.contains(":") && !Names.validTag(x.ref)) {
            throw Problem.MANIFEST_UNKNOWN.with("Manifest " + x.ref + " is not in repository " + x.repo + ".");
        }
        Image image = registry.resolve(x.repo, x.ref);
        if (image == null) throw Problem.MANIFEST_UNKNOWN.with("Manifest " + x.ref + " is not in repository " + x.repo + ".");
        String status = registry.status(image);
        if (!status.equals("ACTIVE")) {
            // as ECR: an archived image (or one still being restored) cannot be pulled, the pull fails with a 404
            throw Problem.MANIFEST_UNKNOWN.with("The image " + x.repo + "@" + image.digest() + " is " + status + " and cannot be pulled; restore it with UpdateImageStorageClass STANDARD.");
        }
        x.header("Docker-Content-Digest", image.digest()).header("ETag", "\"" + image.digest() + "\"");
        if (!x.head()) registry.recordPull(image, principal.get());
        x.content(200, image.mediaType(), 0, image.manifestSize(), registry, image.digest());
    }

    void put(Exchange x) {
        if (x.request.getLength() > Registry.MAX_MANIFEST) throw Problem.MANIFEST_TOO_BIG.with("Manifests are limited to " + Registry.MAX_MANIFEST + " bytes.");
        if (!x.ref.contains(":") && Names.validTag(x.ref) && !Names.validOciTag(x.ref)) {
            throw Problem.TAG_INVALID.with("Tags pushed through the distribution API are limited to " + Names.OCI_TAG_LENGTH + " characters.");
        }
        Image image = registry.pushManifest(x.repo, x.ref, x.body(), x.header("Content-Type"), false);
        x.header("Location", "/v2/" + x.repo + "/manifests/" + image.digest()).header("Docker-Content-Digest", image.digest());
        if (image.subject() != null) x.header("OCI-Subject", image.subject());
        x.empty(201);
    }

    void delete(Exchange x) {
        registry.repository(x.repo);
        if (x.ref.contains(":")) {
            if (Digest.parse(x.ref) == null) throw Problem.DIGEST_INVALID.with("Invalid digest " + x.ref + ".");
            if (!registry.deleteImage(x.repo, x.ref)) throw Problem.MANIFEST_UNKNOWN.with("Manifest " + x.ref + " is not in repository " + x.repo + ".");
        } else {
            if (!Names.validTag(x.ref)) throw Problem.TAG_INVALID.with("Invalid tag " + x.ref + ".");
            if (!registry.untag(x.repo, x.ref)) throw Problem.MANIFEST_UNKNOWN.with("Tag " + x.ref + " is not in repository " + x.repo + ".");
        }
        x.empty(202);
    }

    void referrers(Exchange x) {
        registry.repository(x.repo);
        if (Digest.parse(x.ref) == null) throw Problem.DIGEST_INVALID.with("Invalid digest " + x.ref + ".");
        String filter = x.param("artifactType");
        List<Map<String, Object>> descriptors = new ArrayList<>();
        for (Image i : registry.images(x.repo)) {
            if (!x.ref.equals(i.subject())) continue;
            String type = i.artifactType() != null ? i.artifactType() : i.configMediaType();
            if (filter != null && !filter.equals(type)) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", i.mediaType());
            d.put("digest", i.digest());
            d.put("size", i.manifestSize());
            if (type != null) d.put("artifactType", type);
            if (i.annotations() != null && !i.annotations().isEmpty()) d.put("annotations", i.annotations());
            descriptors.add(d);
        }
        if (filter != null) x.header("OCI-Filters-Applied", "artifactType");
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", descriptors);
        x.json(200, MediaTypes.OCI_INDEX, index);
    }
}
