package io.dockyard.registry.ecr;

import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Preview;
import io.dockyard.registry.domain.Records.PreviewResult;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.lifecycle.Lifecycle;
import io.dockyard.registry.lifecycle.LifecyclePolicy;

import java.util.List;
import java.util.Map;

/** Lifecycle policies: Put/Get/Delete and the preview (computed at once, reported as ECR does). */
final class LifecycleOperations {
    private LifecycleOperations() {}

    static List<EcrOp> all(Ecr ecr, Lifecycle lifecycle) {
        return List.of(
                new EcrOp("PutLifecyclePolicy", (in, ctx) -> put(ecr, in, ctx)),
                new EcrOp("GetLifecyclePolicy", (in, ctx) -> policyOut(ctx, policy(ecr, in, ctx))),
                new EcrOp("DeleteLifecyclePolicy", (in, ctx) -> delete(ecr, in, ctx)),
                new EcrOp("StartLifecyclePolicyPreview", (in, ctx) -> start(ecr, lifecycle, in, ctx)),
                new EcrOp("GetLifecyclePolicyPreview", (in, ctx) -> getPreview(ecr, in, ctx)));
    }

    private static Object put(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String text = Doc.str(in, "lifecyclePolicyText");
        LifecyclePolicy.parse(text);
        Repository r = ecr.update(in, ctx, old -> old.withLifecycle(text, null));
        return Ecr.head(ctx, r.name()).with("lifecyclePolicyText", text);
    }

    private static Repository policy(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        if (r.lifecyclePolicyText() == null) {
            throw new AwsException("LifecyclePolicyNotFoundException", 400, "Lifecycle policy does not exist for the repository with name '" + r.name() + "' in the registry with id '" + ctx.account() + "'");
        }
        return r;
    }

    private static Object policyOut(RequestContext ctx, Repository r) {
        return Ecr.head(ctx, r.name()).with("lifecyclePolicyText", r.lifecyclePolicyText()).with("lastEvaluatedAt", r.lifecycleEvaluatedAt());
    }

    private static Object delete(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository had = policy(ecr, in, ctx);
        ecr.update(in, ctx, old -> old.withLifecycle(null, null));
        return policyOut(ctx, had);
    }

    private static Object start(Ecr ecr, Lifecycle lifecycle, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        String text = Doc.str(in, "lifecyclePolicyText");
        if (text == null) text = policy(ecr, in, ctx).lifecyclePolicyText();
        LifecyclePolicy policy = LifecyclePolicy.parse(text);
        List<PreviewResult> results = lifecycle.preview(r.name(), policy).stream()
                .map(e -> new PreviewResult(e.image().digest(), e.image().tags(), e.image().pushedAt(), e.rulePriority())).toList();
        ecr.registry.store().put(Records.PREVIEW, new Preview(r.name(), text, "COMPLETE", results));
        return Ecr.head(ctx, r.name()).with("lifecyclePolicyText", text).with("status", "IN_PROGRESS");
    }

    private static Object getPreview(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        Preview p = ecr.registry.store().get(Records.PREVIEW, r.name()).orElseThrow(() -> new AwsException("LifecyclePolicyPreviewNotFoundException", 400,
                "There is no preview for the repository with name '" + r.name() + "' in the registry with id '" + ctx.account() + "'"));
        String status = io.dockyard.registry.ecr.ImageOperations.tagStatus(in);
        List<String> digests = Doc.maps(in, "imageIds").stream().map(id -> Doc.str(id, "imageDigest")).toList();
        List<PreviewResult> shown = p.results().stream()
                .filter(x -> ImageOperations.matches(status, x.tags()))
                .filter(x -> digests.isEmpty() || digests.contains(x.digest()))
                .toList();
        Pages<PreviewResult> page = Pages.of(shown, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        List<Map<String, Object>> results = page.items().stream().map(x -> (Map<String, Object>) Out.obj()
                .withNonEmpty("imageTags", x.tags()).with("imageDigest", x.digest()).with("imagePushedAt", x.pushedAt())
                .with("action", Map.of("type", "EXPIRE")).with("appliedRulePriority", x.rulePriority())).toList();
        return Ecr.head(ctx, r.name()).with("lifecyclePolicyText", p.policyText()).with("status", p.status())
                .with("nextToken", page.nextToken()).with("previewResults", results)
                .with("summary", Map.of("expiringImageTotalCount", p.results().size()));
    }
}
