package io.dockyard.iam.policy;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.Principal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.dockyard.iam.policy.Evaluator.Decision.ALLOW;
import static io.dockyard.iam.policy.Evaluator.Decision.EXPLICIT_DENY;
import static io.dockyard.iam.policy.Evaluator.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evaluation logic against examples from the IAM User Guide (policy evaluation logic, condition operators, variables). */
class EvaluatorTest {
    static final String ACCOUNT = "123456789012";
    static final Principal ALICE = new Principal(Principal.Type.USER, "arn:aws:iam::" + ACCOUNT + ":user/alice", "AIDAALICE", ACCOUNT, "alice", null, null);
    static final Principal SESSION = new Principal(Principal.Type.ASSUMED_ROLE, "arn:aws:sts::" + ACCOUNT + ":assumed-role/deploy/ci", "AROADEPLOY:ci", ACCOUNT,
            "ci", "arn:aws:iam::" + ACCOUNT + ":role/deploy", "ci");

    static PolicyDocument identity(String statements) { return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", PolicyDocument.Use.IDENTITY); }

    static PolicyDocument resource(String statements) { return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", PolicyDocument.Use.RESOURCE); }

    static Evaluator.Decision eval(Principal p, String action, String res, Map<String, List<String>> ctx, PolicyDocument... identity) {
        return Evaluator.evaluate(new Evaluator.Request(p, action, res, ctx), List.of(identity), null, List.of());
    }

    @Test
    void anExplicitDenyOverridesAnyAllowAndNothingMeansNo() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}");
        PolicyDocument denyDelete = identity("{\"Effect\":\"Deny\",\"Action\":[\"ecs:Delete*\"],\"Resource\":\"*\"}");
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of(), allowAll, denyDelete)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecs:DeleteService", "*", Map.of(), allowAll, denyDelete)).isEqualTo(EXPLICIT_DENY);
        assertThat(eval(ALICE, "ecr:PutImage", "*", Map.of(), allowAll, denyDelete)).isEqualTo(IMPLICIT_DENY);
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of())).isEqualTo(IMPLICIT_DENY);
        // actions compare case-insensitively
        assertThat(eval(ALICE, "ECS:runtask", "*", Map.of(), allowAll)).isEqualTo(ALLOW);
    }

    @Test
    void notActionAndNotResourceInvertTheirMatch() {
        PolicyDocument allButIam = identity("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}");
        assertThat(eval(ALICE, "ecs:ListClusters", "*", Map.of(), allButIam)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "iam:CreateUser", "*", Map.of(), allButIam)).isEqualTo(IMPLICIT_DENY);
        PolicyDocument denyOutsideTeam = identity("{\"Effect\":\"Allow\",\"Action\":\"ecr:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"ecr:PutImage\",\"NotResource\":\"arn:aws:ecr:*:" + ACCOUNT + ":repository/team-*\"}");
        assertThat(eval(ALICE, "ecr:PutImage", "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/team-web", Map.of(), denyOutsideTeam)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecr:PutImage", "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/other", Map.of(), denyOutsideTeam)).isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void resourceArnsMatchComponentByComponent() {
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:UpdateService\",\"Resource\":\"arn:aws:ecs:*:" + ACCOUNT + ":service/prod/*\"}");
        assertThat(eval(ALICE, "ecs:UpdateService", "arn:aws:ecs:eu-west-1:" + ACCOUNT + ":service/prod/web", Map.of(), p)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecs:UpdateService", "arn:aws:ecs:eu-west-1:" + ACCOUNT + ":service/dev/web", Map.of(), p)).isEqualTo(IMPLICIT_DENY);
        assertThat(eval(ALICE, "ecs:UpdateService", "arn:aws:ecs:eu-west-1:999999999999:service/prod/web", Map.of(), p)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void conditionOperatorsAsTheUserGuideDescribesThem() {
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Condition\":{"
                + "\"StringEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]},"
                + "\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},"
                + "\"Bool\":{\"aws:SecureTransport\":\"true\"},"
                + "\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"},"
                + "\"NumericLessThanEquals\":{\"ecs:count\":\"5\"}}}");
        Map<String, List<String>> ok = Map.of("aws:RequestedRegion", List.of("us-east-1"), "aws:SourceIp", List.of("10.1.2.3"),
                "aws:SecureTransport", List.of("true"), "aws:CurrentTime", List.of("2026-12-04T12:00:00Z"), "ecs:count", List.of("5"));
        assertThat(eval(ALICE, "ecs:RunTask", "*", ok, p)).isEqualTo(ALLOW);
        for (var bad : List.of(Map.entry("aws:RequestedRegion", "ap-south-1"), Map.entry("aws:SourceIp", "192.168.1.1"), Map.entry("aws:SecureTransport", "false"),
                Map.entry("aws:CurrentTime", "2027-06-01T00:00:00Z"), Map.entry("ecs:count", "6"))) {
            Map<String, List<String>> ctx = new java.util.HashMap<>(ok);
            ctx.put(bad.getKey(), List.of(bad.getValue()));
            assertThat(eval(ALICE, "ecs:RunTask", "*", ctx, p)).as(bad.toString()).isEqualTo(IMPLICIT_DENY);
        }
        // condition keys are case-insensitive
        Map<String, List<String>> lower = new java.util.HashMap<>();
        ok.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        assertThat(eval(ALICE, "ecs:RunTask", "*", lower, p)).isEqualTo(ALLOW);
    }

    @Test
    void missingKeysNegatedOperatorsIfExistsAndNull() {
        PolicyDocument notEquals = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"ecs:cluster\":\"prod\"}}}");
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of(), notEquals)).as("a negated operator matches a missing key").isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of("ecs:cluster", List.of("prod")), notEquals)).isEqualTo(IMPLICIT_DENY);
        PolicyDocument like = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"ecs:cluster\":\"dev-*\"}}}");
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of(), like)).isEqualTo(IMPLICIT_DENY);
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of("ecs:cluster", List.of("dev-1")), like)).isEqualTo(ALLOW);
        PolicyDocument ifExists = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Condition\":{\"StringLikeIfExists\":{\"ecs:cluster\":\"dev-*\"}}}");
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of(), ifExists)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecs:RunTask", "*", Map.of("ecs:cluster", List.of("prod")), ifExists)).isEqualTo(IMPLICIT_DENY);
        PolicyDocument mustTag = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Condition\":{\"Null\":{\"aws:RequestTag/team\":\"false\"}}}");
        assertThat(eval(ALICE, "ecs:CreateCluster", "*", Map.of(), mustTag)).isEqualTo(IMPLICIT_DENY);
        assertThat(eval(ALICE, "ecs:CreateCluster", "*", Map.of("aws:RequestTag/team", List.of("x")), mustTag)).isEqualTo(ALLOW);
    }

    @Test
    void setOperatorsOverMultivaluedKeys() {
        PolicyDocument allOf = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:TagResource\",\"Resource\":\"*\",\"Condition\":"
                + "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}}");
        assertThat(eval(ALICE, "ecs:TagResource", "*", Map.of("aws:TagKeys", List.of("team")), allOf)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecs:TagResource", "*", Map.of("aws:TagKeys", List.of("team", "owner")), allOf)).isEqualTo(IMPLICIT_DENY);
        assertThat(eval(ALICE, "ecs:TagResource", "*", Map.of(), allOf)).as("ForAllValues holds for no values").isEqualTo(ALLOW);
        PolicyDocument anyOf = identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:TagResource\",\"Resource\":\"*\",\"Condition\":"
                + "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}}");
        assertThat(eval(ALICE, "ecs:TagResource", "*", Map.of("aws:TagKeys", List.of("owner", "team")), anyOf)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "ecs:TagResource", "*", Map.of("aws:TagKeys", List.of("owner")), anyOf)).isEqualTo(IMPLICIT_DENY);
        assertThat(eval(ALICE, "ecs:TagResource", "*", Map.of(), anyOf)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void policyVariablesNameTheCaller() {
        PolicyDocument own = identity("{\"Effect\":\"Allow\",\"Action\":\"iam:*AccessKey*\",\"Resource\":\"arn:aws:iam::" + ACCOUNT + ":user/${aws:username}\"}");
        assertThat(eval(ALICE, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT + ":user/alice", Map.of(), own)).isEqualTo(ALLOW);
        assertThat(eval(ALICE, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT + ":user/bob", Map.of(), own)).isEqualTo(IMPLICIT_DENY);
        // a role session has no aws:username: the element matches nothing
        assertThat(eval(SESSION, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT + ":user/ci", Map.of(), own)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void aSessionPolicyLimitsWhatTheRoleAllows() {
        PolicyDocument role = identity("{\"Effect\":\"Allow\",\"Action\":[\"ecs:*\",\"ecr:*\"],\"Resource\":\"*\"}");
        PolicyDocument session = identity("{\"Effect\":\"Allow\",\"Action\":\"ecr:*\",\"Resource\":\"*\"}");
        var r = new Evaluator.Request(SESSION, "ecs:RunTask", "*", Map.of());
        assertThat(Evaluator.evaluate(r, List.of(role), null, List.of(session))).isEqualTo(IMPLICIT_DENY);
        assertThat(Evaluator.evaluate(new Evaluator.Request(SESSION, "ecr:PutImage", "*", Map.of()), List.of(role), null, List.of(session))).isEqualTo(ALLOW);
        assertThat(Evaluator.evaluate(r, List.of(role), null, List.of())).isEqualTo(ALLOW);
    }

    @Test
    void resourcePoliciesGrantToNamedPrincipalsAndDelegateWhenTheyNameTheAccount() {
        String repo = "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/web";
        PolicyDocument toAlice = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ALICE.arn() + "\"},\"Action\":\"ecr:BatchGetImage\"}");
        assertThat(Evaluator.evaluate(new Evaluator.Request(ALICE, "ecr:BatchGetImage", repo, Map.of()), List.of(), toAlice, List.of())).isEqualTo(ALLOW);
        PolicyDocument toAccount = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"ecr:*\"}");
        assertThat(Evaluator.evaluate(new Evaluator.Request(ALICE, "ecr:BatchGetImage", repo, Map.of()), List.of(), toAccount, List.of())).isEqualTo(IMPLICIT_DENY);
        PolicyDocument denyAll = resource("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"ecr:PutImage\"}");
        assertThat(Evaluator.evaluate(new Evaluator.Request(Principal.root(ACCOUNT), "ecr:PutImage", repo, Map.of()), List.of(), denyAll, List.of()))
                .as("not even root gets past an explicit deny").isEqualTo(EXPLICIT_DENY);
        assertThat(Evaluator.evaluate(new Evaluator.Request(Principal.root(ACCOUNT), "ecr:BatchGetImage", repo, Map.of()), List.of(), denyAll, List.of()))
                .isEqualTo(ALLOW);
    }

    @Test
    void trustPoliciesNameWhoMayAssumeTheRole() {
        PolicyDocument ecsTasks = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}", PolicyDocument.Use.TRUST);
        assertThat(Evaluator.trusts(ecsTasks, Principal.service("ecs-tasks.amazonaws.com", ACCOUNT), Map.of())).isTrue();
        assertThat(Evaluator.trusts(ecsTasks, ALICE, Map.of())).isFalse();
        PolicyDocument account = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ACCOUNT + "\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"xyz\"}}}]}", PolicyDocument.Use.TRUST);
        assertThat(Evaluator.trusts(account, ALICE, Map.of("sts:ExternalId", List.of("xyz")))).isTrue();
        assertThat(Evaluator.trusts(account, ALICE, Map.of("sts:ExternalId", List.of("nope")))).isFalse();
        assertThat(Evaluator.trusts(account, ALICE, Map.of())).isFalse();
    }

    @Test
    void malformedDocumentsGetIamsMessages() {
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\"")).isInstanceOf(AwsException.class).hasMessage("Syntax errors in policy.");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Principal\":\"*\"}"))
                .hasMessage("Policy document should not specify a principal.");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\"}")).hasMessage("Policy statement must contain resources.");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Maybe\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}")).hasMessage("Syntax errors in policy.");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Action\":\"RunTask\",\"Resource\":\"*\"}")).hasMessageContaining("prefaced by a vendor");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\",\"Condition\":{\"StringSorta\":{\"a:b\":\"c\"}}}"))
                .hasMessage("Invalid Condition type : StringSorta");
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}",
                PolicyDocument.Use.TRUST)).hasMessage("Has prohibited field Resource");
        assertThat(((AwsException) org.assertj.core.api.Assertions.catchThrowable(() -> identity("x"))).code()).isEqualTo("MalformedPolicyDocument");
    }
}
