package io.dockyard.registry.ecr;

import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.registry.auth.RegistryTokens;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Records.ResourceTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Repositories: create, describe, delete, tag mutability, plus GetAuthorizationToken. */
final class RepositoryOperations {
    private static final Set<String> MUTABILITY = Set.of("MUTABLE", "IMMUTABLE", "MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION");
    private static final Set<String> ENCRYPTION = Set.of("AES256", "KMS", "KMS_DSSE");

    private RepositoryOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("CreateRepository", (in, ctx) -> create(ecr, in, ctx)),
                new EcrOp("DescribeRepositories", (in, ctx) -> describe(ecr, in, ctx)),
                new EcrOp("DeleteRepository", (in, ctx) -> delete(ecr, in, ctx)),
                new EcrOp("PutImageTagMutability", (in, ctx) -> putMutability(ecr, in, ctx)),
                new EcrOp("GetAuthorizationToken", (in, ctx) -> authorizationToken(ecr, in, ctx)));
    }

    private static Object create(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String name = ecr.repositoryName(in);
        String mutability = mutability(in);
        List<String> exclusions = exclusions(in, mutability == null ? "MUTABLE" : mutability);
        Map<String, Object> scan = Doc.map(in, "imageScanningConfiguration");
        boolean scanOnPush = Boolean.TRUE.equals(Doc.bool(scan, "scanOnPush"));
        Map<String, Object> enc = Doc.map(in, "encryptionConfiguration");
        String encType = enc == null ? "AES256" : Doc.str(enc, "encryptionType");
        String kmsKey = Doc.str(enc, "kmsKey");
        if (encType == null || !ENCRYPTION.contains(encType)) throw Ecr.invalid("Invalid parameter at 'encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]'");
        if (kmsKey != null && encType.equals("AES256")) throw Ecr.invalid("Invalid parameter at 'kmsKey': a KMS key may only be given with encryptionType KMS or KMS_DSSE.");
        List<ResourceTag> tags = TagOperations.parse(in, "tags", List.of());
        Repository r = new Repository(name, ecr.registry.clock().instant(), mutability == null ? "MUTABLE" : mutability, scanOnPush,
                encType, kmsKey, tags, null, null, null, exclusions);
        ecr.registry.store().atomically(() -> {
            if (ecr.registry.findRepository(name).isPresent()) {
                throw new AwsException("RepositoryAlreadyExistsException", 400, "The repository with name '" + name + "' already exists in the registry with id '" + ctx.account() + "'");
            }
            ecr.registry.store().put(Records.REPOSITORY, r);
        });
        return Out.obj().with("repository", ecr.shape(r, ctx));
    }

    private static String mutability(Map<String, Object> in) {
        String m = Doc.str(in, "imageTagMutability");
        if (m != null && !MUTABILITY.contains(m)) {
            throw Ecr.invalid("Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]'");
        }
        return m;
    }

    private static Object describe(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        List<String> names = Doc.strings(in, "repositoryNames");
        Integer max = Doc.integer(in, "maxResults");
        List<Repository> selected;
        if (!names.isEmpty()) {
            if (max != null || Doc.str(in, "nextToken") != null) throw Ecr.invalid("maxResults and nextToken cannot be used with repositoryNames.");
            selected = new ArrayList<>();
            for (String n : names) {
                selected.add(ecr.repository(Map.of("repositoryName", n), ctx));
            }
        } else {
            selected = ecr.registry.repositories();
        }
        Pages<Repository> page = Pages.of(selected, max, Doc.str(in, "nextToken"), 1000);
        return Out.obj().with("repositories", page.items().stream().map(r -> ecr.shape(r, ctx)).toList()).with("nextToken", page.nextToken());
    }

    private static Object delete(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        boolean force = Boolean.TRUE.equals(Doc.bool(in, "force"));
        return ecr.registry.store().atomically(() -> {
            Repository r = ecr.repository(in, ctx);
            if (!force && !ecr.registry.images(r.name()).isEmpty()) {
                throw new AwsException("RepositoryNotEmptyException", 400, "The repository with name '" + r.name() + "' in registry with id '" + ctx.account() + "' cannot be deleted because it still contains images");
            }
            ecr.registry.deleteRepository(r.name());
            return Out.obj().with("repository", ecr.shape(r, ctx));
        });
    }

    private static Object putMutability(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String m = mutability(in);
        if (m == null) throw Ecr.invalid("Missing required parameter: imageTagMutability");
        List<String> exclusions = exclusions(in, m);
        Repository r = ecr.update(in, ctx, old -> old.withMutability(m, exclusions));
        return Ecr.head(ctx, r.name()).with("imageTagMutability", m).with("imageTagMutabilityExclusionFilters", Ecr.exclusionFilters(r));
    }

    /**
     * The WILDCARD filters of {@code imageTagMutabilityExclusionFilters}: 1 to 5, required with the *_WITH_EXCLUSION settings and
     * refused with the others.
     */
    static List<String> exclusions(Map<String, Object> in, String mutability) {
        List<Map<String, Object>> filters = Doc.maps(in, "imageTagMutabilityExclusionFilters");
        boolean with = mutability.endsWith("_WITH_EXCLUSION");
        if (!with) {
            if (!filters.isEmpty()) throw Ecr.invalid("Invalid parameter: imageTagMutabilityExclusionFilters can only be given with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION.");
            return List.of();
        }
        if (filters.isEmpty() || filters.size() > 5) {
            throw Ecr.invalid("Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'Member must have length between 1 and 5'");
        }
        List<String> out = new ArrayList<>();
        for (Map<String, Object> f : filters) {
            if (!"WILDCARD".equals(Doc.str(f, "filterType"))) {
                throw Ecr.invalid("Invalid parameter at 'imageTagMutabilityExclusionFilters.filterType' failed to satisfy constraint: 'Member must satisfy enum value set: [WILDCARD]'");
            }
            String v = Doc.str(f, "filter");
            if (v == null || !v.matches("[0-9a-zA-Z._*-]{1,128}")) {
                throw Ecr.invalid("Invalid parameter at 'imageTagMutabilityExclusionFilters.filter' failed to satisfy constraint: 'Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}$'");
            }
            out.add(v);
        }
        return out;
    }

    private static Object authorizationToken(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        List<String> ids = Doc.strings(in, "registryIds");
        for (String id : ids) {
            if (!id.matches("[0-9]{12}")) throw Ecr.invalid("Invalid parameter at 'registryIds' failed to satisfy constraint: 'Member must satisfy regular expression pattern: [0-9]{12}'");
        }
        RegistryTokens.Issued t = ecr.tokens.issue(ctx.accessKeyId());
        Map<String, Object> data = Out.obj().with("authorizationToken", t.authorizationToken()).with("expiresAt", t.expiresAt())
                .with("proxyEndpoint", ecr.registryUrl);
        int n = Math.max(1, ids.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(data);
        return Out.obj().with("authorizationData", list);
    }
}
