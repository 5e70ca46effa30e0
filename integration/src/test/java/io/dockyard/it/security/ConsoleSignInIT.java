package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-ins in secure mode, as a browser makes them (form posts to /console/signin, the session cookie, the
 * page's action token): with an IAM user's password — login profiles made, read, changed and deleted with the AWS CLI,
 * IAM's errors for bad input — and with an access key; either way the console then acts under that user's policies.
 */
class ConsoleSignInIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--secure", "--dns-address", "off").withoutReset();
    private static HttpClient http;
    private static AwsCli root;
    private static String base;

    @BeforeAll
    static void start() {
        List<String> out = dockyard.process().output();
        root = dockyard.cli().as(value(out, "AWS_ACCESS_KEY_ID="), value(out, "AWS_SECRET_ACCESS_KEY="), null);
        base = dockyard.endpoint() + "/console";
        http = dockyard.process().http(); // trusting the edge's CA: the console is served over HTTPS in secure mode
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the output:\n" + String.join("\n", lines)));
    }

    private static String policy(String effect, List<String> actions, String resource) throws Exception {
        return JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", effect, "Action", actions, "Resource", resource))));
    }

    /** A password no run repeats that passes the default policy (upper, lower, digits, a symbol, 16 characters). */
    private static String password() { return "Dock-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + "-Q7"; }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** POSTs the sign-in form with these fields (name, value, …), as console.js sends it. */
    private static HttpResponse<String> signIn(String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!form.isEmpty()) form.append('&');
            form.append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(base + "/signin")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /** The session cookie a successful sign-in sets. */
    private static String cookie(HttpResponse<String> in) {
        assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        assertThat(in.body()).contains("\"go\":\"/console/\"");
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Secure");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> page(String cookie, String path) { return send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)); }

    private static HttpResponse<String> action(String cookie, String token, String name, String form) {
        return send(HttpRequest.newBuilder(URI.create(base + "/actions/" + name)).header("Cookie", cookie).header("X-Console-Token", token)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String token(HttpResponse<String> page) {
        return page.body().replaceAll("(?s).*<meta name=\"console-token\" content=\"([0-9a-f]+)\">.*", "$1");
    }

    private static List<String> eventsOf(String user) {
        List<String> seen = new ArrayList<>();
        root.run("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=Username,AttributeValue=" + user).ok().at("/Events")
                .forEach(e -> seen.add(e.at("/EventName").asText()));
        return seen;
    }

    @Test
    void anIamUserSignsInWithItsPasswordAndActsUnderItsPolicies() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/signin"))).body()).contains("name=\"userName\"").contains("name=\"password\"")
                .contains("name=\"accountId\"").contains("name=\"accessKeyId\"");
        String first = password();
        root.run("iam", "create-user", "--user-name", "operator").ok();
        JsonNode created = root.run("iam", "create-login-profile", "--user-name", "operator", "--password", first).ok().at("/LoginProfile");
        assertThat(created.at("/UserName").asText()).isEqualTo("operator");
        assertThat(created.at("/PasswordResetRequired").asBoolean(true)).isFalse();
        JsonNode shown = root.run("iam", "get-login-profile", "--user-name", "operator").ok().at("/LoginProfile");
        assertThat(shown.at("/UserName").asText()).isEqualTo("operator");
        assertThat(shown.at("/CreateDate").asText()).isEqualTo(created.at("/CreateDate").asText()).isNotEmpty();
        assertThat(shown.toString()).doesNotContain(first);
        root.run("iam", "put-user-policy", "--user-name", "operator", "--policy-name", "read",
                "--policy-document", policy("Allow", List.of("ecs:List*", "ecs:Describe*"), "*")).ok();
        root.run("ecs", "create-cluster", "--cluster-name", "seen-by-operator").ok();

        // a wrong password, a user that does not exist and a wrong account are refused alike
        HttpResponse<String> wrong = signIn("userName", "operator", "password", first + "x");
        HttpResponse<String> nobody = signIn("userName", "nobody", "password", first);
        HttpResponse<String> otherAccount = signIn("accountId", "111122223333", "userName", "operator", "password", first);
        for (HttpResponse<String> r : List.of(wrong, nobody, otherAccount)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(r.body()).isEqualTo(wrong.body()).contains("SignInFailed").contains("authentication information is incorrect");
        }
        assertThat(signIn("userName", "operator", "password", "").body()).contains("IncompleteSignIn").contains("\"field\":\"password\"");

        // the account ID may be given or left out
        String cookie = cookie(signIn("accountId", "000000000000", "userName", "operator", "password", first));
        HttpResponse<String> overview = page(cookie, "/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("operator").contains("Sign out").contains("seen-by-operator");
        HttpResponse<String> denied = action(cookie, token(overview), "create-cluster", "clusterName=from-password");
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.body()).contains("AccessDeniedException").contains("user/operator is not authorized to perform: ecs:CreateCluster");
        assertThat(root.run("ecs", "describe-clusters", "--clusters", "from-password").ok().at("/clusters").size()).isZero();
        assertThat(eventsOf("operator")).contains("ConsoleLogin", "ListClusters", "CreateCluster");
        assertThat(eventsOf("HIDDEN_DUE_TO_SECURITY_REASONS")).contains("ConsoleLogin");

        // a new password: the old one refused, the new one accepted, also after kill -9 and a restart
        String second = password();
        root.run("iam", "update-login-profile", "--user-name", "operator", "--password", second).ok();
        assertThat(signIn("userName", "operator", "password", first).statusCode()).isEqualTo(403);
        dockyard.process().kill9();
        dockyard.process().start();
        assertThat(root.run("iam", "get-login-profile", "--user-name", "operator").ok().at("/LoginProfile/CreateDate").asText())
                .isEqualTo(created.at("/CreateDate").asText());
        assertThat(signIn("userName", "operator", "password", first).statusCode()).isEqualTo(403);
        String again = cookie(signIn("userName", "operator", "password", second));
        assertThat(page(again, "/").body()).contains("seen-by-operator");

        // no login profile, no sign-in; the user can be deleted only once it is gone
        assertThat(root.run("iam", "delete-user", "--user-name", "operator").stderr()).contains("DeleteConflict").contains("login profile");
        root.run("iam", "delete-login-profile", "--user-name", "operator").ok();
        assertThat(root.run("iam", "get-login-profile", "--user-name", "operator").stderr()).contains("NoSuchEntity");
        HttpResponse<String> gone = signIn("userName", "operator", "password", second);
        assertThat(gone.statusCode()).isEqualTo(403);
        assertThat(gone.body()).isEqualTo(wrong.body());
    }

    @Test
    void badInputIsRefusedWithIamsErrors() throws Exception {
        root.run("iam", "create-user", "--user-name", "checker").ok();
        assertThat(root.run("iam", "create-login-profile", "--user-name", "checker", "--password", "Sh0rt!").stderr())
                .contains("PasswordPolicyViolation").contains("minimum length of 8");
        assertThat(root.run("iam", "create-login-profile", "--user-name", "checker", "--password", "onlylowercaseletters").stderr())
                .contains("PasswordPolicyViolation");
        assertThat(root.run("iam", "create-login-profile", "--user-name", "checker").stderr()).contains("ValidationError").contains("password");
        assertThat(root.run("iam", "get-login-profile", "--user-name", "checker").stderr()).contains("NoSuchEntity")
                .contains("Login Profile for User checker cannot be found");
        assertThat(root.run("iam", "create-login-profile", "--user-name", "no-such-user", "--password", password()).stderr())
                .contains("NoSuchEntity").contains("no-such-user");
        assertThat(root.run("iam", "update-login-profile", "--user-name", "no-such-user", "--password", password()).stderr()).contains("NoSuchEntity");
        root.run("iam", "create-login-profile", "--user-name", "checker", "--password", password()).ok();
        assertThat(root.run("iam", "create-login-profile", "--user-name", "checker", "--password", password()).stderr()).contains("EntityAlreadyExists");
        assertThat(root.run("iam", "update-login-profile", "--user-name", "checker", "--password", "checker").stderr()).contains("PasswordPolicyViolation");
    }

    @Test
    void aPasswordThatMustBeResetIsChangedByItsUserFirst() throws Exception {
        String initial = password(), chosen = password();
        root.run("iam", "create-user", "--user-name", "rookie").ok();
        JsonNode key = root.run("iam", "create-access-key", "--user-name", "rookie").ok().at("/AccessKey");
        AwsCli rookie = dockyard.cli().as(key.at("/AccessKeyId").asText(), key.at("/SecretAccessKey").asText(), null);
        root.run("iam", "create-login-profile", "--user-name", "rookie", "--password", initial, "--password-reset-required").ok();
        assertThat(root.run("iam", "get-login-profile", "--user-name", "rookie").ok().at("/LoginProfile/PasswordResetRequired").asBoolean()).isTrue();
        HttpResponse<String> mustReset = signIn("userName", "rookie", "password", initial);
        assertThat(mustReset.statusCode()).isEqualTo(403);
        assertThat(mustReset.body()).contains("PasswordResetRequired").contains("change-password");

        // ChangePassword is authorized on the caller's own ARN, as AWS's self-service policy grants it
        assertThat(rookie.run("iam", "change-password", "--old-password", initial, "--new-password", chosen).stderr()).contains("AccessDenied");
        root.run("iam", "put-user-policy", "--user-name", "rookie", "--policy-name", "self", "--policy-document",
                policy("Allow", List.of("iam:ChangePassword", "iam:GetLoginProfile"), "arn:aws:iam::000000000000:user/${aws:username}")).ok();
        assertThat(rookie.run("iam", "change-password", "--old-password", initial + "x", "--new-password", chosen).stderr()).contains("old password is incorrect");
        assertThat(rookie.run("iam", "change-password", "--old-password", initial, "--new-password", "weak").stderr()).contains("PasswordPolicyViolation");
        rookie.run("iam", "change-password", "--old-password", initial, "--new-password", chosen).ok();
        assertThat(rookie.run("iam", "get-login-profile").ok().at("/LoginProfile/PasswordResetRequired").asBoolean(true)).isFalse();
        assertThat(signIn("userName", "rookie", "password", initial).statusCode()).isEqualTo(403);
        assertThat(page(cookie(signIn("userName", "rookie", "password", chosen)), "/").body()).contains("rookie");
    }

    @Test
    void theConsoleSignsInWithAnAccessKeyAndActsUnderItsPolicies() throws Exception {
        HttpResponse<String> front = send(HttpRequest.newBuilder(URI.create(base + "/")));
        assertThat(front.statusCode()).isEqualTo(303);
        assertThat(front.headers().firstValue("Location")).hasValue("/console/signin");

        root.run("iam", "create-user", "--user-name", "viewer").ok();
        JsonNode key = root.run("iam", "create-access-key", "--user-name", "viewer").ok().at("/AccessKey");
        String id = key.at("/AccessKeyId").asText(), secret = key.at("/SecretAccessKey").asText();
        root.run("iam", "put-user-policy", "--user-name", "viewer", "--policy-name", "read", "--policy-document",
                policy("Allow", List.of("ecs:List*", "ecs:Describe*"), "*")).ok();
        HttpResponse<String> wrong = signIn("accessKeyId", id, "secretAccessKey", secret.substring(1) + "x");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("SignatureDoesNotMatch");
        String cookie = cookie(signIn("accessKeyId", id, "secretAccessKey", secret));

        HttpResponse<String> overview = page(cookie, "/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains(id).contains("Sign out");
        HttpResponse<String> create = action(cookie, token(overview), "create-cluster", "clusterName=from-console");
        assertThat(create.statusCode()).isEqualTo(400);
        assertThat(create.body()).contains("AccessDeniedException").contains("user/viewer is not authorized to perform: ecs:CreateCluster");
        // the refusal is the same API call's: in the audit trail under the user's name
        assertThat(eventsOf("viewer")).contains("CreateCluster", "ListClusters");

        send(HttpRequest.newBuilder(URI.create(base + "/signout")).header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(page(cookie, "/").statusCode()).isEqualTo(303);
    }
}
