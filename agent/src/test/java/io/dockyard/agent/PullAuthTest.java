package io.dockyard.agent;

import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskOverride;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which credentials a pull and a task's secrets need, by task definition and mode. */
class PullAuthTest {
    static final Map<String, Object> CREDS = Map.of("repositoryCredentials",
            Map.of("credentialsParameter", "arn:aws:secretsmanager:us-east-1:000000000000:secret:hub-AbCdEf"));

    @Test
    void repositoryCredentialsAreUsedForOtherRegistriesInBothModes() {
        assertThat(PullAuth.decide(CREDS, false, false)).isEqualTo(PullAuth.Need.REPOSITORY_CREDENTIALS);
        assertThat(PullAuth.decide(CREDS, false, true)).isEqualTo(PullAuth.Need.REPOSITORY_CREDENTIALS);
    }

    @Test
    void dockyardsRegistryNeedsTheExecutionRoleInSecureModeOnly() {
        assertThat(PullAuth.decide(Map.of(), true, true)).isEqualTo(PullAuth.Need.EXECUTION_ROLE_TOKEN);
        assertThat(PullAuth.decide(Map.of(), true, false)).isEqualTo(PullAuth.Need.AGENT_LOGIN);
        assertThat(PullAuth.decide(CREDS, true, true)).as("ECS ignores repositoryCredentials for ECR images").isEqualTo(PullAuth.Need.EXECUTION_ROLE_TOKEN);
    }

    @Test
    void otherImagesWithoutCredentialsNeedNothing() {
        assertThat(PullAuth.decide(Map.of(), false, true)).isEqualTo(PullAuth.Need.NONE);
        assertThat(PullAuth.decide(Map.of("repositoryCredentials", Map.of()), false, true)).isEqualTo(PullAuth.Need.NONE);
    }

    @Test
    void theExecutionRoleIsTheOverridesElseTheTaskDefinitions() {
        Map<String, Object> def = Map.of("executionRoleArn", "arn:aws:iam::000000000000:role/exec");
        Task plain = new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/1").build();
        Task overridden = new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/2")
                .overrides(new TaskOverride(List.of(), null, null, "arn:aws:iam::000000000000:role/other", null, null)).build();
        assertThat(ExecutionRole.arn(plain, def)).isEqualTo("arn:aws:iam::000000000000:role/exec");
        assertThat(ExecutionRole.arn(overridden, def)).isEqualTo("arn:aws:iam::000000000000:role/other");
        assertThat(ExecutionRole.arn(plain, Map.of("executionRoleArn", " "))).isNull();
        assertThat(ExecutionRole.arn(plain, Map.of())).isNull();
    }
}
