package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records.ReplicationDestination;
import io.dockyard.registry.domain.Records.ReplicationRule;
import io.dockyard.registry.domain.Records.SigningRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PutReplicationConfiguration's and PutSigningConfiguration's checks, as ECR's shapes and limits set them. */
class RegistryRulesValidationTest {
    static final RequestContext CTX = new RequestContext("r", "us-east-1", "AKID", "123456789012");

    static Map<String, Object> dest(String region, String account) { return Map.of("region", region, "registryId", account); }

    static Map<String, Object> replication(List<Map<String, Object>> rules) { return Map.of("rules", rules); }

    private static void refused(Runnable r, String code, String text) {
        assertThatThrownBy(r::run).isInstanceOf(AwsException.class).satisfies(e -> {
            assertThat(((AwsException) e).code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void replicationRulesParseWithDuplicatesFoldedAndNoFiltersMeaningEveryRepository() {
        List<ReplicationRule> rules = ReplicationOperations.parse(replication(List.of(
                Map.of("destinations", List.of(dest("eu-west-1", "123456789012"), dest("eu-west-1", "123456789012")),
                        "repositoryFilters", List.of(Map.of("filter", "prod", "filterType", "PREFIX_MATCH"))),
                Map.of("destinations", List.of(dest("us-west-2", "123456789012"))))), CTX);
        assertThat(rules.get(0).destinations()).containsExactly(new ReplicationDestination("eu-west-1", "123456789012"));
        assertThat(rules.get(0).covers("prod/web")).isTrue();
        assertThat(rules.get(0).covers("dev/web")).isFalse();
        assertThat(rules.get(1).covers("dev/web")).isTrue();
        assertThat(ReplicationOperations.parse(replication(List.of()), CTX)).isEmpty();
    }

    @Test
    void replicationRefusesWhatECRRefuses() {
        refused(() -> ReplicationOperations.parse(null, CTX), "ValidationException", "'replicationConfiguration'");
        refused(() -> ReplicationOperations.parse(Map.of(), CTX), "ValidationException", "replicationConfiguration.rules");
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) eleven.add(Map.of("destinations", List.of(dest("eu-west-1", "123456789012"))));
        refused(() -> ReplicationOperations.parse(replication(eleven), CTX), "ValidationException", "less than or equal to 10");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("EU_WEST", "123456789012"))))), CTX),
                "ValidationException", "region");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("eu-west-1", "12345"))))), CTX),
                "ValidationException", "registryId");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("eu-west-1", "999999999999"))))), CTX),
                "InvalidParameterException", "another account");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("us-east-1", "123456789012"))))), CTX),
                "InvalidParameterException", "source registry");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("eu-west-1", "123456789012")),
                "repositoryFilters", List.of(Map.of("filter", "prod", "filterType", "WILDCARD"))))), CTX), "ValidationException", "PREFIX_MATCH");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("eu-west-1", "123456789012")),
                "repositoryFilters", List.of(Map.of("filter", "p", "filterType", "PREFIX_MATCH"))))), CTX), "ValidationException", "greater than or equal to 2");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("eu-west-1", "123456789012")),
                "repositoryFilters", List.of(Map.of("filter", "Prod", "filterType", "PREFIX_MATCH"))))), CTX), "ValidationException", "pattern");
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", List.of(dest("eu-west-1", "123456789012")),
                "repositoryFilters", List.of()))), CTX), "ValidationException", "repositoryFilters");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 26; i++) many.add(dest("region-" + i, "123456789012"));
        refused(() -> ReplicationOperations.parse(replication(List.of(Map.of("destinations", many))), CTX), "InvalidParameterException", "at most 25 unique destinations");
    }

    @Test
    void signingRulesMatchByWildcardAndRefuseBadArnsAndFilters() {
        String arn = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/prod_profile";
        List<SigningRule> rules = SigningOperations.parse(Map.of("rules", List.of(
                Map.of("signingProfileArn", arn, "repositoryFilters", List.of(Map.of("filter", "prod/*", "filterType", "WILDCARD_MATCH"))),
                Map.of("signingProfileArn", arn))));
        assertThat(rules.get(0).covers("prod/web")).isTrue();
        assertThat(rules.get(0).covers("dev/web")).isFalse();
        assertThat(SigningOperations.profiles(rules, "dev/web")).containsExactly(arn);

        refused(() -> SigningOperations.parse(Map.of("rules", List.of(Map.of("signingProfileArn", "arn:aws:signer:us-east-1:123456789012:prod")))),
                "ValidationException", "signingProfileArn");
        refused(() -> SigningOperations.parse(Map.of("rules", List.of(Map.of("signingProfileArn", arn,
                "repositoryFilters", List.of(Map.of("filter", "prod", "filterType", "PREFIX_MATCH")))))), "ValidationException", "WILDCARD_MATCH");
        refused(() -> SigningOperations.parse(Map.of("rules", List.of(Map.of("signingProfileArn", arn,
                "repositoryFilters", List.of(Map.of("filter", "Prod/*", "filterType", "WILDCARD_MATCH")))))), "ValidationException", "pattern");
        refused(() -> SigningOperations.parse(null), "ValidationException", "signingConfiguration");
    }
}
