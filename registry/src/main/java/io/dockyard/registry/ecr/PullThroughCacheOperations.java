package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.cache.PullThroughCache;
import io.dockyard.registry.cache.Upstream;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.PullThroughCacheRule;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pull-through cache rules: create, describe, update, delete, validate (the caching itself is {@link PullThroughCache}). */
final class PullThroughCacheOperations {
    static final String PREFIX_PATTERN = "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$";
    private static final String CREDENTIAL_PATTERN = "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$";
    private static final Set<String> UPSTREAMS = Set.of("ecr", "ecr-public", "quay", "k8s", "docker-hub", "github-container-registry",
            "azure-container-registry", "gitlab-container-registry", "chainguard");
    /** Upstreams ECR only accepts with a credentialArn. */
    private static final Set<String> AUTHENTICATED = Set.of("docker-hub", "github-container-registry", "azure-container-registry", "gitlab-container-registry");

    private PullThroughCacheOperations() {}

    static List<EcrOp> all(Ecr ecr, PullThroughCache cache) {
        return List.of(
                new EcrOp("CreatePullThroughCacheRule", (in, ctx) -> create(ecr, cache, in, ctx)),
                new EcrOp("DescribePullThroughCacheRules", (in, ctx) -> describe(ecr, in, ctx)),
                new EcrOp("UpdatePullThroughCacheRule", (in, ctx) -> update(ecr, cache, in, ctx)),
                new EcrOp("DeletePullThroughCacheRule", (in, ctx) -> delete(ecr, in, ctx)),
                new EcrOp("ValidatePullThroughCacheRule", (in, ctx) -> validate(ecr, cache, in, ctx)));
    }

    private static AwsException validation(String member, Object value, String constraint) {
        return AwsException.validation("1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must " + constraint);
    }

    /** A rule prefix member: 2 to 30 characters of the PullThroughCacheRuleRepositoryPrefix pattern; stored without a trailing slash. */
    static String prefix(Map<String, Object> in, String member, boolean required) {
        registryId(in);
        String p = Doc.str(in, member);
        if (p == null) {
            if (required) throw validation(member, null, "not be null");
            return null;
        }
        if (p.length() < 2 || p.length() > 30) throw validation(member, p, "have length less than or equal to 30 and greater than or equal to 2");
        if (!p.matches(PREFIX_PATTERN)) throw validation(member, p, "satisfy regular expression pattern: " + PREFIX_PATTERN);
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static void registryId(Map<String, Object> in) {
        String id = Doc.str(in, "registryId");
        if (id != null && !id.matches("[0-9]{12}")) throw validation("registryId", id, "satisfy regular expression pattern: [0-9]{12}");
    }

    private static String credentialArn(Ecr ecr, PullThroughCache cache, Map<String, Object> in) {
        String arn = Doc.str(in, "credentialArn");
        if (arn == null) return null;
        if (arn.length() < 50 || arn.length() > 612) throw validation("credentialArn", arn, "have length less than or equal to 612 and greater than or equal to 50");
        if (!arn.matches(CREDENTIAL_PATTERN)) throw validation("credentialArn", arn, "satisfy regular expression pattern: " + CREDENTIAL_PATTERN);
        String value;
        try {
            value = cache.secretValue(arn);
        } catch (RuntimeException e) {
            throw new AwsException("UnableToAccessSecretException", 400, "The secret '" + arn + "' cannot be accessed: " + e.getMessage());
        }
        if (value == null) throw new AwsException("SecretNotFoundException", 400, "The specified secret '" + arn + "' does not exist.");
        return arn;
    }

    private static PullThroughCacheRule rule(Ecr ecr, String prefix, RequestContext ctx) {
        return ecr.registry.store().get(Records.PULL_THROUGH_CACHE_RULE, prefix).orElseThrow(() -> new AwsException("PullThroughCacheRuleNotFoundException", 400,
                "The pull through cache rule with the prefix '" + prefix + "' does not exist in the registry with id '" + ctx.account() + "'."));
    }

    private static Object create(Ecr ecr, PullThroughCache cache, Map<String, Object> in, RequestContext ctx) {
        String prefix = prefix(in, "ecrRepositoryPrefix", true);
        String url = Doc.str(in, "upstreamRegistryUrl");
        if (url == null) throw validation("upstreamRegistryUrl", null, "not be null");
        String upstream = Doc.str(in, "upstreamRegistry");
        if (upstream != null && !UPSTREAMS.contains(upstream)) {
            throw validation("upstreamRegistry", upstream, "satisfy enum value set: [ecr, ecr-public, quay, k8s, docker-hub, github-container-registry, azure-container-registry, gitlab-container-registry, chainguard]");
        }
        try {
            new Upstream(url, null);
        } catch (IllegalArgumentException e) {
            throw new AwsException("UnsupportedUpstreamRegistryException", 400, "The specified upstream registry '" + url + "' isn't supported.");
        }
        String upstreamPrefix = prefix(in, "upstreamRepositoryPrefix", false);
        if (upstreamPrefix != null && upstream != null && !upstream.equals("ecr")) {
            throw Ecr.invalid("Invalid parameter: upstreamRepositoryPrefix can only be given for an upstream registry of type ecr.");
        }
        String credential = credentialArn(ecr, cache, in);
        if (credential == null && upstream != null && AUTHENTICATED.contains(upstream)) {
            throw Ecr.invalid("Invalid parameter: a credentialArn is required for the upstream registry " + upstream + ".");
        }
        String role = Doc.str(in, "customRoleArn");
        if (role != null && role.length() > 2048) throw validation("customRoleArn", role, "have length less than or equal to 2048");
        var now = ecr.registry.clock().instant();
        PullThroughCacheRule r = new PullThroughCacheRule(prefix, url, upstream, credential, role, upstreamPrefix, now, now);
        ecr.registry.store().atomically(() -> {
            if (ecr.registry.store().get(Records.PULL_THROUGH_CACHE_RULE, prefix).isPresent()) {
                throw new AwsException("PullThroughCacheRuleAlreadyExistsException", 400, "A pull through cache rule with the prefix '" + prefix
                        + "' already exists in the registry with id '" + ctx.account() + "'.");
            }
            ecr.registry.store().put(Records.PULL_THROUGH_CACHE_RULE, r);
        });
        return Out.obj().with("ecrRepositoryPrefix", r.ecrRepositoryPrefix()).with("upstreamRegistryUrl", r.upstreamRegistryUrl())
                .with("createdAt", r.createdAt()).with("registryId", ctx.account()).with("upstreamRegistry", r.upstreamRegistry())
                .with("credentialArn", r.credentialArn()).with("customRoleArn", r.customRoleArn()).with("upstreamRepositoryPrefix", r.upstreamRepositoryPrefix());
    }

    static Map<String, Object> shape(PullThroughCacheRule r, RequestContext ctx) {
        return Out.obj().with("ecrRepositoryPrefix", r.ecrRepositoryPrefix()).with("upstreamRegistryUrl", r.upstreamRegistryUrl())
                .with("createdAt", r.createdAt()).with("registryId", ctx.account()).with("credentialArn", r.credentialArn())
                .with("customRoleArn", r.customRoleArn()).with("upstreamRepositoryPrefix", r.upstreamRepositoryPrefix())
                .with("upstreamRegistry", r.upstreamRegistry()).with("updatedAt", r.updatedAt());
    }

    private static Object describe(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        registryId(in);
        List<String> prefixes = Doc.strings(in, "ecrRepositoryPrefixes");
        List<PullThroughCacheRule> selected;
        if (in.containsKey("ecrRepositoryPrefixes")) {
            if (prefixes.isEmpty() || prefixes.size() > 100) throw validation("ecrRepositoryPrefixes", prefixes, "have length less than or equal to 100 and greater than or equal to 1");
            selected = new ArrayList<>();
            for (String p : prefixes) selected.add(rule(ecr, prefix(Map.of("p", p), "p", true), ctx));
        } else {
            selected = ecr.registry.store().list(Records.PULL_THROUGH_CACHE_RULE).stream()
                    .sorted(Comparator.comparing(PullThroughCacheRule::ecrRepositoryPrefix)).toList();
        }
        Pages<PullThroughCacheRule> page = Pages.of(selected, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 1000);
        return Out.obj().with("pullThroughCacheRules", page.items().stream().map(r -> shape(r, ctx)).toList()).with("nextToken", page.nextToken());
    }

    private static Object update(Ecr ecr, PullThroughCache cache, Map<String, Object> in, RequestContext ctx) {
        String prefix = prefix(in, "ecrRepositoryPrefix", true);
        String credential = credentialArn(ecr, cache, in);
        String role = Doc.str(in, "customRoleArn");
        PullThroughCacheRule r = ecr.registry.store().atomically(() -> {
            PullThroughCacheRule old = rule(ecr, prefix, ctx);
            PullThroughCacheRule n = new PullThroughCacheRule(old.ecrRepositoryPrefix(), old.upstreamRegistryUrl(), old.upstreamRegistry(),
                    credential == null ? old.credentialArn() : credential, role == null ? old.customRoleArn() : role, old.upstreamRepositoryPrefix(),
                    old.createdAt(), ecr.registry.clock().instant());
            ecr.registry.store().put(Records.PULL_THROUGH_CACHE_RULE, n);
            return n;
        });
        return Out.obj().with("ecrRepositoryPrefix", r.ecrRepositoryPrefix()).with("registryId", ctx.account()).with("updatedAt", r.updatedAt())
                .with("credentialArn", r.credentialArn()).with("customRoleArn", r.customRoleArn()).with("upstreamRepositoryPrefix", r.upstreamRepositoryPrefix());
    }

    private static Object delete(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        String prefix = prefix(in, "ecrRepositoryPrefix", true);
        PullThroughCacheRule r = ecr.registry.store().atomically(() -> {
            PullThroughCacheRule old = rule(ecr, prefix, ctx);
            ecr.registry.store().delete(Records.PULL_THROUGH_CACHE_RULE, prefix);
            return old;
        });
        return Out.obj().with("ecrRepositoryPrefix", r.ecrRepositoryPrefix()).with("upstreamRegistryUrl", r.upstreamRegistryUrl())
                .with("createdAt", r.createdAt()).with("registryId", ctx.account()).with("credentialArn", r.credentialArn())
                .with("customRoleArn", r.customRoleArn()).with("upstreamRepositoryPrefix", r.upstreamRepositoryPrefix());
    }

    /** Checks that the secret can be read and the upstream answers its version check with the credentials. */
    private static Object validate(Ecr ecr, PullThroughCache cache, Map<String, Object> in, RequestContext ctx) {
        PullThroughCacheRule r = rule(ecr, prefix(in, "ecrRepositoryPrefix", true), ctx);
        String failure = null;
        try {
            Upstream.Credentials creds = null;
            if (r.credentialArn() != null) {
                String value = cache.secretValue(r.credentialArn());
                if (value == null) throw new IOException("The secret " + r.credentialArn() + " does not exist.");
                creds = PullThroughCache.parseCredentials(value);
            }
            new Upstream(r.upstreamRegistryUrl(), creds).ping();
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
        }
        return Out.obj().with("ecrRepositoryPrefix", r.ecrRepositoryPrefix()).with("registryId", ctx.account())
                .with("upstreamRegistryUrl", r.upstreamRegistryUrl()).with("credentialArn", r.credentialArn()).with("customRoleArn", r.customRoleArn())
                .with("upstreamRepositoryPrefix", r.upstreamRepositoryPrefix()).with("isValid", failure == null).with("failure", failure);
    }
}
