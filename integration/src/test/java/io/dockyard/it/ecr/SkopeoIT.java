package io.dockyard.it.ecr;

import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** skopeo (containers/image, another client implementation) copies between Dockyard and an OCI layout directory. */
class SkopeoIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void copiesIntoAndOutOfAnOciLayout() throws IOException {
        String registry = "localhost:" + dockyard.process().port();
        String password = dockyard.cli().run("ecr", "get-login-password").stdout().trim();
        String creds = "AWS:" + password;
        dockyard.cli().run("ecr", "create-repository", "--repository-name", "skopeo/src").ok();
        dockyard.cli().run("ecr", "create-repository", "--repository-name", "skopeo/dst").ok();
        Path layout = Files.createTempDirectory("oci-layout-");
        Map<String, String> env = Map.of();

        // docker-daemon -> Dockyard, then Dockyard -> OCI layout -> Dockyard (another repository)
        Cmd.run(env, null, "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds,
                "docker-daemon:" + Docker.BUSYBOX, "docker://" + registry + "/skopeo/src:v1").ok();
        Cmd.run(env, null, "skopeo", "copy", "--src-tls-verify=false", "--src-creds", creds,
                "docker://" + registry + "/skopeo/src:v1", "oci:" + layout + ":v1").ok();
        assertThat(layout.resolve("index.json")).exists();
        Cmd.run(env, null, "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds,
                "oci:" + layout + ":v1", "docker://" + registry + "/skopeo/dst:copied").ok();

        String inspected = Cmd.run(env, null, "skopeo", "inspect", "--tls-verify=false", "--creds", creds, "docker://" + registry + "/skopeo/dst:copied").ok().out();
        assertThat(inspected).contains("\"copied\"").contains("\"Os\": \"linux\"");
        var detail = dockyard.cli().run("ecr", "describe-images", "--repository-name", "skopeo/dst").ok().path("imageDetails").get(0);
        assertThat(detail.path("imageManifestMediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");

        Cmd.Result anonymous = Cmd.run(env, null, "skopeo", "inspect", "--tls-verify=false", "docker://" + registry + "/skopeo/dst:copied");
        assertThat(anonymous.exit()).isNotZero();
    }
}
