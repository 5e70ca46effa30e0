package io.dockyard.registry.ecr;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EcrAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");

    @Test
    void repositoriesAreTheirArnsAndTheTokenIsUnscoped() {
        EcrAccess ecr = new EcrAccess();
        assertThat(ecr.resources("PutImage", Map.of("repositoryName", "team/web"), CTX)).containsExactly("arn:aws:ecr:eu-west-1:123456789012:repository/team/web");
        assertThat(ecr.resources("GetAuthorizationToken", Map.of(), CTX)).isEmpty();
        assertThat(ecr.resources("DescribeRepositories", Map.of("repositoryNames", List.of("a", "b")), CTX))
                .containsExactly("arn:aws:ecr:eu-west-1:123456789012:repository/a", "arn:aws:ecr:eu-west-1:123456789012:repository/b");
        assertThat(ecr.resources("DescribeRepositories", Map.of(), CTX)).isEmpty();
        for (String op : List.of("UpdateImageStorageClass", "DescribeImageReplicationStatus", "DescribeImageSigningStatus")) {
            assertThat(ecr.resources(op, Map.of("repositoryName", "team/web"), CTX)).as(op).containsExactly("arn:aws:ecr:eu-west-1:123456789012:repository/team/web");
        }
    }

    @Test
    void pullThroughCacheRulesAndCreationTemplatesAreRegistryWide() {
        EcrAccess ecr = new EcrAccess();
        for (String op : List.of("CreatePullThroughCacheRule", "DescribePullThroughCacheRules", "UpdatePullThroughCacheRule", "DeletePullThroughCacheRule",
                "ValidatePullThroughCacheRule", "CreateRepositoryCreationTemplate", "DescribeRepositoryCreationTemplates",
                "UpdateRepositoryCreationTemplate", "DeleteRepositoryCreationTemplate", "PutReplicationConfiguration", "DescribeRegistry",
                "PutSigningConfiguration", "GetSigningConfiguration", "DeleteSigningConfiguration", "RegisterPullTimeUpdateExclusion",
                "DeregisterPullTimeUpdateExclusion", "ListPullTimeUpdateExclusions")) {
            assertThat(ecr.resources(op, Map.of("ecrRepositoryPrefix", "hub", "prefix", "hub"), CTX)).as(op).isEmpty();
        }
    }
}
