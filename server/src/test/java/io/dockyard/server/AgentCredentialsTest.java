package io.dockyard.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a remote agent finds its key: options, then the environment, then a profile of the shared credentials file. */
class AgentCredentialsTest {
    @TempDir
    Path home;

    private void credentialsFile() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), """
                [default]
                aws_access_key_id = AKIADEFAULT
                aws_secret_access_key = default-secret
                # a comment
                [host]
                aws_access_key_id=AKIAHOST
                aws_secret_access_key=host-secret
                aws_session_token=token
                """);
    }

    @Test
    void optionsThenEnvironmentThenProfile() throws Exception {
        credentialsFile();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret", "AWS_SESSION_TOKEN", "env-token");
        assertThat(AgentCredentials.resolve("AKIAOPT", "opt-secret", null, null, env, home)).isEqualTo(new AgentCredentials("AKIAOPT", "opt-secret", null));
        assertThat(AgentCredentials.resolve(null, null, null, null, env, home)).isEqualTo(new AgentCredentials("AKIAENV", "env-secret", "env-token"));
        assertThat(AgentCredentials.resolve(null, null, null, null, Map.of(), home)).isEqualTo(new AgentCredentials("AKIADEFAULT", "default-secret", null));
        assertThat(AgentCredentials.resolve(null, null, null, "host", env, home)).isEqualTo(new AgentCredentials("AKIAHOST", "host-secret", "token"));
        assertThat(AgentCredentials.resolve(null, null, null, null, Map.of("AWS_PROFILE", "host"), home).accessKeyId()).isEqualTo("AKIAHOST");
    }

    @Test
    void noKeyAnywhereMeansUnsignedAndHalfAKeyIsAnError() {
        assertThat(AgentCredentials.resolve(null, null, null, null, Map.of(), home)).isNull();
        assertThatThrownBy(() -> AgentCredentials.resolve("AKIAONLY", null, null, null, Map.of(), home)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentCredentials.resolve(null, null, null, "missing", Map.of(), home)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AgentCredentials("AKIAX", "secret", null).toString()).doesNotContain("secret");
    }
}
