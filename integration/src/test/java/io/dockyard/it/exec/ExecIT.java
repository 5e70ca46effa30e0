package io.dockyard.it.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ECS Exec as users run it: {@code aws ecs execute-command} with Dockyard's session-manager-plugin on
 * PATH, into a real container — a command's output, and an interactive shell in a terminal (tmux) —
 * plus the ExecuteCommandAgent in DescribeTasks and the errors of tasks without exec.
 */
class ExecIT {
    private static DockyardProcess dockyard;
    private static AwsCli aws;
    private static Path pluginDir;
    private static String task, plain;

    @BeforeAll
    static void start() throws Exception {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess("--dns-address", "off").start();
        aws = new AwsCli(dockyard.endpoint());
        pluginDir = Files.createTempDirectory("dockyard-plugin-");
        Path plugin = pluginDir.resolve("session-manager-plugin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(plugin, "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' io.dockyard.server.Main session-manager-plugin \"$@\"\n");
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        aws.run("ecs", "create-cluster", "--cluster-name", "exec").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "list-container-instances", "--cluster", "exec").ok()
                .at("/containerInstanceArns").size() == 1);
        String defs = "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"essential\":true,\"stopTimeout\":2,"
                + "\"command\":[\"sleep\",\"3600\"]}]";
        aws.run("ecs", "register-task-definition", "--family", "exec-app", "--container-definitions", defs).ok();
        task = aws.run("ecs", "run-task", "--cluster", "exec", "--task-definition", "exec-app", "--enable-execute-command").ok().at("/tasks/0/taskArn").asText();
        plain = aws.run("ecs", "run-task", "--cluster", "exec", "--task-definition", "exec-app").ok().at("/tasks/0/taskArn").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(describe(task).at("/lastStatus").asText())
                && "RUNNING".equals(describe(plain).at("/lastStatus").asText()));
    }

    @AfterAll
    static void stop() {
        tmux("kill-server");
        try {
            if (dockyard != null) dockyard.reset();
        } finally {
            if (dockyard != null) dockyard.close();
        }
    }

    private static JsonNode describe(String arn) {
        return new EcsWire(dockyard.endpoint()).call("DescribeTasks", Map.of("cluster", "exec", "tasks", List.of(arn))).at("/tasks/0");
    }

    /** {@code aws ecs execute-command} into the task's container, with the plugin on PATH; returns exit code, stdout and stderr. */
    private static AwsCli.Result exec(String command) throws Exception {
        return cli("ecs", "execute-command", "--cluster", "exec", "--task", task, "--container", "app", "--interactive", "--command", command);
    }

    /** The AWS CLI with the plugin on PATH and stdin at /dev/null. */
    private static AwsCli.Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", dockyard.endpoint()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env(pb.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("execute-command ended").isTrue();
        return new AwsCli.Result(p.exitValue(), out, err.get());
    }

    private static void env(Map<String, String> env) {
        env.put("PATH", pluginDir + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void theTaskShowsItsExecAgentAndACommandPrintsItsOutput() throws Exception {
        JsonNode agent = describe(task).at("/containers/0/managedAgents/0");
        assertThat(agent.at("/name").asText()).isEqualTo("ExecuteCommandAgent");
        assertThat(agent.at("/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(describe(task).at("/enableExecuteCommand").asBoolean()).isTrue();
        assertThat(describe(plain).at("/containers/0/managedAgents").isMissingNode()).isTrue();

        AwsCli.Result r = exec("sh -c 'echo hi; echo from $HOSTNAME; ls /bin/busybox'");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Starting session with SessionId: ecs-execute-command-").contains("hi\r\n").contains("from ")
                .contains("/bin/busybox").contains("Exiting session with sessionId: ecs-execute-command-");
        String hostname = read(new ProcessBuilder("docker", "inspect", "-f", "{{.Config.Hostname}}", describe(task).at("/containers/0/runtimeId").asText())
                .start().getInputStream()).trim();
        assertThat(r.stdout()).contains("from " + hostname);
    }

    @Test
    void tasksWithoutExecAndUnknownContainersGetEcsErrors() throws Exception {
        AwsCli.Result off = cli("ecs", "execute-command", "--cluster", "exec", "--task", plain, "--container", "app", "--interactive",
                "--command", "sh");
        assertThat(off.exitCode()).isNotZero();
        assertThat(off.stderr()).contains("InvalidParameterException").contains("execute command was not enabled");
        AwsCli.Result none = cli("ecs", "execute-command", "--cluster", "exec", "--task", task, "--container", "nope", "--interactive",
                "--command", "sh");
        assertThat(none.stderr()).contains("InvalidParameterException").contains("nope");
    }

    @Test
    void anInteractiveShellWorksInATerminal() throws Exception {
        StringBuilder line = new StringBuilder("env PATH='" + pluginDir + ":/usr/local/bin:/usr/bin:/bin' AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
                + " AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= aws --endpoint-url " + dockyard.endpoint() + " ecs execute-command --cluster exec --task "
                + task + " --container app --interactive --command sh; echo SESSION-ENDED; sleep 120");
        assertThat(tmux("new-session", "-d", "-s", "exec", "-x", "120", "-y", "40", line.toString())).isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> screen().contains("/ #"));
        tmux("send-keys", "-t", "exec", "echo $((6*7))", "Enter");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> screen().contains("\n42"));
        tmux("send-keys", "-t", "exec", "stty size", "Enter");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> screen().matches("(?s).*\\n\\d+ 120\\s.*"));
        tmux("send-keys", "-t", "exec", "exit", "Enter");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> screen().contains("SESSION-ENDED"));
        assertThat(screen()).contains("Exiting session with sessionId: ecs-execute-command-").contains("\nSESSION-ENDED");
    }

    private static String screen() {
        try {
            Process p = new ProcessBuilder("tmux", "-L", "dockyard-it", "capture-pane", "-p", "-t", "exec", "-S", "-200").start();
            return read(p.getInputStream());
        } catch (IOException e) {
            return "";
        }
    }

    private static int tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", "dockyard-it"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
