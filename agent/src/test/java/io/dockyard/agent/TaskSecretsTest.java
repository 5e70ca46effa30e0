package io.dockyard.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskSecretsTest {
    static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf";

    @Test
    void aSecretsManagerArnCarriesAnOptionalJsonKeyStageAndVersion() {
        assertThat(TaskSecrets.AsmReference.parse(ARN)).isEqualTo(new TaskSecrets.AsmReference(ARN, null, null, null));
        assertThat(TaskSecrets.AsmReference.parse(ARN + ":password::")).isEqualTo(new TaskSecrets.AsmReference(ARN, "password", null, null));
        assertThat(TaskSecrets.AsmReference.parse(ARN + "::AWSPREVIOUS:")).isEqualTo(new TaskSecrets.AsmReference(ARN, null, "AWSPREVIOUS", null));
        assertThat(TaskSecrets.AsmReference.parse(ARN + ":user::0123456789abcdef0123456789abcdef"))
                .isEqualTo(new TaskSecrets.AsmReference(ARN, "user", null, "0123456789abcdef0123456789abcdef"));
    }

    @Test
    void parametersAreNotSecretsManagerReferences() {
        assertThat(TaskSecrets.AsmReference.parse("/app/url")).isNull();
        assertThat(TaskSecrets.AsmReference.parse("arn:aws:ssm:us-east-1:000000000000:parameter/app/url")).isNull();
    }

    @Test
    void anSsmArnNamesItsParameterWithTheHierarchysLeadingSlash() {
        assertThat(TaskSecrets.parameterName("arn:aws:ssm:us-east-1:000000000000:parameter/app/url")).isEqualTo("/app/url");
        assertThat(TaskSecrets.parameterName("arn:aws:ssm:us-east-1:000000000000:parameter/plain")).isEqualTo("plain");
        assertThat(TaskSecrets.parameterName("/app/url")).isEqualTo("/app/url");
        assertThat(TaskSecrets.parameterName("plain")).isEqualTo("plain");
    }
}
