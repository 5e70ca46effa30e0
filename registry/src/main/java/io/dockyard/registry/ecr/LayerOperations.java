package io.dockyard.registry.ecr;

import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Records.BlobLink;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.oci.DistributionHandler;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Layer operations: BatchCheckLayerAvailability, Initiate/UploadLayerPart/CompleteLayerUpload, GetDownloadUrlForLayer. */
final class LayerOperations {
    static final long PART_SIZE = 10L << 20;
    private static final String LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private LayerOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("BatchCheckLayerAvailability", (in, ctx) -> check(ecr, in, ctx)),
                new EcrOp("InitiateLayerUpload", (in, ctx) -> Out.obj().with("uploadId", ecr.uploads.start(ecr.repository(in, ctx).name()).id()).with("partSize", PART_SIZE)),
                new EcrOp("UploadLayerPart", (in, ctx) -> part(ecr, in, ctx)),
                new EcrOp("CompleteLayerUpload", (in, ctx) -> complete(ecr, in, ctx)),
                new EcrOp("GetDownloadUrlForLayer", (in, ctx) -> downloadUrl(ecr, in, ctx)));
    }

    private static Object check(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        List<String> digests = Doc.strings(in, "layerDigests");
        if (digests.isEmpty() || digests.size() > 100) throw Ecr.invalid("Invalid parameter at 'layerDigests' failed to satisfy constraint: 'Member must have length between 1 and 100'");
        List<Map<String, Object>> layers = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        for (String d : digests) {
            if (Digest.parse(d) == null) {
                failures.add(Out.obj().with("layerDigest", d).with("failureCode", "InvalidLayerDigest").with("failureReason", "Invalid layer digest"));
                continue;
            }
            Optional<BlobLink> l = ecr.registry.link(r.name(), d);
            if (l.isEmpty()) {
                failures.add(Out.obj().with("layerDigest", d).with("failureCode", "MissingLayerDigest").with("failureReason", "Could not find layer with digest " + d));
            } else {
                layers.add(Out.obj().with("layerDigest", d).with("layerAvailability", "AVAILABLE").with("layerSize", l.get().size()).with("mediaType", LAYER_TYPE));
            }
        }
        return Out.obj().with("layers", layers).with("failures", failures);
    }

    private static String uploadId(Map<String, Object> in) {
        String id = Doc.str(in, "uploadId");
        if (id == null || !id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw Ecr.invalid("Invalid parameter at 'uploadId' failed to satisfy constraint: 'must be an upload id returned by InitiateLayerUpload'");
        }
        return id;
    }

    private static void session(Ecr ecr, String repo, String id, RequestContext ctx) {
        try {
            ecr.uploads.session(repo, id);
        } catch (io.dockyard.registry.domain.RegistryException e) {
            throw new AwsException("UploadNotFoundException", 400, "The upload with upload ID '" + id + "' does not exist in the repository with name '" + repo + "' in the registry with id '" + ctx.account() + "'");
        }
    }

    private static Object part(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String id = uploadId(in);
        Long first = number(in, "partFirstByte");
        Long last = number(in, "partLastByte");
        String blob = Doc.str(in, "layerPartBlob");
        if (first == null || last == null || blob == null) throw Ecr.invalid("partFirstByte, partLastByte and layerPartBlob are required.");
        byte[] data;
        try {
            data = Base64.getDecoder().decode(blob);
        } catch (IllegalArgumentException e) {
            throw new AwsException("SerializationException", 400, "layerPartBlob is not valid base64.");
        }
        session(ecr, r.name(), id, ctx);
        if (last - first + 1 != data.length) {
            throw new AwsException("InvalidLayerPartException", 400, "The layer part size " + data.length + " does not match partFirstByte " + first + " and partLastByte " + last + ".");
        }
        long size = ecr.uploads.append(r.name(), id, new ByteArrayInputStream(data), first);
        return Ecr.head(ctx, r.name()).with("uploadId", id).with("lastByteReceived", size - 1);
    }

    private static Long number(Map<String, Object> in, String key) {
        Object v = in.get(key);
        if (v == null) return null;
        if (v instanceof Number n && n.longValue() >= 0) return n.longValue();
        throw Ecr.invalid("Invalid parameter at '" + key + "': must be a non-negative integer.");
    }

    private static Object complete(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String id = uploadId(in);
        List<String> digests = Doc.strings(in, "layerDigests");
        if (digests.size() != 1) throw Ecr.invalid("Invalid parameter at 'layerDigests' failed to satisfy constraint: 'Member must have length between 1 and 1'");
        session(ecr, r.name(), id, ctx);
        String digest = digests.get(0);
        if (ecr.uploads.size(id) == 0) throw new AwsException("EmptyUploadException", 400, "The upload with upload ID '" + id + "' has no parts.");
        if (ecr.registry.link(r.name(), digest).isPresent()) {
            ecr.uploads.cancel(r.name(), id);
            throw new AwsException("LayerAlreadyExistsException", 400, "The layer with digest " + digest + " already exists in the repository with name '" + r.name() + "'");
        }
        if (Digest.parse(digest) == null) throw new AwsException("InvalidLayerException", 400, "Invalid layer digest " + digest + ".");
        BlobLink link = ecr.uploads.complete(r.name(), id, digest, null, Problem.LAYER_DIGEST_MISMATCH);
        return Ecr.head(ctx, r.name()).with("uploadId", id).with("layerDigest", link.digest());
    }

    private static Object downloadUrl(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String digest = Doc.str(in, "layerDigest");
        if (digest == null || Digest.parse(digest) == null) throw Ecr.invalid("Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must be a digest'");
        if (ecr.registry.link(r.name(), digest).isEmpty()) {
            throw new AwsException("LayersNotFoundException", 400, "The image with layer digest " + digest + " does not exist within the repository with name '" + r.name() + "'");
        }
        String url = ecr.registry.downloadUrl(digest).map(java.net.URI::toString).orElseGet(() ->
                ecr.registryUrl + "/v2/" + r.name() + "/blobs/" + digest + "?" + DistributionHandler.TOKEN_PARAM + "=" + ecr.tokens.issue(ctx.accessKeyId()).password());
        return Out.obj().with("downloadUrl", url).with("layerDigest", digest);
    }
}
