package io.dockyard.secrets;

import io.dockyard.protocol.RequestContext;
import io.dockyard.secrets.asm.SecretsManagerAccess;
import io.dockyard.secrets.kms.KmsAccess;
import io.dockyard.secrets.ssm.ParameterStoreAccess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");

    @Test
    void secretsParametersAndKeysAreTheirArns() {
        var asm = new SecretsManagerAccess(id -> "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + id + "-AbCdEf");
        assertThat(asm.resources("GetSecretValue", Map.of("SecretId", "db"), CTX)).containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf");
        assertThat(asm.resources("ListSecrets", Map.of(), CTX)).isEmpty();
        assertThat(new ParameterStoreAccess().resources("GetParameters", Map.of("Names", List.of("/app/url", "plain")), CTX))
                .containsExactly("arn:aws:ssm:eu-west-1:123456789012:parameter/app/url", "arn:aws:ssm:eu-west-1:123456789012:parameter/plain");
        KmsAccess kms = new KmsAccess();
        assertThat(kms.resources("Decrypt", Map.of("KeyId", "1234"), CTX)).containsExactly("arn:aws:kms:eu-west-1:123456789012:key/1234");
        assertThat(kms.resources("Encrypt", Map.of("KeyId", "alias/app"), CTX)).containsExactly("arn:aws:kms:eu-west-1:123456789012:alias/app");
    }
}
