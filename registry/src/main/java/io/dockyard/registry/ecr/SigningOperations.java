package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.SigningConfiguration;
import io.dockyard.registry.domain.Records.SigningRule;
import io.dockyard.registry.domain.Registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signing configuration (Put/Get/DeleteSigningConfiguration) and DescribeImageSigningStatus. Dockyard has no AWS Signer
 * and signs nothing itself: an image a rule covers is COMPLETE when a signature references it (a manifest whose
 * {@code subject} is the image and whose artifact type is a Notation or cosign signature, pushed by {@code notation sign}
 * or {@code cosign sign}), FAILED otherwise.
 */
final class SigningOperations {
    static final String PROFILE_ARN = "^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$";
    static final String FILTER = "^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$";
    /** Artifact types of signatures: Notation, cosign's OCI 1.1 referrer and its Sigstore bundles. */
    static final Set<String> SIGNATURE_TYPES = Set.of("application/vnd.cncf.notary.signature", "application/vnd.dev.cosign.artifact.sig.v1+json",
            "application/vnd.dev.sigstore.bundle.v0.3+json", "application/vnd.dev.sigstore.bundle+json;version=0.3");

    private SigningOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("PutSigningConfiguration", (in, ctx) -> {
                    List<SigningRule> rules = parse(Doc.map(in, "signingConfiguration"));
                    ecr.registry.store().put(Records.SIGNING, new SigningConfiguration(Records.SIGNING_KEY, rules));
                    return Out.obj().with("signingConfiguration", shape(rules));
                }),
                new EcrOp("GetSigningConfiguration", (in, ctx) -> Out.obj().with("registryId", ctx.account())
                        .with("signingConfiguration", shape(stored(ecr, ctx)))),
                new EcrOp("DeleteSigningConfiguration", (in, ctx) -> Out.obj().with("registryId", ctx.account())
                        .with("signingConfiguration", shape(ecr.registry.store().atomically(() -> {
                            List<SigningRule> rules = stored(ecr, ctx);
                            ecr.registry.store().delete(Records.SIGNING, Records.SIGNING_KEY);
                            return rules;
                        })))),
                new EcrOp("DescribeImageSigningStatus", (in, ctx) -> status(ecr, in, ctx)));
    }

    private static List<SigningRule> stored(Ecr ecr, RequestContext ctx) {
        return ecr.registry.store().get(Records.SIGNING, Records.SIGNING_KEY).map(SigningConfiguration::rules)
                .orElseThrow(() -> new AwsException("SigningConfigurationNotFoundException", 400,
                        "The signing configuration does not exist in the registry with id '" + ctx.account() + "'"));
    }

    static List<SigningRule> parse(Map<String, Object> config) {
        if (config == null) throw ReplicationOperations.validation("signingConfiguration", null, "not be null");
        if (!(config.get("rules") instanceof List<?>)) throw ReplicationOperations.validation("signingConfiguration.rules", null, "not be null");
        List<Map<String, Object>> rules = Doc.maps(config, "rules");
        if (rules.size() > 10) throw ReplicationOperations.validation("signingConfiguration.rules", "[...]", "have length less than or equal to 10");
        List<SigningRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "signingConfiguration.rules." + (i + 1) + ".member";
            Map<String, Object> rule = rules.get(i);
            String arn = Doc.str(rule, "signingProfileArn");
            if (arn == null) throw ReplicationOperations.validation(at + ".signingProfileArn", null, "not be null");
            if (arn.length() > 200) throw ReplicationOperations.validation(at + ".signingProfileArn", arn, "have length less than or equal to 200");
            if (!arn.matches(PROFILE_ARN)) throw ReplicationOperations.validation(at + ".signingProfileArn", arn, "satisfy regular expression pattern: " + PROFILE_ARN);
            List<String> filters = new ArrayList<>();
            if (rule.containsKey("repositoryFilters")) {
                List<Map<String, Object>> given = Doc.maps(rule, "repositoryFilters");
                if (given.isEmpty() || given.size() > 100) throw ReplicationOperations.validation(at + ".repositoryFilters", "[...]", "have length less than or equal to 100 and greater than or equal to 1");
                for (Map<String, Object> f : given) {
                    String filter = Doc.str(f, "filter"), type = Doc.str(f, "filterType");
                    if (!"WILDCARD_MATCH".equals(type)) throw ReplicationOperations.validation(at + ".repositoryFilters.member.filterType", type, "satisfy enum value set: [WILDCARD_MATCH]");
                    if (filter == null) throw ReplicationOperations.validation(at + ".repositoryFilters.member.filter", null, "not be null");
                    if (filter.isEmpty() || filter.length() > 256) throw ReplicationOperations.validation(at + ".repositoryFilters.member.filter", filter, "have length less than or equal to 256 and greater than or equal to 1");
                    if (!filter.matches(FILTER)) throw ReplicationOperations.validation(at + ".repositoryFilters.member.filter", filter, "satisfy regular expression pattern: " + FILTER);
                    if (!filters.contains(filter)) filters.add(filter);
                }
            }
            out.add(new SigningRule(arn, filters));
        }
        return out;
    }

    static Map<String, Object> shape(List<SigningRule> rules) {
        return Out.obj().with("rules", rules.stream().map(r -> (Map<String, Object>) Out.obj().with("signingProfileArn", r.signingProfileArn())
                .withNonEmpty("repositoryFilters", r.filters().stream().map(f -> (Map<String, Object>) Out.obj().with("filter", f).with("filterType", "WILDCARD_MATCH")).toList()))
                .toList());
    }

    /** Whether a signature (Notation, cosign) in the image's repository has the image as its subject. */
    static boolean signed(Registry registry, Image image) {
        return registry.images(image.repository()).stream().anyMatch(i -> image.digest().equals(i.subject())
                && SIGNATURE_TYPES.contains(i.artifactType() != null ? i.artifactType() : i.configMediaType()));
    }

    /** The signing profiles of the rules covering {@code repository}, each once. */
    static List<String> profiles(List<SigningRule> rules, String repository) {
        Set<String> out = new LinkedHashSet<>();
        for (SigningRule r : rules) if (r.covers(repository)) out.add(r.signingProfileArn());
        return new ArrayList<>(out);
    }

    private static Object status(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Image image = StorageClassOperations.image(ecr, in, ctx);
        List<SigningRule> rules = ecr.registry.store().get(Records.SIGNING, Records.SIGNING_KEY).map(SigningConfiguration::rules).orElse(List.of());
        boolean signed = signed(ecr.registry, image);
        List<Map<String, Object>> statuses = profiles(rules, image.repository()).stream().map(p -> (Map<String, Object>) Out.obj()
                .with("signingProfileArn", p).with("status", signed ? "COMPLETE" : "FAILED")
                .with("failureCode", signed ? null : "SignatureNotFound")
                .with("failureReason", signed ? null : "No Notation or cosign signature references this image (Dockyard does not sign images itself).")).toList();
        return Out.obj().with("repositoryName", image.repository()).with("imageId", StorageClassOperations.imageId(ecr, image, in))
                .with("registryId", ctx.account()).with("signingStatuses", statuses);
    }
}
