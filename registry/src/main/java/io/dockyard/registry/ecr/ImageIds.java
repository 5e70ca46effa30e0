package io.dockyard.registry.ecr;

import io.dockyard.protocol.Out;
import io.dockyard.core.Doc;
import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.domain.Names;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Tag;
import io.dockyard.registry.domain.Registry;

import java.util.Map;
import java.util.Optional;

/** ECR ImageIdentifier resolution: a digest, a tag, or both (which must agree). */
record ImageIds(String digest, String tag, Image image, String failureCode, String failureReason) {

    static ImageIds resolve(Registry registry, String repo, Map<String, Object> id) {
        String digest = Doc.str(id, "imageDigest");
        String tag = Doc.str(id, "imageTag");
        if (digest == null && tag == null) return fail(null, null, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null");
        if (digest != null && Digest.parse(digest) == null) return fail(digest, tag, "InvalidImageDigest", "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'");
        if (tag != null && !Names.validTag(tag)) return fail(digest, tag, "InvalidImageTag", "Invalid request parameters: image tag is invalid");
        String resolved = digest;
        if (tag != null) {
            Optional<Tag> t = registry.tag(repo, tag);
            if (t.isEmpty()) return fail(digest, tag, "ImageNotFound", "Requested image not found");
            if (digest != null && !digest.equals(t.get().digest())) return fail(digest, tag, "ImageTagDoesNotMatchDigest", "Invalid request parameters: given tag does not match the digest");
            resolved = t.get().digest();
        }
        Optional<Image> image = registry.image(repo, resolved);
        if (image.isEmpty()) return fail(digest, tag, "ImageNotFound", "Requested image not found");
        return new ImageIds(resolved, tag, image.get(), null, null);
    }

    /**
     * The image an operation's {@code imageId} names in the repository: ImageNotFoundException when there is none,
     * InvalidParameterException for a malformed or contradictory identifier.
     */
    static Image require(Registry registry, String repo, Map<String, Object> id, String account) {
        ImageIds res = resolve(registry, repo, id == null ? Map.of() : id);
        if (res.ok()) return res.image();
        if (!res.failureCode().equals("ImageNotFound")) throw Ecr.invalid(res.failureReason());
        throw new io.dockyard.core.AwsException("ImageNotFoundException", 400, "The image with imageId {imageDigest:'" + res.digest() + "', imageTag:'" + res.tag()
                + "'} does not exist within the repository with name '" + repo + "' in the registry with id '" + account + "'");
    }

    private static ImageIds fail(String digest, String tag, String code, String reason) {
        return new ImageIds(digest, tag, null, code, reason);
    }

    boolean ok() { return image != null; }

    Map<String, Object> wire() { return Out.obj().with("imageDigest", digest).with("imageTag", tag); }

    Map<String, Object> failure() {
        return Out.obj().with("imageId", wire()).with("failureCode", failureCode).with("failureReason", failureReason);
    }
}
