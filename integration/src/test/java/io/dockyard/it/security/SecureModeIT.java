package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Secure mode as an operator bootstraps it: the root key printed once, users and their keys, policies that allow and deny,
 * roles assumed under their trust policies with session credentials, secrets readable only as a policy says — each client
 * (the AWS CLI v1 and v2, the SDK for Java v2, boto3) signing for real, a changed secret or a foreign key refused with AWS's
 * codes — and the embedded agent still running a task with secrets and awslogs, its own calls signed; a task's SDK using
 * its role; ECR access control through the docker CLI (a registry password is issued to the caller's key, and every push
 * and pull is the ECR action it amounts to, authorized by the caller's policies and the repository's policy); the host
 * safety limits; the audit trail.
 */
class SecureModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--secure", "--dns-address", "off", "--allowed-host-paths", "/usr,/lib,/lib64,/root/.pyenv", "--host", "0.0.0.0")
            .withTestImage().withoutReset();
    private static AwsCli root, anonymous;
    private static String registry;
    private static String rootId, rootSecret;

    @BeforeAll
    static void start() {
        List<String> out = dockyard.process().output();
        rootId = value(out, "AWS_ACCESS_KEY_ID=");
        rootSecret = value(out, "AWS_SECRET_ACCESS_KEY=");
        root = dockyard.cli().as(rootId, rootSecret, null);
        anonymous = dockyard.cli();
        registry = "localhost:" + dockyard.process().port();
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the output:\n" + String.join("\n", lines)));
    }

    /** A new user with an access key, as root makes one. */
    private static AwsCli user(String name) {
        root.run("iam", "create-user", "--user-name", name).ok();
        JsonNode key = root.run("iam", "create-access-key", "--user-name", name).ok().at("/AccessKey");
        return dockyard.cli().as(key.at("/AccessKeyId").asText(), key.at("/SecretAccessKey").asText(), null);
    }

    @Test
    void requestsNotSignedByAKeyIamIssuedAreRefusedWithAwsCodes() throws Exception {
        assertThat(anonymous.run("ecs", "list-clusters").stderr()).contains("UnrecognizedClientException").contains("security token included in the request is invalid");
        assertThat(anonymous.run("iam", "list-users").stderr()).contains("InvalidClientTokenId");
        AwsCli wrongSecret = dockyard.cli().as(rootId, rootSecret.substring(1) + "x", null);
        assertThat(wrongSecret.run("ecs", "list-clusters").stderr()).contains("InvalidSignatureException");
        assertThat(wrongSecret.run("sts", "get-caller-identity").stderr()).contains("SignatureDoesNotMatch");
        assertThat(root.run("sts", "get-caller-identity").ok().at("/Arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        // the reset helper is not available in secure mode
        assertThat(dockyard.process().http().send(java.net.http.HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/_dockyard/reset"))
                .header("X-Dockyard-Dev", "1").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    @Test
    void aUsersRightsAreWhatItsPoliciesSay() throws Exception {
        AwsCli ci = user("ci");
        assertThat(ci.run("sts", "get-caller-identity").ok().at("/Arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/ci");
        assertThat(ci.run("ecs", "list-clusters").stderr()).contains("AccessDeniedException")
                .contains("User: arn:aws:iam::000000000000:user/ci is not authorized to perform: ecs:ListClusters on resource: *");
        String policy = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Effect", "Allow", "Action", List.of("ecs:List*", "ecs:Describe*", "ecs:CreateCluster"), "Resource", "*"),
                Map.of("Effect", "Deny", "Action", "ecs:CreateCluster", "Resource", "arn:aws:ecs:*:*:cluster/prod-*"))));
        root.run("iam", "put-user-policy", "--user-name", "ci", "--policy-name", "deploy", "--policy-document", policy).ok();
        assertThat(ci.run("ecs", "list-clusters").exitCode()).isZero();
        assertThat(ci.run("ecs", "create-cluster", "--cluster-name", "dev-1").ok().at("/cluster/status").asText()).isEqualTo("ACTIVE");
        assertThat(ci.run("ecs", "create-cluster", "--cluster-name", "prod-1").stderr()).contains("AccessDeniedException").contains("explicit deny");
        assertThat(ci.run("ecs", "delete-cluster", "--cluster", "dev-1").stderr()).contains("AccessDeniedException");
        assertThat(ci.run("iam", "create-user", "--user-name", "mallory").stderr()).contains("AccessDenied");
        assertThat(root.run("iam", "get-user-policy", "--user-name", "ci", "--policy-name", "deploy").ok().at("/PolicyDocument/Statement/1/Effect").asText())
                .isEqualTo("Deny");
        // a malformed policy changes nothing
        assertThat(root.run("iam", "put-user-policy", "--user-name", "ci", "--policy-name", "bad", "--policy-document", "{\"Statement\":[{\"Effect\":\"Allow\"}]}")
                .stderr()).contains("MalformedPolicyDocument");
        assertThat(root.run("iam", "list-user-policies", "--user-name", "ci").ok().at("/PolicyNames").toString()).isEqualTo("[\"deploy\"]");

        // the same user's key through the other clients
        JsonNode key = root.run("iam", "create-access-key", "--user-name", "ci").ok().at("/AccessKey");
        String id = key.at("/AccessKeyId").asText(), secret = key.at("/SecretAccessKey").asText();
        assertThat(dockyard.cli().v2().as(id, secret, null).run("ecs", "list-clusters").exitCode()).isZero();
        try (EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(dockyard.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(io.dockyard.it.support.Sdk.trusting(dockyard.process().caFile())).build()) {
            assertThat(ecs.listClusters().clusterArns()).isNotEmpty();
            assertThatThrownBy(() -> ecs.deleteCluster(r -> r.cluster("dev-1"))).isInstanceOf(EcsException.class)
                    .satisfies(e -> assertThat(((EcsException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
        String clusters = String.valueOf(root.run("ecs", "list-clusters").ok().at("/clusterArns").size()); // other tests may have made some
        assertThat(boto3(id, secret, "print(boto3.client('sts', **kw).get_caller_identity()['Arn']); print(len(boto3.client('ecs', **kw).list_clusters()['clusterArns']))"))
                .containsExactly("arn:aws:iam::000000000000:user/ci", clusters);
        // the user's own key, then deleted: refused
        root.run("iam", "delete-access-key", "--user-name", "ci", "--access-key-id", id).ok();
        assertThat(dockyard.cli().as(id, secret, null).run("ecs", "list-clusters").stderr()).contains("UnrecognizedClientException");

        // every authenticated call is in the audit trail, refused ones with their error
        JsonNode events = root.run("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=Username,AttributeValue=ci").ok().at("/Events");
        List<String> seen = new ArrayList<>();
        events.forEach(e -> seen.add(e.at("/EventName").asText()));
        assertThat(seen).contains("CreateCluster", "DeleteCluster", "ListClusters", "GetCallerIdentity");
        JsonNode denied = null;
        for (JsonNode e : events) if (e.at("/EventName").asText().equals("DeleteCluster")) denied = JSON.readTree(e.at("/CloudTrailEvent").asText());
        assertThat(denied).isNotNull();
        assertThat(denied.at("/errorCode").asText()).isEqualTo("AccessDeniedException");
        assertThat(denied.at("/userIdentity/arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/ci");
        assertThat(denied.at("/eventSource").asText()).isEqualTo("ecs.amazonaws.com");
    }

    /** Runs boto3 with these credentials against the endpoint ({@code kw}: the client arguments); its output lines. */
    private static List<String> boto3(String id, String secret, String code) throws Exception {
        String script = "import boto3\nkw = dict(endpoint_url='" + dockyard.endpoint() + "', verify='" + dockyard.process().caFile()
                + "', region_name='us-east-1', aws_access_key_id='" + id
                + "', aws_secret_access_key='" + secret + "')\n" + code.replace("; ", "\n") + "\n";
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void rolesAreAssumedAsTheirTrustPoliciesAllow() throws Exception {
        AwsCli dev = user("dev");
        String trust = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Principal", Map.of("AWS", "arn:aws:iam::000000000000:user/dev"), "Action", "sts:AssumeRole",
                "Condition", Map.of("StringEquals", Map.of("sts:ExternalId", "ext-42"))))));
        String roleArn = root.run("iam", "create-role", "--role-name", "registry-reader", "--assume-role-policy-document", trust).ok().at("/Role/Arn").asText();
        root.run("iam", "attach-role-policy", "--role-name", "registry-reader", "--policy-arn", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly").ok();
        root.run("ecr", "create-repository", "--repository-name", "team/web").ok();

        assertThat(dev.run("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "s1").stderr()).contains("AccessDenied");
        JsonNode assumed = dev.run("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "s1", "--external-id", "ext-42").ok();
        JsonNode c = assumed.at("/Credentials");
        assertThat(c.at("/AccessKeyId").asText()).startsWith("ASIA");
        AwsCli session = dockyard.cli().as(c.at("/AccessKeyId").asText(), c.at("/SecretAccessKey").asText(), c.at("/SessionToken").asText());
        assertThat(session.run("sts", "get-caller-identity").ok().at("/Arn").asText()).isEqualTo("arn:aws:sts::000000000000:assumed-role/registry-reader/s1");
        assertThat(session.run("ecr", "describe-repositories", "--repository-names", "team/web").ok().at("/repositories/0/repositoryName").asText())
                .isEqualTo("team/web");
        assertThat(session.run("ecr", "create-repository", "--repository-name", "other").stderr()).contains("AccessDeniedException")
                .contains("assumed-role/registry-reader/s1");
        // the session token is part of the credentials: without it, or changed, the key is refused
        AwsCli noToken = dockyard.cli().as(c.at("/AccessKeyId").asText(), c.at("/SecretAccessKey").asText(), null);
        assertThat(noToken.run("ecr", "describe-repositories", "--repository-names", "team/web").stderr()).contains("UnrecognizedClientException");
        AwsCli badToken = dockyard.cli().as(c.at("/AccessKeyId").asText(), c.at("/SecretAccessKey").asText(), c.at("/SessionToken").asText() + "x");
        assertThat(badToken.run("ecr", "describe-repositories", "--repository-names", "team/web").stderr()).contains("UnrecognizedClientException");
    }

    @Test
    void secretsAreReadableOnlyAsPoliciesSay() throws Exception {
        root.run("secretsmanager", "create-secret", "--name", "app/db", "--secret-string", "app-pass").ok();
        root.run("secretsmanager", "create-secret", "--name", "ops/root", "--secret-string", "ops-pass").ok();
        AwsCli app = user("app");
        String policy = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Action", "secretsmanager:GetSecretValue", "Resource", "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/*"))));
        root.run("iam", "put-user-policy", "--user-name", "app", "--policy-name", "read-app", "--policy-document", policy).ok();
        assertThat(app.run("secretsmanager", "get-secret-value", "--secret-id", "app/db").ok().at("/SecretString").asText()).isEqualTo("app-pass");
        assertThat(app.run("secretsmanager", "get-secret-value", "--secret-id", "ops/root").stderr()).contains("AccessDeniedException")
                .contains("secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:ops/root-");
        // a resource policy's explicit deny wins over the identity policy
        String deny = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Deny",
                "Principal", Map.of("AWS", "arn:aws:iam::000000000000:user/app"), "Action", "secretsmanager:GetSecretValue", "Resource", "*"))));
        root.run("secretsmanager", "put-resource-policy", "--secret-id", "app/db", "--resource-policy", deny).ok();
        assertThat(app.run("secretsmanager", "get-secret-value", "--secret-id", "app/db").stderr()).contains("AccessDeniedException").contains("explicit deny");
    }

    @Test
    void certificatesAreImportedAndDeletedOnlyAsPoliciesSay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.dockyard.it.support.Cmd.run(Map.of(), null, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("k.pem").toString(),
                "-out", dir.resolve("c.pem").toString(), "-days", "1", "-subj", "/CN=secure.example.test").ok();
        AwsCli certs = user("certs");
        String policy = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Action", List.of("acm:ImportCertificate", "acm:DescribeCertificate"), "Resource", "arn:aws:acm:us-east-1:000000000000:certificate/*"))));
        root.run("iam", "put-user-policy", "--user-name", "certs", "--policy-name", "import", "--policy-document", policy).ok();
        String arn = certs.run("acm", "import-certificate", "--certificate", "fileb://" + dir.resolve("c.pem"), "--private-key", "fileb://" + dir.resolve("k.pem"))
                .ok().at("/CertificateArn").asText();
        assertThat(certs.run("acm", "describe-certificate", "--certificate-arn", arn).ok().at("/Certificate/DomainName").asText()).isEqualTo("secure.example.test");
        assertThat(certs.run("acm", "delete-certificate", "--certificate-arn", arn).stderr()).contains("AccessDeniedException")
                .contains("acm:DeleteCertificate on resource: " + arn);
        assertThat(certs.run("acm", "list-certificates").stderr()).contains("AccessDeniedException");
        root.run("acm", "delete-certificate", "--certificate-arn", arn).ok();
    }

    @Test
    void theEmbeddedAgentSignsItsOwnCallsAndRunsATaskWithSecrets() throws Exception {
        String arn = root.run("secretsmanager", "create-secret", "--name", "task/token", "--secret-string", "tok-7").ok().at("/ARN").asText();
        root.run("ecs", "create-cluster", "--cluster-name", "secure").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> root.run("ecs", "list-container-instances", "--cluster", "secure").ok()
                .at("/containerInstanceArns").size() == 1);
        Map<String, Object> c = Docker.shellContainer("echo token=$TOKEN");
        c.put("secrets", List.of(Map.of("name", "TOKEN", "valueFrom", arn)));
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "/ecs/secure", "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "ecs", "awslogs-create-group", "true")));
        String role = executionRole("ecsTaskExecutionRole");
        root.run("ecs", "register-task-definition", "--family", "secure-app", "--execution-role-arn", role,
                "--container-definitions", JSON.writeValueAsString(List.of(c))).ok();
        // the secret is read as the execution role: without a permission to, the task does not start
        String refused = root.run("ecs", "run-task", "--cluster", "secure", "--task-definition", "secure-app").ok().at("/tasks/0/taskArn").asText();
        JsonNode denied = stopped("secure", refused);
        assertThat(denied.at("/stoppedReason").asText()).as(denied.toString())
                .startsWith("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ")
                .contains("AccessDeniedException").contains("assumed-role/ecsTaskExecutionRole/").contains("secretsmanager:GetSecretValue");
        root.run("iam", "put-role-policy", "--role-name", "ecsTaskExecutionRole", "--policy-name", "secrets", "--policy-document",
                JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                        "Action", "secretsmanager:GetSecretValue", "Resource", arn), Map.of("Effect", "Allow", // its awslogs output too
                        "Action", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"), "Resource", "*"))))).ok();
        String task = root.run("ecs", "run-task", "--cluster", "secure", "--task-definition", "secure-app").ok().at("/tasks/0/taskArn").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                "STOPPED".equals(root.run("ecs", "describe-tasks", "--cluster", "secure", "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
        JsonNode stopped = root.run("ecs", "describe-tasks", "--cluster", "secure", "--tasks", task).ok().at("/tasks/0");
        assertThat(stopped.at("/containers/0/exitCode").asInt()).as(stopped.toString()).isZero();
        String stream = "ecs/app/" + task.substring(task.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(stream).contains("token=tok-7"));
        String ids = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.task-arn=" + task);
        for (String id : ids == null ? List.<String>of() : ids.lines().toList()) Docker.docker("rm", "-f", id.strip());
    }

    @Test
    void aTaskReadsWhatItsRoleAllowsWithCredentialsTheSdkFindsByItself() throws Exception {
        root.run("secretsmanager", "create-secret", "--name", "task-ok", "--secret-string", "granted").ok();
        root.run("secretsmanager", "create-secret", "--name", "task-no", "--secret-string", "withheld").ok();
        String trust = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"), "Action", "sts:AssumeRole"))));
        String role = root.run("iam", "create-role", "--role-name", "app-task", "--assume-role-policy-document", trust).ok().at("/Role/Arn").asText();
        String allow = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Action", "secretsmanager:GetSecretValue", "Resource", "arn:aws:secretsmanager:*:*:secret:task-ok-*"))));
        root.run("iam", "put-role-policy", "--role-name", "app-task", "--policy-name", "read", "--policy-document", allow).ok();
        root.run("ecs", "create-cluster", "--cluster-name", "roles").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> root.run("ecs", "list-container-instances", "--cluster", "roles").ok()
                .at("/containerInstanceArns").size() == 1);
        // the host's Python and boto3, mounted read-only into the test image: the SDK in the container is a real one
        String script = "import boto3, os\n"
                // AWS_ENDPOINT_URL (https) from the task definition; AWS_CA_BUNDLE, and the CA it names, from the agent
                + "print('ca=' + os.environ.get('AWS_CA_BUNDLE', 'none'), flush=True)\n"
                + "c = boto3.client('secretsmanager')\n"
                + "print('ok=' + c.get_secret_value(SecretId='task-ok')['SecretString'], flush=True)\n"
                + "try:\n    c.get_secret_value(SecretId='task-no'); print('no=read', flush=True)\n"
                + "except Exception as e:\n    print('no=' + e.response['Error']['Code'], flush=True)\n";
        String python = System.getProperty("dockyard.python", "/root/.pyenv/versions/3.11.7/bin/python3");
        Map<String, Object> c = Docker.shellContainer("printf \"" + script.replace("\"", "\\\"") + "\" > /tmp/t.py && " + python + " /tmp/t.py");
        List<Map<String, Object>> volumes = new ArrayList<>();
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String path : List.of("/usr", "/lib", "/lib64", "/root/.pyenv")) {
            String name = "host" + path.replace('/', '-').replace('.', '-');
            volumes.add(Map.of("name", name, "host", Map.of("sourcePath", path)));
            mounts.add(Map.of("sourceVolume", name, "containerPath", path, "readOnly", true));
        }
        c.put("mountPoints", mounts);
        c.put("memory", 256);
        String edge = "https://" + Docker.bridgeGateway() + ":" + dockyard.process().port();
        // retries as an SDK in a busy container would want them: the first call failed once in CI with a refused connection
        // (the test passes alone; under the parallel forks of a full run the container's first connection can lose the race)
        c.put("environment", List.of(Map.of("name", "AWS_ENDPOINT_URL", "value", edge), Map.of("name", "HOME", "value", "/tmp"),
                Map.of("name", "AWS_RETRY_MODE", "value", "standard"), Map.of("name", "AWS_MAX_ATTEMPTS", "value", "8"),
                Map.of("name", "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "value", "5")));
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "/ecs/secure", "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "roles", "awslogs-create-group", "true")));
        root.run("ecs", "register-task-definition", "--family", "role-app", "--task-role-arn", role,
                "--container-definitions", JSON.writeValueAsString(List.of(c)), "--volumes", JSON.writeValueAsString(volumes)).ok();
        String task = root.run("ecs", "run-task", "--cluster", "roles", "--task-definition", "role-app").ok().at("/tasks/0/taskArn").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                "STOPPED".equals(root.run("ecs", "describe-tasks", "--cluster", "roles", "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
        String stream = "roles/app/" + task.substring(task.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(stream).size() >= 3);
        assertThat(messages(stream)).as("what the container printed").contains("ca=/etc/dockyard/ca.pem", "ok=granted", "no=AccessDeniedException");
        String ids = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.task-arn=" + task);
        for (String id : ids == null ? List.<String>of() : ids.lines().toList()) Docker.docker("rm", "-f", id.strip());
    }

    private static List<String> messages(String stream) {
        List<String> out = new ArrayList<>();
        AwsCli.Result r = root.run("logs", "get-log-events", "--log-group-name", "/ecs/secure", "--log-stream-name", stream, "--start-from-head");
        if (r.exitCode() == 0) r.json().at("/events").forEach(e -> out.add(e.at("/message").asText()));
        return out;
    }

    @Test
    void taskDefinitionsMayNotAskTheHostForMoreThanTheOperatorAllows() throws Exception {
        Map<String, Object> privileged = Docker.shellContainer("true");
        privileged.put("privileged", true);
        assertThat(root.run("ecs", "register-task-definition", "--family", "root-me", "--container-definitions", JSON.writeValueAsString(List.of(privileged))).stderr())
                .contains("ClientException").contains("privileged containers are not allowed");
        Map<String, Object> plain = Docker.shellContainer("true");
        String etc = JSON.writeValueAsString(List.of(Map.of("name", "etc", "host", Map.of("sourcePath", "/etc"))));
        assertThat(root.run("ecs", "register-task-definition", "--family", "read-etc", "--container-definitions", JSON.writeValueAsString(List.of(plain)),
                "--volumes", etc).stderr()).contains("ClientException").contains("the host path /etc is not allowed");
        assertThat(root.run("ecs", "register-task-definition", "--family", "host-net", "--network-mode", "host",
                "--container-definitions", JSON.writeValueAsString(List.of(plain))).stderr()).contains("--allow-host-network");
        assertThat(root.run("ecs", "list-task-definition-families", "--family-prefix", "root-me").ok().at("/families").size()).isZero();
    }


    private static String policy(String effect, List<String> actions) throws Exception {
        return JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", effect, "Action", actions, "Resource", "*"))));
    }

    @Test
    void pushesAndPullsAreTheEcrActionsTheCallersPoliciesAllow() throws Exception {
        root.run("ecr", "create-repository", "--repository-name", "team/app").ok();
        root.run("iam", "create-user", "--user-name", "pusher").ok();
        JsonNode key = root.run("iam", "create-access-key", "--user-name", "pusher").ok().at("/AccessKey");
        AwsCli pusher = dockyard.cli().as(key.at("/AccessKeyId").asText(), key.at("/SecretAccessKey").asText(), null);
        root.run("iam", "put-user-policy", "--user-name", "pusher", "--policy-name", "pull", "--policy-document", policy("Allow",
                List.of("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"))).ok();

        // over HTTPS: the edge speaks nothing else (the Docker daemon trusts 127.0.0.0/8 registries without checking the
        // certificate, and would fall back to plain HTTP only if HTTPS failed: that would fail too)
        Path config = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        String image = registry + "/team/app:v1";
        try {
            String password = pusher.run("ecr", "get-login-password").stdout().strip();
            assertThat(Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", registry).ok().out()).contains("Login Succeeded");
            Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
            Cmd.Result refused = Cmd.run(env, null, "docker", "push", image);
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.out() + refused.err()).contains("denied").contains("user/pusher is not authorized to perform: ecr:InitiateLayerUpload");
            assertThat(root.run("ecr", "describe-images", "--repository-name", "team/app").ok().at("/imageDetails").size()).isZero();

            root.run("iam", "put-user-policy", "--user-name", "pusher", "--policy-name", "push", "--policy-document", policy("Allow",
                    List.of("ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"))).ok();
            Cmd.run(env, null, "docker", "push", image).ok();
            assertThat(root.run("ecr", "describe-images", "--repository-name", "team/app").ok().at("/imageDetails/0/imageTags/0").asText()).isEqualTo("v1");

            // the repository's own policy denies this user pulls
            String deny = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Sid", "nopull", "Effect", "Deny",
                    "Principal", Map.of("AWS", "arn:aws:iam::000000000000:user/pusher"), "Action", List.of("ecr:BatchGetImage")))));
            root.run("ecr", "set-repository-policy", "--repository-name", "team/app", "--policy-text", deny).ok();
            Cmd.run(env, null, "docker", "rmi", image).ok();
            Cmd.Result pull = Cmd.run(env, null, "docker", "pull", image);
            assertThat(pull.exit()).isNotZero();
            assertThat(pull.out() + pull.err()).contains("denied");
            assertThat(pusher.run("ecr", "batch-get-image", "--repository-name", "team/app", "--image-ids", "imageTag=v1").stderr())
                    .contains("AccessDeniedException").contains("explicit deny");
        } finally {
            Cmd.run(env, null, "docker", "rmi", "-f", image);
        }
        // no password, no registry
        assertThat(Cmd.run(Map.of(), null, "curl", "-s", "--cacert", dockyard.process().caFile().toString(), "-o", "/dev/null", "-w", "%{http_code}",
                "https://" + registry + "/v2/team/app/tags/list").out())
                .isEqualTo("401");
    }

    /** A role ECS tasks may assume (the trust policy names ecs-tasks.amazonaws.com), without policies; its ARN. */
    private static String executionRole(String name) throws Exception {
        String trust = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"), "Action", "sts:AssumeRole"))));
        return root.run("iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust).ok().at("/Role/Arn").asText();
    }

    /** The task once STOPPED. */
    private static JsonNode stopped(String cluster, String task) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                "STOPPED".equals(root.run("ecs", "describe-tasks", "--cluster", cluster, "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
        return root.run("ecs", "describe-tasks", "--cluster", cluster, "--tasks", task).ok().at("/tasks/0");
    }

    @Test
    void theEmbeddedAgentPullsATasksImageFromTheRegistryAsTheExecutionRole() throws Exception {
        root.run("ecr", "create-repository", "--repository-name", "agent/app").ok();
        Path config = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        String image = registry + "/agent/app:v1";
        try {
            Cmd.run(env, root.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
            Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
            Cmd.run(env, null, "docker", "push", image).ok();
            Cmd.run(env, null, "docker", "rmi", image).ok();
            root.run("ecs", "create-cluster", "--cluster-name", "pull").ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> root.run("ecs", "list-container-instances", "--cluster", "pull").ok()
                    .at("/containerInstanceArns").size() == 1);
            Map<String, Object> c = Docker.shellContainer("echo pulled");
            c.put("image", image);
            String role = executionRole("puller");
            root.run("iam", "put-role-policy", "--role-name", "puller", "--policy-name", "token-only", "--policy-document",
                    JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                            "Action", "ecr:GetAuthorizationToken", "Resource", "*"))))).ok();
            root.run("ecs", "register-task-definition", "--family", "pulled", "--execution-role-arn", role,
                    "--container-definitions", JSON.writeValueAsString(List.of(c))).ok();
            // the pull is the execution role's: without ecr:BatchGetImage the registry refuses it
            String refused = root.run("ecs", "run-task", "--cluster", "pull", "--task-definition", "pulled").ok().at("/tasks/0/taskArn").asText();
            JsonNode denied = stopped("pull", refused);
            assertThat(denied.at("/stoppedReason").asText()).as(denied.toString()).startsWith("CannotPullContainerError: ")
                    .contains("assumed-role/puller/").contains("ecr:BatchGetImage");
            root.run("iam", "attach-role-policy", "--role-name", "puller", "--policy-arn",
                    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").ok();
            String task = root.run("ecs", "run-task", "--cluster", "pull", "--task-definition", "pulled").ok().at("/tasks/0/taskArn").asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    "STOPPED".equals(root.run("ecs", "describe-tasks", "--cluster", "pull", "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
            JsonNode stopped = root.run("ecs", "describe-tasks", "--cluster", "pull", "--tasks", task).ok().at("/tasks/0");
            assertThat(stopped.at("/containers/0/exitCode").asInt()).as(stopped.toString()).isZero();
            String ids = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.task-arn=" + task);
            for (String id : ids == null ? List.<String>of() : ids.lines().toList()) Docker.docker("rm", "-f", id.strip());
        } finally {
            Cmd.run(env, null, "docker", "rmi", "-f", image);
        }
    }
}
