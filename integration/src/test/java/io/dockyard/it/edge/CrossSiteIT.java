package io.dockyard.it.edge;

import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web page in the user's browser can send to the edge port — simple form POSTs without
 * credentials, text/plain JSON, requests through a rebinding DNS name, a reset without the dev
 * header, a CORS preflight — is refused and changes nothing; the AWS CLI, the SDK v2 and the docker
 * CLI keep working.
 */
class CrossSiteIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    private RawHttp raw() { return new RawHttp(dockyard.process().port()); }

    private String host() { return "Host: localhost:" + dockyard.process().port(); }

    private ElasticLoadBalancingV2Client elb() {
        return ElasticLoadBalancingV2Client.builder().endpointOverride(URI.create(dockyard.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void aBrowsersSimpleRequestsAreRefusedAndChangeNothing() throws Exception {
        String page = "Origin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n";
        // an HTML form: application/x-www-form-urlencoded, no Authorization (ELBv2 CreateTargetGroup)
        RawHttp.Answer form = raw().send("POST / HTTP/1.1\r\n" + host() + "\r\n" + page + "Content-Type: application/x-www-form-urlencoded",
                "Action=CreateTargetGroup&Version=2015-12-01&Name=from-a-page&Protocol=HTTP&Port=80&VpcId=vpc-1");
        assertThat(form.status()).isEqualTo(403);
        assertThat(form.body()).startsWith("<?xml").contains("<ErrorResponse");
        // the same form from a page that sends no Origin (an older browser): no credentials, refused
        RawHttp.Answer bare = raw().send("POST / HTTP/1.1\r\n" + host() + "\r\nContent-Type: application/x-www-form-urlencoded",
                "Action=CreateTargetGroup&Version=2015-12-01&Name=from-a-page&Protocol=HTTP&Port=80&VpcId=vpc-1");
        assertThat(bare.status()).isEqualTo(403);
        assertThat(bare.body()).contains("<Code>MissingAuthenticationToken</Code>");
        // fetch() with text/plain JSON (no preflight), no Authorization (ECS CreateCluster)
        RawHttp.Answer plain = raw().send("POST / HTTP/1.1\r\n" + host() + "\r\nContent-Type: text/plain\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateCluster",
                "{\"clusterName\":\"from-a-page\"}");
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
        // DNS rebinding: the page's own name now points at 127.0.0.1; even a full AWS request is refused by its Host
        RawHttp.Answer rebound = raw().send("POST / HTTP/1.1\r\nHost: evil.example:" + dockyard.process().port()
                + "\r\nAuthorization: " + EcsWire.AUTHORIZATION + "\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateCluster",
                "{\"clusterName\":\"from-a-page\"}");
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("\"__type\":\"AccessDeniedException\"").contains("evil.example");
        RawHttp.Answer reboundRegistry = raw().send("GET /v2/_catalog HTTP/1.1\r\nHost: evil.example", null);
        assertThat(reboundRegistry.status()).isEqualTo(403);
        assertThat(reboundRegistry.body()).contains("\"code\":\"DENIED\"");
        // a CORS preflight (what a page must send for any non-simple request) is denied
        RawHttp.Answer preflight = raw().send("OPTIONS / HTTP/1.1\r\n" + host() + "\r\nOrigin: https://evil.example\r\n"
                + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization,x-amz-target", null);
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        // the agent protocol: a form-typed registration is refused
        RawHttp.Answer agent = raw().send("POST /_dockyard/agent/v1/register HTTP/1.1\r\n" + host() + "\r\nContent-Type: text/plain", "{\"cluster\":\"default\"}");
        assertThat(agent.status()).isEqualTo(415);

        try (var ecs = Sdk.ecs(dockyard.endpoint()); var elb = elb()) {
            assertThat(ecs.listClusters().clusterArns()).noneMatch(a -> a.contains("from-a-page"));
            assertThat(elb.describeTargetGroups().targetGroups()).noneMatch(t -> t.targetGroupName().equals("from-a-page"));
        }
    }

    @Test
    void resetNeedsTheDevHeader() throws Exception {
        dockyard.cli().run("ecs", "create-cluster", "--cluster-name", "survives").ok();
        RawHttp.Answer simple = raw().send("POST /_dockyard/reset HTTP/1.1\r\n" + host() + "\r\nContent-Type: text/plain", "");
        assertThat(simple.status()).isEqualTo(403);
        assertThat(simple.body()).contains("X-Dockyard-Dev");
        RawHttp.Answer moto = raw().send("POST /moto-api/reset HTTP/1.1\r\n" + host() + "\r\nOrigin: https://evil.example\r\nX-Dockyard-Dev: 1", "");
        assertThat(moto.status()).isEqualTo(403);
        assertThat(dockyard.cli().run("ecs", "describe-clusters", "--clusters", "survives").ok().path("clusters").get(0).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(raw().send("GET /_dockyard/health HTTP/1.1\r\n" + host(), null).status()).isEqualTo(200);
        assertThat(raw().send("POST /_dockyard/reset HTTP/1.1\r\n" + host() + "\r\nX-Dockyard-Dev: 1", "").status()).isEqualTo(200);
        assertThat(dockyard.cli().run("ecs", "list-clusters").ok().path("clusterArns").size()).isZero();
    }

    @Test
    void theAwsCliTheSdkAndTheDockerCliKeepWorking() throws Exception {
        assertThat(dockyard.cli().run("ecs", "create-cluster", "--cluster-name", "cli").ok().path("cluster").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(dockyard.cli().run("elbv2", "describe-load-balancers").ok().path("LoadBalancers").size()).isZero();
        try (var ecs = Sdk.ecs(dockyard.endpoint()); var elb = elb()) {
            assertThat(ecs.describeClusters(b -> b.clusters("cli")).clusters()).hasSize(1);
            assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
        }
        String repo = dockyard.cli().run("ecr", "create-repository", "--repository-name", "cross/site").ok().path("repository").path("repositoryUri").asText();
        Path config = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        String password = dockyard.cli().run("ecr", "get-login-password").stdout().trim();
        try {
            assertThat(run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", "localhost:" + dockyard.process().port())).contains("Login Succeeded");
            Docker.docker("tag", Docker.BUSYBOX, repo + ":v1");
            assertThat(run(env, null, "docker", "push", repo + ":v1")).contains("v1: digest: sha256:");
        } finally {
            run(env, null, "docker", "rmi", repo + ":v1");
        }
    }

    private static String run(Map<String, String> env, String stdin, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }
}
