package io.dockyard.asg.instances;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command provider runs the user's script with the launch's arguments and the agent's variables. */
class CommandInstancesTest {

    @Test
    void aLaunchPassesItsArgumentsAndTheAgentsKeyAndCaToTheScript(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("calls");
        Path script = dir.resolve("hosts.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$* key=$DOCKYARD_AGENT_ACCESS_KEY_ID secret=$DOCKYARD_AGENT_SECRET_ACCESS_KEY ca=$DOCKYARD_CA_BUNDLE\" >> " + out + "\n");
        script.toFile().setExecutable(true);
        CommandInstances hosts = new CommandInstances(script.toString(), "https://cp:4566",
                () -> Map.of("DOCKYARD_AGENT_ACCESS_KEY_ID", "AKIDAGENT", "DOCKYARD_AGENT_SECRET_ACCESS_KEY", "s3cr3t", "DOCKYARD_CA_BUNDLE", "/data/ca.pem"));

        hosts.launch("i-1", "prod", 2048, 4096);
        hosts.terminate("i-1");

        assertThat(Files.readAllLines(out)).containsExactly(
                "launch i-1 prod 2048 4096 https://cp:4566 key=AKIDAGENT secret=s3cr3t ca=/data/ca.pem",
                "terminate i-1 key= secret= ca=");
    }

    @Test
    void aFailingScriptIsReported(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("fail.sh");
        Files.writeString(script, "#!/bin/sh\nexit 3\n");
        script.toFile().setExecutable(true);
        CommandInstances hosts = new CommandInstances(script.toString(), "http://cp:4566", Map::of);
        assertThatThrownBy(() -> hosts.launch("i-2", "prod", 1024, 1024)).hasMessageContaining("exited 3");
    }
}
