package io.dockyard.registry.ecr;

import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.bytes.Digester;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Images: DescribeImages, ListImages, BatchGetImage, BatchDeleteImage, PutImage, ListImageReferrers. */
final class ImageOperations {
    private ImageOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("DescribeImages", (in, ctx) -> describe(ecr, in, ctx)),
                new EcrOp("ListImages", (in, ctx) -> list(ecr, in, ctx)),
                new EcrOp("BatchGetImage", (in, ctx) -> batchGet(ecr, in, ctx)),
                new EcrOp("BatchDeleteImage", (in, ctx) -> batchDelete(ecr, in, ctx)),
                new EcrOp("PutImage", (in, ctx) -> put(ecr, in, ctx)),
                new EcrOp("ListImageReferrers", (in, ctx) -> referrers(ecr, in, ctx)));
    }

    static String tagStatus(Map<String, Object> in) {
        String s = Doc.str(Doc.map(in, "filter"), "tagStatus");
        if (s != null && !Set.of("TAGGED", "UNTAGGED", "ANY").contains(s)) {
            throw Ecr.invalid("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'");
        }
        return s == null ? "ANY" : s;
    }

    /** DescribeImages' and ListImages' {@code filter.imageStatus}: ACTIVE (the default), ARCHIVED, ACTIVATING or ANY. */
    static String imageStatus(Map<String, Object> in) { return statusFilter(in, "imageStatus"); }

    /** A storage-status filter ({@code filter.<member>}): ACTIVE (the default), ARCHIVED, ACTIVATING or ANY. */
    private static String statusFilter(Map<String, Object> in, String member) {
        String s = Doc.str(Doc.map(in, "filter"), member);
        if (s != null && !Set.of("ACTIVE", "ARCHIVED", "ACTIVATING", "ANY").contains(s)) {
            throw Ecr.invalid("Invalid parameter at 'filter." + member + "' failed to satisfy constraint: 'Member must satisfy enum value set: [ACTIVE, ARCHIVED, ACTIVATING, ANY]'");
        }
        return s == null ? "ACTIVE" : s;
    }

    static boolean statusMatches(String filter, String status) { return filter.equals("ANY") || filter.equals(status); }

    static boolean matches(String status, List<String> tags) {
        return switch (status) {
            case "TAGGED" -> !tags.isEmpty();
            case "UNTAGGED" -> tags.isEmpty();
            default -> true;
        };
    }

    private static Object describe(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String status = tagStatus(in), imageStatus = imageStatus(in);
        List<Map<String, Object>> ids = Doc.maps(in, "imageIds");
        List<Image> images;
        if (!ids.isEmpty()) {
            if (Doc.integer(in, "maxResults") != null) throw Ecr.invalid("maxResults cannot be used with imageIds.");
            Set<Image> found = new LinkedHashSet<>();
            for (Map<String, Object> id : ids) found.add(ImageIds.require(ecr.registry, r.name(), id, ctx.account()));
            images = new ArrayList<>(found);
        } else {
            images = ecr.registry.images(r.name());
        }
        // images asked for by id are described whatever their status; a listing shows those of filter.imageStatus
        List<Image> filtered = images.stream().filter(i -> matches(status, ecr.registry.tagsOf(r.name(), i.digest())))
                .filter(i -> !ids.isEmpty() || statusMatches(imageStatus, ecr.registry.status(i))).toList();
        Pages<Image> page = Pages.of(filtered, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 1000);
        return Out.obj().with("imageDetails", page.items().stream().map(i -> ScanOperations.withScan(ecr, detail(ecr, i, ctx), i)).toList()).with("nextToken", page.nextToken());
    }

    private static Map<String, Object> detail(Ecr ecr, Image i, RequestContext ctx) {
        Registry registry = ecr.registry;
        var archive = ecr.states.archiveOf(i);
        return Out.obj()
                .with("registryId", ctx.account())
                .with("repositoryName", i.repository())
                .with("imageDigest", i.digest())
                .withNonEmpty("imageTags", registry.tagsOf(i.repository(), i.digest()))
                .with("imageSizeInBytes", i.imageSize())
                .with("imagePushedAt", i.pushedAt())
                .with("imageManifestMediaType", i.mediaType())
                .with("artifactMediaType", i.artifactType() != null ? i.artifactType() : i.configMediaType())
                .with("lastRecordedPullTime", i.lastPulledAt())
                .with("subjectManifestDigest", i.subject())
                .with("imageStatus", registry.status(i))
                .with("lastArchivedAt", archive.map(io.dockyard.registry.domain.Records.ImageArchive::lastArchivedAt).orElse(null))
                .with("lastActivatedAt", archive.map(io.dockyard.registry.domain.Records.ImageArchive::lastActivatedAt).orElse(null));
    }

    private static Object list(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String status = tagStatus(in), imageStatus = imageStatus(in);
        List<Map<String, Object>> ids = new ArrayList<>();
        for (Image i : ecr.registry.images(r.name())) {
            List<String> tags = ecr.registry.tagsOf(r.name(), i.digest());
            if (!matches(status, tags) || !statusMatches(imageStatus, ecr.registry.status(i))) continue;
            if (tags.isEmpty()) ids.add(Out.obj().with("imageDigest", i.digest()));
            for (String t : tags) ids.add(Out.obj().with("imageDigest", i.digest()).with("imageTag", t));
        }
        Pages<Map<String, Object>> page = Pages.of(ids, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 1000);
        return Out.obj().with("imageIds", page.items()).with("nextToken", page.nextToken());
    }

    /**
     * ListImageReferrers: the manifests whose {@code subject} is the given image (what the OCI referrers API lists),
     * filtered by artifact type and {@code artifactStatus} (ACTIVE when not given).
     */
    private static Object referrers(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String subject = Doc.str(Doc.map(in, "subjectId"), "imageDigest");
        if (subject == null || subject.isBlank()) throw Ecr.invalid("Invalid parameter at 'subjectId.imageDigest' failed to satisfy constraint: 'Member must not be null'");
        if (Digest.parse(subject) == null) throw Ecr.invalid("Invalid parameter at 'subjectId.imageDigest' failed to satisfy constraint: 'Member must be a valid image digest'");
        Integer max = Doc.integer(in, "maxResults");
        if (max != null && (max < 1 || max > 50)) throw Ecr.invalid("Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 50'");
        Map<String, Object> filter = Doc.map(in, "filter");
        List<String> types = Doc.strings(filter, "artifactTypes");
        String wanted = statusFilter(in, "artifactStatus");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Image i : ecr.registry.images(r.name())) {
            if (!subject.equals(i.subject())) continue;
            String artifactStatus = ecr.registry.status(i);
            if (!statusMatches(wanted, artifactStatus)) continue;
            String type = i.artifactType() != null ? i.artifactType() : i.configMediaType();
            if (!types.isEmpty() && !types.contains(type)) continue;
            out.add(Out.obj().with("digest", i.digest()).with("mediaType", i.mediaType()).with("artifactType", type)
                    .with("size", i.manifestSize()).with("annotations", i.annotations() == null || i.annotations().isEmpty() ? null : i.annotations())
                    .with("artifactStatus", artifactStatus));
        }
        Pages<Map<String, Object>> page = Pages.of(out, max, Doc.str(in, "nextToken"), 50);
        return Out.obj().with("referrers", page.items()).with("nextToken", page.nextToken());
    }

    private static List<Map<String, Object>> ids(Map<String, Object> in) {
        List<Map<String, Object>> ids = Doc.maps(in, "imageIds");
        if (ids.isEmpty() || ids.size() > 100) throw Ecr.invalid("Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length between 1 and 100'");
        return ids;
    }

    private static Object batchGet(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        List<String> accepted = Doc.strings(in, "acceptedMediaTypes");
        List<Map<String, Object>> images = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Map<String, Object> id : ids(in)) {
            ImageIds res = ImageIds.resolve(ecr.registry, r.name(), id);
            if (!res.ok()) { failures.add(res.failure()); continue; }
            Image i = res.image();
            String status = ecr.registry.status(i);
            if (!status.equals("ACTIVE")) {
                failures.add(Out.obj().with("imageId", res.wire()).with("failureCode", "ImageInaccessible")
                        .with("failureReason", "The image is " + status + " and cannot be pulled until it is restored"));
                continue;
            }
            if (!accepted.isEmpty() && !accepted.contains(i.mediaType())) {
                failures.add(Out.obj().with("imageId", res.wire()).with("failureCode", "UnsupportedImageType")
                        .with("failureReason", "The image's media type " + i.mediaType() + " is not among the accepted media types"));
                continue;
            }
            images.add(image(ctx, i, res.tag(), manifest(ecr.registry, i)));
        }
        return Out.obj().with("images", images).with("failures", failures);
    }

    static String manifest(Registry registry, Image i) {
        try (InputStream in = registry.open(i.digest(), 0)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> image(RequestContext ctx, Image i, String tag, String manifest) {
        return Ecr.head(ctx, i.repository())
                .with("imageId", Out.obj().with("imageDigest", i.digest()).with("imageTag", tag))
                .with("imageManifest", manifest)
                .with("imageManifestMediaType", i.mediaType());
    }

    private static Object batchDelete(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        List<Map<String, Object>> deleted = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        Registry reg = ecr.registry;
        reg.store().atomically(() -> {
            deleted.clear();
            failures.clear();
            for (Map<String, Object> id : ids(in)) {
                ImageIds res = ImageIds.resolve(reg, r.name(), id);
                if (!res.ok()) { failures.add(res.failure()); continue; }
                List<String> tags = reg.tagsOf(r.name(), res.digest());
                boolean wholeImage = res.tag() == null || tags.size() == 1;
                if (wholeImage && reg.referencedByIndex(r.name(), res.digest())) {
                    failures.add(Out.obj().with("imageId", res.wire()).with("failureCode", "ImageReferencedByManifestList")
                            .with("failureReason", "Requested image referenced by manifest list: " + res.digest()));
                    continue;
                }
                if (wholeImage) {
                    reg.deleteImage(r.name(), res.digest());
                    if (tags.isEmpty()) deleted.add(Out.obj().with("imageDigest", res.digest()));
                    for (String t : tags) deleted.add(Out.obj().with("imageDigest", res.digest()).with("imageTag", t));
                } else {
                    reg.untag(r.name(), res.tag());
                    deleted.add(Out.obj().with("imageDigest", res.digest()).with("imageTag", res.tag()));
                }
            }
        });
        return Out.obj().with("imageIds", deleted).with("failures", failures);
    }

    private static Object put(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String manifest = Doc.str(in, "imageManifest");
        if (manifest == null || manifest.isEmpty()) throw Ecr.invalid("Missing required parameter: imageManifest");
        String tag = Doc.str(in, "imageTag");
        String digest = Doc.str(in, "imageDigest");
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        if (digest != null) {
            Digest d = Digest.parse(digest);
            if (d == null) throw Ecr.invalid("Invalid parameter at 'imageDigest': not a valid digest");
            try {
                Digest actual = Digester.of(new ByteArrayInputStream(bytes), d.algorithm());
                if (!actual.equals(d)) throw new AwsException("ImageDigestDoesNotMatchException", 400, "Provided digest " + digest + " does not match the digest of the image manifest " + actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Image i = ecr.registry.pushManifest(r.name(), tag != null ? tag : digest, new ByteArrayInputStream(bytes), Doc.str(in, "imageManifestMediaType"), true);
        return Out.obj().with("image", image(ctx, i, tag, manifest));
    }
}
