package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.QueryXml;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** STS: GetCallerIdentity, GetSessionToken, AssumeRole and the control plane's AssumeRole for task roles. */
class StsOperationsTest extends IamHarness {

    private String role(String name, String trust, Object... more) {
        Object[] kv = new Object[4 + more.length];
        kv[0] = "RoleName";
        kv[1] = name;
        kv[2] = "AssumeRolePolicyDocument";
        kv[3] = trust;
        System.arraycopy(more, 0, kv, 4, more.length);
        return (String) obj(iam("CreateRole", kv), "Role").get("Arn");
    }

    @Test
    void callerIdentityOfRootUserAndRoleSession() {
        assertThat(sts(ROOT, "GetCallerIdentity")).containsEntry("Account", ACCOUNT).containsEntry("Arn", "arn:aws:iam::000000000000:root")
                .containsEntry("UserId", ACCOUNT);
        String[] key = userWithKey("ci");
        Map<String, Object> user = sts(key[0], "GetCallerIdentity");
        assertThat(user.get("Arn")).isEqualTo("arn:aws:iam::000000000000:user/ci");
        assertThat((String) user.get("UserId")).startsWith("AIDA");

        String arn = role("deploy", TRUST_ACCOUNT);
        Map<String, Object> assumed = sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "build-42");
        String id = (String) obj(assumed, "Credentials").get("AccessKeyId");
        Map<String, Object> session = sts(id, "GetCallerIdentity");
        assertThat(session.get("Arn")).isEqualTo("arn:aws:sts::000000000000:assumed-role/deploy/build-42");
        assertThat((String) session.get("UserId")).matches("AROA[A-Z0-9]{16}:build-42");
        String xml = QueryXml.response("GetCallerIdentity", IamApi.STS_XMLNS, session, "rid");
        assertThat(xml).contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><UserId>AROA");
    }

    @Test
    void assumeRoleGivesSessionCredentials() {
        String arn = role("deploy", TRUST_ACCOUNT, "MaxSessionDuration", "7200");
        String[] key = userWithKey("ci");
        Map<String, Object> out = sts(key[0], "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1", "DurationSeconds", "7200");
        Map<String, Object> c = obj(out, "Credentials");
        String id = (String) c.get("AccessKeyId");
        assertThat(id).matches("ASIA[A-Z0-9]{16}");
        assertThat((String) c.get("SecretAccessKey")).hasSize(40);
        assertThat((String) c.get("SessionToken")).hasSizeGreaterThan(100);
        assertThat(c.get("Expiration")).isEqualTo(clock.now.plusSeconds(7200));
        Map<String, Object> user = obj(out, "AssumedRoleUser");
        assertThat(user.get("Arn")).isEqualTo("arn:aws:sts::000000000000:assumed-role/deploy/s1");
        assertThat((String) user.get("AssumedRoleId")).endsWith(":s1");
        assertThat(out).doesNotContainKey("PackedPolicySize");

        Credential cred = iam.credential(id).orElseThrow();
        assertThat(cred.secretAccessKey()).isEqualTo(c.get("SecretAccessKey"));
        assertThat(cred.sessionToken()).isEqualTo(c.get("SessionToken"));
        assertThat(cred.expiresAt()).isEqualTo(clock.now.plusSeconds(7200));
        assertThat(cred.principal().type()).isEqualTo(Principal.Type.ASSUMED_ROLE);
        assertThat(cred.principal().roleArn()).isEqualTo(arn);
        assertThat(iam.sessionPolicy(id)).isNull();
        assertThat(obj(iam("GetRole", "RoleName", "deploy"), "Role").get("RoleLastUsed")).isEqualTo(Map.of("LastUsedDate", clock.now, "Region", "us-east-1"));

        clock.now = clock.now.plusSeconds(7200);
        assertThat(iam.credential(id)).isEmpty();
        assertThat(iam.principal(id)).isEqualTo(Principal.root(ACCOUNT));
    }

    @Test
    void theTrustPolicyDecides() {
        String arn = role("ec2only", TRUST_EC2);
        String[] key = userWithKey("ci");
        AwsException denied = error(() -> sts(key[0], "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1"));
        assertThat(denied.code()).isEqualTo("AccessDenied");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.getMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/ci is not authorized to perform: sts:AssumeRole on resource: " + arn);
        assertThat(error(() -> sts(key[0], "AssumeRole", "RoleArn", "arn:aws:iam::000000000000:role/none", "RoleSessionName", "s1")).code()).isEqualTo("AccessDenied");

        String userArn = "arn:aws:iam::000000000000:user/ci";
        String withExternalId = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + userArn + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"secret-42\"}}}");
        String guarded = role("guarded", withExternalId);
        assertThat(error(() -> sts(key[0], "AssumeRole", "RoleArn", guarded, "RoleSessionName", "s1")).code()).isEqualTo("AccessDenied");
        assertThat(error(() -> sts(key[0], "AssumeRole", "RoleArn", guarded, "RoleSessionName", "s1", "ExternalId", "wrong")).code()).isEqualTo("AccessDenied");
        assertThat(obj(sts(key[0], "AssumeRole", "RoleArn", guarded, "RoleSessionName", "s1", "ExternalId", "secret-42"), "Credentials")).containsKey("AccessKeyId");
    }

    @Test
    void durationsAndNamesAreChecked() {
        String arn = role("deploy", TRUST_ACCOUNT);
        AwsException tooLong = error(() -> sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1", "DurationSeconds", "7200"));
        assertThat(tooLong.code()).isEqualTo("ValidationError");
        assertThat(tooLong.getMessage()).isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        assertThat(error(() -> sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1", "DurationSeconds", "60")).code()).isEqualTo("ValidationError");
        assertThat(error(() -> sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "x")).code()).isEqualTo("ValidationError");
        assertThat(error(() -> sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "bad name")).code()).isEqualTo("ValidationError");
        assertThat(error(() -> sts(ROOT, "AssumeRole", "RoleSessionName", "s1")).code()).isEqualTo("ValidationError");
    }

    @Test
    void aSessionPolicyIsKeptAndPacked() {
        String arn = role("deploy", TRUST_ACCOUNT);
        String sessionPolicy = policy("{\"Effect\":\"Allow\",\"Action\":\"ecs:Describe*\",\"Resource\":\"*\"}");
        Map<String, Object> out = sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1", "Policy", sessionPolicy);
        assertThat((Integer) out.get("PackedPolicySize")).isBetween(1, 100);
        String id = (String) obj(out, "Credentials").get("AccessKeyId");
        assertThat(iam.sessionPolicy(id).json()).isEqualTo(sessionPolicy);
        assertThat(error(() -> sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1", "Policy", "{oops")).code()).isEqualTo("MalformedPolicyDocument");

        Map<String, Object> both = sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s2", "Policy", sessionPolicy,
                "PolicyArns", List.of(Map.of("arn", "arn:aws:iam::aws:policy/AmazonSQSFullAccess")));
        PolicyDocument combined = iam.sessionPolicy((String) obj(both, "Credentials").get("AccessKeyId"));
        assertThat(combined.statements()).hasSize(2);
    }

    @Test
    void roleSessionsUseTheRolesPolicies() {
        String arn = role("deploy", TRUST_ACCOUNT);
        iam("PutRolePolicy", "RoleName", "deploy", "PolicyName", "ecs", "PolicyDocument", policy("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}"));
        String id = (String) obj(sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1"), "Credentials").get("AccessKeyId");
        assertThat(iam.identityPolicies(iam.principal(id))).hasSize(1);
        // a session of a deleted role is gone, even if a role of that name comes back
        iam("DeleteRolePolicy", "RoleName", "deploy", "PolicyName", "ecs");
        iam("DeleteRole", "RoleName", "deploy");
        role("deploy", TRUST_ACCOUNT);
        assertThat(iam.credential(id)).isEmpty();
    }

    @Test
    void roleChainingIsLimitedToAnHour() {
        String arn = role("deploy", TRUST_ACCOUNT, "MaxSessionDuration", "43200");
        String id = (String) obj(sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1"), "Credentials").get("AccessKeyId");
        assertThat(error(() -> sts(id, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s2", "DurationSeconds", "7200")).getMessage())
                .contains("role chaining");
        assertThat(obj(sts(id, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s2"), "Credentials")).containsKey("AccessKeyId");
    }

    @Test
    void getSessionToken() {
        String[] key = userWithKey("ci");
        Map<String, Object> c = obj(sts(key[0], "GetSessionToken"), "Credentials");
        String id = (String) c.get("AccessKeyId");
        assertThat(c.get("Expiration")).isEqualTo(clock.now.plusSeconds(43200));
        Credential cred = iam.credential(id).orElseThrow();
        assertThat(cred.sessionToken()).isEqualTo(c.get("SessionToken"));
        assertThat(sts(id, "GetCallerIdentity").get("Arn")).isEqualTo("arn:aws:iam::000000000000:user/ci");
        assertThat(error(() -> sts(id, "GetSessionToken")).code()).isEqualTo("AccessDenied");
        assertThat(obj(sts(key[0], "GetSessionToken", "DurationSeconds", "900"), "Credentials").get("Expiration")).isEqualTo(clock.now.plusSeconds(900));
        assertThat(error(() -> sts(key[0], "GetSessionToken", "DurationSeconds", "200000")).code()).isEqualTo("ValidationError");
        // the root's sessions last an hour at most
        assertThat(obj(sts(ROOT, "GetSessionToken"), "Credentials").get("Expiration")).isEqualTo(clock.now.plusSeconds(3600));

        String arn = role("deploy", TRUST_ACCOUNT);
        String roleSession = (String) obj(sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1"), "Credentials").get("AccessKeyId");
        AwsException denied = error(() -> sts(roleSession, "GetSessionToken"));
        assertThat(denied.code()).isEqualTo("AccessDenied");
        assertThat(denied.status()).isEqualTo(403);

        // the user's session ends with the user
        iam("DeleteAccessKey", "UserName", "ci", "AccessKeyId", key[0]);
        iam("DeleteUser", "UserName", "ci");
        assertThat(iam.credential(id)).isEmpty();
    }

    @Test
    void theControlPlaneAssumesTaskRoles() {
        String arn = role("task", TRUST_TASKS);
        Credential c = iam.assumeRoleAsService(arn, "ecs-task-1", Duration.ofHours(6));
        assertThat(c.accessKeyId()).startsWith("ASIA");
        assertThat(c.expiresAt()).isEqualTo(clock.now.plus(Duration.ofHours(6)));
        assertThat(c.principal().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/task/ecs-task-1");
        assertThat(iam.credential(c.accessKeyId()).orElseThrow().sessionToken()).isEqualTo(c.sessionToken());

        String notForTasks = role("human", TRUST_ACCOUNT);
        AwsException denied = error(() -> iam.assumeRoleAsService(notForTasks, "ecs-task-1", Duration.ofHours(1)));
        assertThat(denied.code()).isEqualTo("AccessDenied");
        // users cannot assume a role only the service may
        assertThat(error(() -> sts(ROOT, "AssumeRole", "RoleArn", arn, "RoleSessionName", "s1")).code()).isEqualTo("AccessDenied");
    }

    @Test
    void expiredSessionsAreSweptWhenNewOnesAreIssued() {
        String arn = role("task", TRUST_TASKS);
        Credential old = iam.assumeRoleAsService(arn, "a", Duration.ofMinutes(15));
        clock.now = clock.now.plus(Duration.ofHours(1));
        iam.assumeRoleAsService(arn, "b", Duration.ofMinutes(15));
        assertThat(store.get(io.dockyard.iam.model.IamKinds.SESSION, old.accessKeyId())).isEmpty();
    }
}
