package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Repository;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdateImageStorageClass: ARCHIVE moves an ACTIVE image (with its index children and referrers) to ARCHIVED, where it
 * cannot be pulled; STANDARD restores an ARCHIVED one through ACTIVATING (the restore delay) to ACTIVE.
 */
final class StorageClassOperations {
    private StorageClassOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(new EcrOp("UpdateImageStorageClass", (in, ctx) -> update(ecr, in, ctx)));
    }

    /** The image named by {@code repositoryName} and {@code imageId} (RepositoryNotFoundException, ImageNotFoundException). */
    static Image image(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        Map<String, Object> id = Doc.map(in, "imageId");
        if (id == null) throw ReplicationOperations.validation("imageId", null, "not be null");
        return ImageIds.require(ecr.registry, r.name(), id, ctx.account());
    }

    /** The {@code imageId} of an answer: the resolved digest, with the tag the request named. */
    static Map<String, Object> imageId(Ecr ecr, Image image, Map<String, Object> in) {
        return Out.obj().with("imageDigest", image.digest()).with("imageTag", Doc.str(Doc.map(in, "imageId"), "imageTag"));
    }

    private static Object update(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String target = Doc.str(in, "targetStorageClass");
        if (target == null) throw ReplicationOperations.validation("targetStorageClass", null, "not be null");
        if (!Set.of("STANDARD", "ARCHIVE").contains(target)) throw ReplicationOperations.validation("targetStorageClass", target, "satisfy enum value set: [STANDARD, ARCHIVE]");
        Image image = image(ecr, in, ctx);
        String status = ecr.registry.store().atomically(() -> {
            String now = ecr.registry.status(image);
            if (target.equals("ARCHIVE")) {
                if (!now.equals("ACTIVE")) throw unsupported(image, now, target);
                return ecr.states.archive(image);
            }
            if (!now.equals("ARCHIVED")) throw unsupported(image, now, target);
            return ecr.states.restore(image);
        });
        return Out.obj().with("registryId", ctx.account()).with("repositoryName", image.repository())
                .with("imageId", imageId(ecr, image, in)).with("imageStatus", status);
    }

    private static AwsException unsupported(Image image, String status, String target) {
        return new AwsException("ImageStorageClassUpdateNotSupportedException", 400, "The image " + image.digest() + " is " + status
                + "; only an ACTIVE image can move to ARCHIVE and only an ARCHIVED image to STANDARD (target " + target + ").");
    }
}
