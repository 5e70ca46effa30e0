package io.dockyard.it.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECR image scanning with the real docker CLI and the AWS CLI: an OSV fixture imported with {@code dockyard scan-db import},
 * an image with a vulnerable Debian package (fake dpkg status) and npm package, a clean one; scan on push, the
 * {@code image-scan-complete} waiter, findings with severities and packages, on-demand scans and the errors.
 */
class ImageScanningIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dockerConfig;
    private static Map<String, String> env;
    private static final List<String> images = new ArrayList<>();
    private static String registry;

    @BeforeAll
    static void importFeedAndLogIn() throws IOException, InterruptedException {
        dockerConfig = Files.createTempDirectory("docker-config-");
        env = Map.of("DOCKER_CONFIG", dockerConfig.toString());
        registry = "localhost:" + dockyard.process().port();
        Path feed = Path.of(System.getProperty("user.dir")).resolve("src/test/resources/osv");
        Cmd.Result imported = dockyardCommand("scan-db", "import", "--data-dir", dockyard.process().dataDir().toString(), feed.toString());
        assertThat(imported.out()).contains("imported 3 vulnerabilities");
        // a feed that does not parse: a clear error, the database kept
        Path bad = Files.createTempDirectory("osv-bad-");
        Files.writeString(bad.resolve("broken.json"), "{\"id\": \"X\", ");
        Cmd.Result refused = dockyardCommand("scan-db", "import", "--data-dir", dockyard.process().dataDir().toString(), bad.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("does not parse").contains("broken.json");
        assertThat(dockyardCommand("scan-db", "status", "--data-dir", dockyard.process().dataDir().toString()).out()).contains("3 vulnerabilities");
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (String i : images) Cmd.run(env, null, "docker", "rmi", "-f", i);
        try (var s = Files.walk(dockerConfig)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Cmd.Result dockyardCommand(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.dockyard.server.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(), err = p.getErrorStream().readAllBytes();
        return new Cmd.Result(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private AwsCli aws() { return dockyard.cli(); }

    private void login() {
        String password = aws().run("ecr", "get-login-password").stdout().trim();
        Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
    }

    /** docker build FROM the local busybox with the given files, then docker push. */
    private void buildAndPush(String tag, Map<String, String> files) throws IOException {
        Path ctx = Files.createTempDirectory("build-");
        StringBuilder dockerfile = new StringBuilder("FROM " + Docker.BUSYBOX + "\n");
        int n = 0;
        for (var f : files.entrySet()) {
            Files.writeString(ctx.resolve("f" + n), f.getValue());
            dockerfile.append("COPY f").append(n++).append(' ').append(f.getKey()).append('\n');
        }
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile.toString());
        images.add(tag);
        Cmd.run(Map.of("DOCKER_CONFIG", dockerConfig.toString(), "DOCKER_BUILDKIT", "0"), null, "docker", "build", "-q", "-t", tag, ctx.toString()).ok();
        Cmd.run(env, null, "docker", "push", tag).ok();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ImageScanningIT.class.getResourceAsStream("/scan/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Map<String, String> vulnerableFiles() throws IOException {
        return Map.of("/var/lib/dpkg/status", resource("status"), "/etc/os-release", resource("os-release"),
                "/app/node_modules/lodash/package.json", resource("package.json"), "/stamp.txt", UUID.randomUUID().toString());
    }

    private Map<String, String> cleanFiles() throws IOException {
        return Map.of("/var/lib/dpkg/status", resource("status").replace("3.0.11-1~deb12u2", "3.0.13-1~deb12u1"), "/etc/os-release", resource("os-release"),
                "/app/node_modules/lodash/package.json", resource("package.json").replace("4.17.20", "4.17.21"), "/stamp.txt", UUID.randomUUID().toString());
    }

    private JsonNode findings(String repo, String tag, String... more) {
        List<String> args = new ArrayList<>(List.of("ecr", "describe-image-scan-findings", "--repository-name", repo, "--image-id", "imageTag=" + tag));
        args.addAll(List.of(more));
        return aws().run(args.toArray(String[]::new)).ok();
    }

    private static String attribute(JsonNode finding, String key) {
        for (JsonNode a : finding.path("attributes")) if (a.path("key").asText().equals(key)) return a.path("value").asText();
        return null;
    }

    @Test
    void scanOnPushFindsTheVulnerablePackagesAndNothingInTheCleanImage() throws IOException, InterruptedException {
        String uri = aws().run("ecr", "create-repository", "--repository-name", "scan/app", "--image-scanning-configuration", "scanOnPush=true").ok()
                .path("repository").path("repositoryUri").asText();
        aws().run("ecr", "create-repository", "--repository-name", "scan/clean").ok();
        JsonNode put = aws().run("ecr", "put-image-scanning-configuration", "--repository-name", "scan/clean", "--image-scanning-configuration", "scanOnPush=true").ok();
        assertThat(put.path("imageScanningConfiguration").path("scanOnPush").asBoolean()).isTrue();
        JsonNode configs = aws().run("ecr", "batch-get-repository-scanning-configuration", "--repository-names", "scan/app", "scan/clean", "scan/none").ok();
        assertThat(configs.path("scanningConfigurations")).hasSize(2);
        assertThat(configs.path("scanningConfigurations").get(1).path("scanFrequency").asText()).isEqualTo("SCAN_ON_PUSH");
        assertThat(configs.path("failures").get(0).path("failureCode").asText()).isEqualTo("REPOSITORY_NOT_FOUND");

        login();
        buildAndPush(uri + ":v1", vulnerableFiles());
        buildAndPush(registry + "/scan/clean:v1", cleanFiles());
        aws().run("ecr", "wait", "image-scan-complete", "--repository-name", "scan/app", "--image-id", "imageTag=v1").ok();
        aws().run("ecr", "wait", "image-scan-complete", "--repository-name", "scan/clean", "--image-id", "imageTag=v1").ok();

        JsonNode found = findings("scan/app", "v1");
        assertThat(found.path("imageScanStatus").path("status").asText()).isEqualTo("COMPLETE");
        JsonNode list = found.path("imageScanFindings").path("findings");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("name").asText()).isEqualTo("DSA-9001-1");
        assertThat(list.get(0).path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(list.get(0).path("uri").asText()).isEqualTo("https://www.debian.org/security/2099/dsa-9001");
        assertThat(attribute(list.get(0), "package_name")).isEqualTo("libssl3");
        assertThat(attribute(list.get(0), "package_version")).isEqualTo("3.0.11-1~deb12u2");
        assertThat(attribute(list.get(0), "CVSS3_SCORE")).isEqualTo("9.8");
        assertThat(list.get(1).path("name").asText()).isEqualTo("GHSA-test-lodash");
        assertThat(list.get(1).path("severity").asText()).isEqualTo("HIGH");
        assertThat(attribute(list.get(1), "package_name")).isEqualTo("lodash");
        assertThat(found.path("imageScanFindings").path("findingSeverityCounts").toString()).isEqualTo("{\"CRITICAL\":1,\"HIGH\":1}");
        assertThat(found.path("imageScanFindings").path("vulnerabilitySourceUpdatedAt").isNumber()).isTrue();

        // pages: the CLI follows nextToken with --page-size, and stops with a token at --max-items
        assertThat(findings("scan/app", "v1", "--page-size", "1").path("imageScanFindings").path("findings")).hasSize(2);
        JsonNode first = findings("scan/app", "v1", "--max-items", "1");
        assertThat(first.path("imageScanFindings").path("findings")).hasSize(1);
        assertThat(first.path("NextToken").asText()).isNotEmpty();

        JsonNode clean = findings("scan/clean", "v1");
        assertThat(clean.path("imageScanStatus").path("status").asText()).isEqualTo("COMPLETE");
        assertThat(clean.path("imageScanFindings").path("findings")).isEmpty();
        assertThat(clean.path("imageScanFindings").path("findingSeverityCounts")).isEmpty();

        JsonNode detail = aws().run("ecr", "describe-images", "--repository-name", "scan/app").ok().path("imageDetails").get(0);
        assertThat(detail.path("imageScanStatus").path("status").asText()).isEqualTo("COMPLETE");
        assertThat(detail.path("imageScanFindingsSummary").path("findingSeverityCounts").path("CRITICAL").asInt()).isEqualTo(1);

        // scanned today: ECR's quota of one basic scan per image per day
        AwsCli.Result again = aws().run("ecr", "start-image-scan", "--repository-name", "scan/app", "--image-id", "imageTag=v1");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("LimitExceededException");

        // the SBOM export (CycloneDX), with the registry password
        String password = aws().run("ecr", "get-login-password").stdout().trim();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> sbom = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/_dockyard/ecr/sbom/scan/app:v1"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sbom.statusCode()).isEqualTo(200);
        JsonNode bom = JSON.readTree(sbom.body());
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.5");
        assertThat(bom.path("components").toString()).contains("pkg:npm/lodash@4.17.20").contains("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12");
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/_dockyard/ecr/sbom/scan/app:v1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void onDemandScansRegistryRulesAndErrors() throws IOException {
        aws().run("ecr", "create-repository", "--repository-name", "manual").ok();
        login();
        buildAndPush(registry + "/manual:v1", vulnerableFiles());

        AwsCli.Result before = aws().run("ecr", "describe-image-scan-findings", "--repository-name", "manual", "--image-id", "imageTag=v1");
        assertThat(before.exitCode()).isNotZero();
        assertThat(before.stderr()).contains("ScanNotFoundException");
        AwsCli.Result unknown = aws().run("ecr", "start-image-scan", "--repository-name", "manual", "--image-id", "imageTag=nope");
        assertThat(unknown.stderr()).contains("ImageNotFoundException");
        assertThat(aws().run("ecr", "describe-image-scan-findings", "--repository-name", "manual", "--image-id", "imageTag=nope").stderr())
                .contains("ImageNotFoundException");
        assertThat(aws().run("ecr", "start-image-scan", "--repository-name", "missing", "--image-id", "imageTag=v1").stderr())
                .contains("RepositoryNotFoundException");

        JsonNode started = aws().run("ecr", "start-image-scan", "--repository-name", "manual", "--image-id", "imageTag=v1").ok();
        assertThat(started.path("imageScanStatus").path("status").asText()).isIn("IN_PROGRESS", "COMPLETE");
        assertThat(started.path("imageId").path("imageDigest").asText()).startsWith("sha256:");
        aws().run("ecr", "wait", "image-scan-complete", "--repository-name", "manual", "--image-id", "imageTag=v1").ok();
        assertThat(findings("manual", "v1").path("imageScanFindings").path("findings")).hasSize(2);

        // registry-level rules: scan on push for repositories matching a wildcard
        JsonNode defaults = aws().run("ecr", "get-registry-scanning-configuration").ok();
        assertThat(defaults.path("scanningConfiguration").path("scanType").asText()).isEqualTo("BASIC");
        assertThat(defaults.path("scanningConfiguration").path("rules")).isEmpty();
        aws().run("ecr", "put-registry-scanning-configuration", "--scan-type", "BASIC", "--rules",
                "[{\"scanFrequency\":\"SCAN_ON_PUSH\",\"repositoryFilters\":[{\"filter\":\"team-*\",\"filterType\":\"WILDCARD\"}]}]").ok();
        JsonNode rules = aws().run("ecr", "get-registry-scanning-configuration").ok().path("scanningConfiguration").path("rules");
        assertThat(rules.get(0).path("repositoryFilters").get(0).path("filter").asText()).isEqualTo("team-*");
        aws().run("ecr", "create-repository", "--repository-name", "team-web").ok();
        JsonNode applied = aws().run("ecr", "batch-get-repository-scanning-configuration", "--repository-names", "team-web", "manual").ok().path("scanningConfigurations");
        assertThat(applied.get(0).path("scanFrequency").asText()).isEqualTo("SCAN_ON_PUSH");
        assertThat(applied.get(0).path("appliedScanFilters").get(0).path("filter").asText()).isEqualTo("team-*");
        assertThat(applied.get(1).path("scanFrequency").asText()).isEqualTo("MANUAL");
        buildAndPush(registry + "/team-web:v1", cleanFiles());
        aws().run("ecr", "wait", "image-scan-complete", "--repository-name", "team-web", "--image-id", "imageTag=v1").ok();

        AwsCli.Result continuousBasic = aws().run("ecr", "put-registry-scanning-configuration", "--scan-type", "BASIC", "--rules",
                "[{\"scanFrequency\":\"CONTINUOUS_SCAN\",\"repositoryFilters\":[{\"filter\":\"*\",\"filterType\":\"WILDCARD\"}]}]");
        assertThat(continuousBasic.stderr()).contains("InvalidParameterException");
        AwsCli.Result badFilter = aws().run("ecr", "put-registry-scanning-configuration", "--scan-type", "ENHANCED", "--rules",
                "[{\"scanFrequency\":\"SCAN_ON_PUSH\",\"repositoryFilters\":[{\"filter\":\"Bad Name\",\"filterType\":\"WILDCARD\"}]}]");
        assertThat(badFilter.stderr()).contains("InvalidParameterException");
        AwsCli.Result badType = aws().run("ecr", "put-registry-scanning-configuration", "--scan-type", "FANCY");
        assertThat(badType.exitCode()).isNotZero();
    }
}
