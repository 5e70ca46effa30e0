package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.ReplicationConfiguration;
import io.dockyard.registry.domain.Records.ReplicationDestination;
import io.dockyard.registry.domain.Records.ReplicationRule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replication: PutReplicationConfiguration (validated as ECR does), DescribeRegistry (the rules) and
 * DescribeImageReplicationStatus (per destination, recorded when the image was pushed; see
 * {@link io.dockyard.registry.domain.ImageStates}). Destinations are regions of this account only.
 */
final class ReplicationOperations {
    static final String REGION = "[0-9a-z-]{2,25}", REGISTRY_ID = "[0-9]{12}";
    static final String PREFIX_FILTER = "^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$";
    /** ECR's limit on distinct destinations over all rules. */
    static final int MAX_DESTINATIONS = 25;

    private ReplicationOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("PutReplicationConfiguration", (in, ctx) -> {
                    List<ReplicationRule> rules = parse(Doc.map(in, "replicationConfiguration"), ctx);
                    ecr.registry.store().put(Records.REPLICATION, new ReplicationConfiguration(Records.REPLICATION_KEY, rules));
                    return Out.obj().with("replicationConfiguration", shape(rules));
                }),
                new EcrOp("DescribeRegistry", (in, ctx) -> Out.obj().with("registryId", ctx.account())
                        .with("replicationConfiguration", shape(rules(ecr)))),
                new EcrOp("DescribeImageReplicationStatus", (in, ctx) -> status(ecr, in, ctx)));
    }

    static List<ReplicationRule> rules(Ecr ecr) {
        return ecr.registry.store().get(Records.REPLICATION, Records.REPLICATION_KEY).map(ReplicationConfiguration::rules).orElse(List.of());
    }

    static AwsException validation(String member, Object value, String constraint) {
        return AwsException.validation("1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must " + constraint);
    }

    /** The rules of a {@code replicationConfiguration}, checked against ECR's shapes and limits. */
    static List<ReplicationRule> parse(Map<String, Object> config, RequestContext ctx) {
        if (config == null) throw validation("replicationConfiguration", null, "not be null");
        if (!(config.get("rules") instanceof List<?>)) throw validation("replicationConfiguration.rules", null, "not be null");
        List<Map<String, Object>> rules = Doc.maps(config, "rules");
        if (rules.size() > 10) throw validation("replicationConfiguration.rules", "[...]", "have length less than or equal to 10");
        List<ReplicationRule> out = new ArrayList<>();
        Set<ReplicationDestination> distinct = new LinkedHashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "replicationConfiguration.rules." + (i + 1) + ".member";
            Map<String, Object> rule = rules.get(i);
            if (!(rule.get("destinations") instanceof List<?>)) throw validation(at + ".destinations", null, "not be null");
            List<Map<String, Object>> dests = Doc.maps(rule, "destinations");
            if (dests.size() > 100) throw validation(at + ".destinations", "[...]", "have length less than or equal to 100");
            List<ReplicationDestination> destinations = new ArrayList<>();
            for (Map<String, Object> d : dests) {
                String region = Doc.str(d, "region"), registryId = Doc.str(d, "registryId");
                if (region == null) throw validation(at + ".destinations.member.region", null, "not be null");
                if (!region.matches(REGION)) throw validation(at + ".destinations.member.region", region, "satisfy regular expression pattern: " + REGION);
                if (registryId == null) throw validation(at + ".destinations.member.registryId", null, "not be null");
                if (!registryId.matches(REGISTRY_ID)) throw validation(at + ".destinations.member.registryId", registryId, "satisfy regular expression pattern: " + REGISTRY_ID);
                if (!registryId.equals(ctx.account())) {
                    throw Ecr.invalid("Invalid parameter: replication destination registry '" + registryId + "' is another account; Dockyard replicates only between regions of account " + ctx.account() + ".");
                }
                if (region.equals(ctx.region())) {
                    throw Ecr.invalid("Invalid parameter: a replication destination cannot be the source registry itself (region " + region + ", registry " + registryId + ").");
                }
                ReplicationDestination dest = new ReplicationDestination(region, registryId);
                if (!destinations.contains(dest)) destinations.add(dest);
                distinct.add(dest);
            }
            List<String> prefixes = new ArrayList<>();
            if (rule.containsKey("repositoryFilters")) {
                List<Map<String, Object>> filters = Doc.maps(rule, "repositoryFilters");
                if (filters.isEmpty() || filters.size() > 100) throw validation(at + ".repositoryFilters", "[...]", "have length less than or equal to 100 and greater than or equal to 1");
                for (Map<String, Object> f : filters) {
                    String filter = Doc.str(f, "filter"), type = Doc.str(f, "filterType");
                    if (!"PREFIX_MATCH".equals(type)) throw validation(at + ".repositoryFilters.member.filterType", type, "satisfy enum value set: [PREFIX_MATCH]");
                    if (filter == null) throw validation(at + ".repositoryFilters.member.filter", null, "not be null");
                    if (filter.length() < 2 || filter.length() > 256) throw validation(at + ".repositoryFilters.member.filter", filter, "have length less than or equal to 256 and greater than or equal to 2");
                    if (!filter.matches(PREFIX_FILTER)) throw validation(at + ".repositoryFilters.member.filter", filter, "satisfy regular expression pattern: " + PREFIX_FILTER);
                    if (!prefixes.contains(filter)) prefixes.add(filter);
                }
            }
            out.add(new ReplicationRule(destinations, prefixes));
        }
        if (distinct.size() > MAX_DESTINATIONS) {
            throw Ecr.invalid("Invalid parameter: a replication configuration can have at most " + MAX_DESTINATIONS + " unique destinations across its rules; it has " + distinct.size() + ".");
        }
        return out;
    }

    static Map<String, Object> shape(List<ReplicationRule> rules) {
        List<Map<String, Object>> wire = new ArrayList<>();
        for (ReplicationRule r : rules) {
            wire.add(Out.obj()
                    .with("destinations", r.destinations().stream().map(d -> (Map<String, Object>) Out.obj().with("region", d.region()).with("registryId", d.registryId())).toList())
                    .withNonEmpty("repositoryFilters", r.prefixes().stream().map(p -> (Map<String, Object>) Out.obj().with("filter", p).with("filterType", "PREFIX_MATCH")).toList()));
        }
        return Out.obj().with("rules", wire);
    }

    private static Object status(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Image image = StorageClassOperations.image(ecr, in, ctx);
        List<Map<String, Object>> statuses = ecr.registry.store().get(Records.IMAGE_REPLICATION, image.key()).map(r -> r.destinations().stream()
                .map(s -> (Map<String, Object>) Out.obj().with("region", s.region()).with("registryId", s.registryId())
                        .with("status", s.status()).with("failureCode", s.failureCode())).toList()).orElse(List.of());
        return Out.obj().with("repositoryName", image.repository()).with("imageId", StorageClassOperations.imageId(ecr, image, in))
                .with("replicationStatuses", statuses);
    }
}
