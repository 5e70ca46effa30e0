package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.CreationTemplate;
import io.dockyard.registry.lifecycle.LifecyclePolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repository creation templates: create, describe, update, delete. They are applied by
 * {@link io.dockyard.registry.cache.RepositoryTemplates} to repositories a pull-through cache or a push creates.
 */
final class TemplateOperations {
    private static final Set<String> APPLIED_FOR = Set.of("REPLICATION", "PULL_THROUGH_CACHE", "CREATE_ON_PUSH");
    private static final Set<String> MUTABILITY = Set.of("MUTABLE", "IMMUTABLE", "MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION");
    private static final String KMS_PATTERN = "^$|arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\\/[a-z0-9-]+";

    private TemplateOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("CreateRepositoryCreationTemplate", (in, ctx) -> put(ecr, in, ctx, true)),
                new EcrOp("UpdateRepositoryCreationTemplate", (in, ctx) -> put(ecr, in, ctx, false)),
                new EcrOp("DescribeRepositoryCreationTemplates", (in, ctx) -> describe(ecr, in, ctx)),
                new EcrOp("DeleteRepositoryCreationTemplate", (in, ctx) -> delete(ecr, in, ctx)));
    }

    private static AwsException validation(String member, Object value, String constraint) {
        return AwsException.validation("1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must " + constraint);
    }

    private static String prefix(Map<String, Object> in) {
        String p = Doc.str(in, "prefix");
        if (p == null) throw validation("prefix", null, "not be null");
        if (p.isEmpty() || p.length() > 256) throw validation("prefix", p, "have length less than or equal to 256 and greater than or equal to 1");
        if (!p.matches(PullThroughCacheOperations.PREFIX_PATTERN)) throw validation("prefix", p, "satisfy regular expression pattern: " + PullThroughCacheOperations.PREFIX_PATTERN);
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static AwsException notFound(String prefix) {
        return new AwsException("TemplateNotFoundException", 400, "The specified repository creation template with prefix '" + prefix + "' does not exist.");
    }

    /** Create (refused when the prefix has one) or update (only given members change) a template. */
    private static Object put(Ecr ecr, Map<String, Object> in, RequestContext ctx, boolean create) {
        String prefix = prefix(in);
        String description = Doc.str(in, "description");
        if (description != null && description.length() > 256) throw validation("description", description, "have length less than or equal to 256");
        List<String> appliedFor = in.containsKey("appliedFor") ? Doc.strings(in, "appliedFor") : null;
        if (create && appliedFor == null) throw validation("appliedFor", null, "not be null");
        if (appliedFor != null) {
            if (appliedFor.isEmpty()) throw Ecr.invalid("Invalid parameter: appliedFor must name at least one of REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH.");
            for (String a : appliedFor) if (!APPLIED_FOR.contains(a)) throw validation("appliedFor", appliedFor, "satisfy enum value set: [REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH]");
            appliedFor = appliedFor.stream().distinct().toList();
        }
        Map<String, Object> enc = Doc.map(in, "encryptionConfiguration");
        String encType = null, kmsKey = null;
        if (enc != null) {
            encType = Doc.str(enc, "encryptionType");
            kmsKey = Doc.str(enc, "kmsKey");
            if (encType == null || !Set.of("AES256", "KMS", "KMS_DSSE").contains(encType)) {
                throw validation("encryptionConfiguration.encryptionType", encType, "satisfy enum value set: [AES256, KMS, KMS_DSSE]");
            }
            if (kmsKey != null && !kmsKey.matches(KMS_PATTERN)) throw validation("encryptionConfiguration.kmsKey", kmsKey, "satisfy regular expression pattern: " + KMS_PATTERN);
            if (kmsKey != null && !kmsKey.isEmpty() && encType.equals("AES256")) throw Ecr.invalid("Invalid parameter: a KMS key may only be given with encryptionType KMS or KMS_DSSE.");
        }
        String mutability = Doc.str(in, "imageTagMutability");
        if (mutability != null && !MUTABILITY.contains(mutability)) {
            throw validation("imageTagMutability", mutability, "satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]");
        }
        List<String> exclusions = null;
        if (mutability != null || in.containsKey("imageTagMutabilityExclusionFilters")) {
            exclusions = RepositoryOperations.exclusions(in, mutability == null ? "MUTABLE" : mutability);
        }
        String policy = Doc.str(in, "repositoryPolicy");
        if (policy != null && policy.length() > 10240) throw validation("repositoryPolicy", "...", "have length less than or equal to 10240");
        if (policy != null && !policy.isEmpty()) PolicyValidator.validate(policy);
        String lifecycle = Doc.str(in, "lifecyclePolicy");
        if (lifecycle != null && lifecycle.length() > 30720) throw validation("lifecyclePolicy", "...", "have length less than or equal to 30720");
        if (lifecycle != null && !lifecycle.isEmpty()) LifecyclePolicy.parse(lifecycle);
        List<Records.ResourceTag> tags = in.containsKey("resourceTags") ? TagOperations.parse(in, "resourceTags", List.of()) : null;
        String role = Doc.str(in, "customRoleArn");
        if (role != null && role.length() > 2048) throw validation("customRoleArn", role, "have length less than or equal to 2048");
        var now = ecr.registry.clock().instant();
        String et = encType, kk = kmsKey, m = mutability;
        List<String> ex = exclusions, af = appliedFor;
        CreationTemplate t = ecr.registry.store().atomically(() -> {
            var old = ecr.registry.store().get(Records.CREATION_TEMPLATE, prefix);
            if (create && old.isPresent()) {
                throw new AwsException("TemplateAlreadyExistsException", 400, "The repository creation template with prefix '" + prefix + "' already exists.");
            }
            if (!create && old.isEmpty()) throw notFound(prefix);
            CreationTemplate o = old.orElse(new CreationTemplate(prefix, null, "AES256", null, List.of(), "MUTABLE", List.of(), null, null, List.of(), null, now, now));
            CreationTemplate n = new CreationTemplate(prefix, description == null ? o.description() : description, et == null ? o.encryptionType() : et,
                    et == null ? o.kmsKey() : kk, tags == null ? o.resourceTags() : tags, m == null ? o.imageTagMutability() : m,
                    ex == null ? o.tagMutabilityExclusions() : ex, policy == null ? o.repositoryPolicy() : policy,
                    lifecycle == null ? o.lifecyclePolicy() : lifecycle, af == null ? o.appliedFor() : af, role == null ? o.customRoleArn() : role,
                    o.createdAt(), now);
            ecr.registry.store().put(Records.CREATION_TEMPLATE, n);
            return n;
        });
        return Out.obj().with("registryId", ctx.account()).with("repositoryCreationTemplate", shape(t));
    }

    static Map<String, Object> shape(CreationTemplate t) {
        List<Map<String, Object>> exclusions = t.tagMutabilityExclusions() == null || t.tagMutabilityExclusions().isEmpty() ? null
                : t.tagMutabilityExclusions().stream().map(f -> (Map<String, Object>) Out.obj().with("filterType", "WILDCARD").with("filter", f)).toList();
        return Out.obj().with("prefix", t.prefix()).with("description", t.description())
                .with("encryptionConfiguration", Out.obj().with("encryptionType", t.encryptionType()).with("kmsKey", t.kmsKey()))
                .with("resourceTags", TagOperations.wire(t.resourceTags() == null ? List.of() : t.resourceTags()))
                .with("imageTagMutability", t.imageTagMutability()).with("imageTagMutabilityExclusionFilters", exclusions)
                .with("repositoryPolicy", t.repositoryPolicy()).with("lifecyclePolicy", t.lifecyclePolicy())
                .with("appliedFor", t.appliedFor()).with("customRoleArn", t.customRoleArn())
                .with("createdAt", t.createdAt()).with("updatedAt", t.updatedAt());
    }

    private static Object describe(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        List<String> prefixes = Doc.strings(in, "prefixes");
        List<CreationTemplate> selected;
        if (!prefixes.isEmpty()) {
            selected = new ArrayList<>();
            for (String p : prefixes) {
                String key = prefix(Map.of("prefix", p));
                ecr.registry.store().get(Records.CREATION_TEMPLATE, key).ifPresent(selected::add); // ECR leaves unknown prefixes out
            }
        } else {
            selected = ecr.registry.store().list(Records.CREATION_TEMPLATE).stream().sorted(Comparator.comparing(CreationTemplate::prefix)).toList();
        }
        Pages<CreationTemplate> page = Pages.of(selected, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 1000);
        return Out.obj().with("registryId", ctx.account())
                .with("repositoryCreationTemplates", page.items().stream().map(TemplateOperations::shape).toList()).with("nextToken", page.nextToken());
    }

    private static Object delete(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String prefix = prefix(in);
        CreationTemplate t = ecr.registry.store().atomically(() -> {
            CreationTemplate old = ecr.registry.store().get(Records.CREATION_TEMPLATE, prefix).orElseThrow(() -> notFound(prefix));
            ecr.registry.store().delete(Records.CREATION_TEMPLATE, prefix);
            return old;
        });
        return Out.obj().with("registryId", ctx.account()).with("repositoryCreationTemplate", shape(t));
    }
}
