package io.dockyard.registry.ecr;

import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Records.ResourceTag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resource tags on repositories (ECR's {@code Key}/{@code Value} shape) and the repository policy operations. */
final class TagOperations {
    private static final String ARN_PREFIX = "arn:aws:ecr:";

    private TagOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("TagResource", (in, ctx) -> update(ecr, in, ctx, true)),
                new EcrOp("UntagResource", (in, ctx) -> update(ecr, in, ctx, false)),
                new EcrOp("ListTagsForResource", (in, ctx) -> Out.obj().with("tags", wire(byArn(ecr, in, ctx).tags()))),
                new EcrOp("SetRepositoryPolicy", (in, ctx) -> setPolicy(ecr, in, ctx)),
                new EcrOp("GetRepositoryPolicy", (in, ctx) -> Ecr.head(ctx, ecr.repositoryName(in)).with("policyText", policy(ecr, in, ctx))),
                new EcrOp("DeleteRepositoryPolicy", (in, ctx) -> deletePolicy(ecr, in, ctx)));
    }

    /** Parses a tag list member, merged over {@code existing}; ECR's limits and errors. */
    static List<ResourceTag> parse(Map<String, Object> in, String member, List<ResourceTag> existing) {
        Map<String, String> m = new LinkedHashMap<>();
        existing.forEach(t -> m.put(t.key(), t.value()));
        for (Map<String, Object> t : Doc.maps(in, member)) {
            String key = Doc.str(t, "Key");
            String value = Doc.str(t, "Value");
            if (key == null || key.isEmpty() || key.length() > 128 || value == null || value.length() > 256) {
                throw new AwsException("InvalidTagParameterException", 400, "Tag keys must be 1-128 characters and values 0-256 characters.");
            }
            if (key.toLowerCase().startsWith("aws:")) throw new AwsException("InvalidTagParameterException", 400, "Tag keys may not start with 'aws:'.");
            m.put(key, value);
        }
        if (m.size() > 50) throw new AwsException("TooManyTagsException", 400, "A repository can have at most 50 tags.");
        return m.entrySet().stream().map(e -> new ResourceTag(e.getKey(), e.getValue())).toList();
    }

    static List<Map<String, Object>> wire(List<ResourceTag> tags) {
        return tags.stream().map(t -> (Map<String, Object>) Out.obj().with("Key", t.key()).with("Value", t.value())).toList();
    }

    private static Repository byArn(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String arn = Doc.str(in, "resourceArn");
        if (arn == null || !arn.startsWith(ARN_PREFIX) || !arn.contains(":repository/")) {
            throw Ecr.invalid("Invalid parameter at 'resourceArn' failed to satisfy constraint: 'must be a repository ARN'");
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[4].equals(ctx.account())) throw Ecr.notFound(arn, ctx.account());
        return ecr.repository(Map.of("repositoryName", parts[5].substring("repository/".length())), ctx);
    }

    private static Object update(Ecr ecr, Map<String, Object> in, RequestContext ctx, boolean add) {
        ecr.registry.store().atomically(() -> {
            Repository r = byArn(ecr, in, ctx);
            List<ResourceTag> tags;
            if (add) {
                tags = parse(in, "tags", r.tags());
            } else {
                List<String> keys = Doc.strings(in, "tagKeys");
                tags = r.tags().stream().filter(t -> !keys.contains(t.key())).toList();
            }
            ecr.registry.store().put(Records.REPOSITORY, r.withTags(tags));
        });
        return Out.obj();
    }

    private static Object setPolicy(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String text = Doc.str(in, "policyText");
        PolicyValidator.validate(text);
        Repository r = ecr.update(in, ctx, old -> old.withPolicy(text));
        return Ecr.head(ctx, r.name()).with("policyText", text);
    }

    private static String policy(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        if (r.policyText() == null) {
            throw new AwsException("RepositoryPolicyNotFoundException", 400, "Repository policy does not exist for the repository with name '" + r.name() + "' in the registry with id '" + ctx.account() + "'");
        }
        return r.policyText();
    }

    private static Object deletePolicy(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String text = policy(ecr, in, ctx);
        ecr.update(in, ctx, old -> old.withPolicy(null));
        return Ecr.head(ctx, ecr.repositoryName(in)).with("policyText", text);
    }
}
