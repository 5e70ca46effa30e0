package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.policy.Evaluator;
import io.dockyard.iam.policy.PolicyDocument;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles, inline and managed policies, versions, attachments, the AWS managed policies and SimulatePrincipalPolicy. */
class PolicyOperationsTest extends IamHarness {
    static final String ECS_ALL = policy("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}");
    static final String ECR_READ = policy("{\"Effect\":\"Allow\",\"Action\":[\"ecr:Get*\",\"ecr:BatchGetImage\"],\"Resource\":\"*\"}");

    static String decode(Object s) { return URLDecoder.decode((String) s, StandardCharsets.UTF_8); }

    @Test
    void rolesCrud() {
        Map<String, Object> r = obj(iam("CreateRole", "RoleName", "app", "Path", "/svc/", "AssumeRolePolicyDocument", TRUST_TASKS,
                "Description", "the app", "MaxSessionDuration", "7200", "Tags", List.of(tag("team", "a"))), "Role");
        assertThat((String) r.get("RoleId")).matches("AROA[A-Z0-9]{16}");
        assertThat(r.get("Arn")).isEqualTo("arn:aws:iam::000000000000:role/svc/app");
        assertThat(r.get("AssumeRolePolicyDocument")).isEqualTo(Shapes.urlEncode(TRUST_TASKS));
        assertThat((String) r.get("AssumeRolePolicyDocument")).startsWith("%7B%22Version%22%3A%222012-10-17%22");
        assertThat(decode(r.get("AssumeRolePolicyDocument"))).isEqualTo(TRUST_TASKS);
        assertThat(r.get("MaxSessionDuration")).isEqualTo(7200);

        assertThat(error(() -> iam("CreateRole", "RoleName", "APP", "AssumeRolePolicyDocument", TRUST_TASKS)).code()).isEqualTo("EntityAlreadyExists");
        assertThat(error(() -> iam("CreateRole", "RoleName", "x", "AssumeRolePolicyDocument", "{nope")).code()).isEqualTo("MalformedPolicyDocument");
        assertThat(error(() -> iam("CreateRole", "RoleName", "x", "AssumeRolePolicyDocument", ECS_ALL)).code()).isEqualTo("MalformedPolicyDocument");
        assertThat(error(() -> iam("CreateRole", "RoleName", "x", "AssumeRolePolicyDocument", TRUST_TASKS, "MaxSessionDuration", "60")).code()).isEqualTo("ValidationError");
        String big = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[" + "\"arn:aws:iam::000000000000:root\",".repeat(70)
                + "\"arn:aws:iam::000000000000:root\"]},\"Action\":\"sts:AssumeRole\"}");
        AwsException tooBig = error(() -> iam("CreateRole", "RoleName", "x", "AssumeRolePolicyDocument", big));
        assertThat(tooBig.code()).isEqualTo("LimitExceeded");
        assertThat(tooBig.getMessage()).isEqualTo("Cannot exceed quota for ACLSizePerRole: 2048");

        iam("UpdateRole", "RoleName", "app", "Description", "new", "MaxSessionDuration", "3600");
        iam("UpdateAssumeRolePolicy", "RoleName", "app", "PolicyDocument", TRUST_ACCOUNT);
        Map<String, Object> got = obj(iam("GetRole", "RoleName", "app"), "Role");
        assertThat(got).containsEntry("Description", "new").containsEntry("MaxSessionDuration", 3600).containsKey("RoleLastUsed");
        assertThat(decode(got.get("AssumeRolePolicyDocument"))).isEqualTo(TRUST_ACCOUNT);
        assertThat(list(iam("ListRoles"), "Roles")).singleElement().satisfies(x -> assertThat(x).doesNotContainKey("Tags"));
        iam("TagRole", "RoleName", "app", "Tags", List.of(tag("env", "prod")));
        iam("UntagRole", "RoleName", "app", "TagKeys", List.of("team"));
        assertThat(list(iam("ListRoleTags", "RoleName", "app"), "Tags")).containsExactly(Map.of("Key", "env", "Value", "prod"));

        iam("PutRolePolicy", "RoleName", "app", "PolicyName", "inline", "PolicyDocument", ECS_ALL);
        assertThat(error(() -> iam("DeleteRole", "RoleName", "app")).code()).isEqualTo("DeleteConflict");
        iam("DeleteRolePolicy", "RoleName", "app", "PolicyName", "inline");
        iam("DeleteRole", "RoleName", "app");
        assertThat(error(() -> iam("GetRole", "RoleName", "app")).getMessage()).isEqualTo("The role with name app cannot be found.");
    }

    @Test
    void inlinePoliciesAreAnsweredUrlEncodedAndCappedInSize() {
        iam("CreateUser", "UserName", "ci");
        iam("PutUserPolicy", "UserName", "ci", "PolicyName", "ecs", "PolicyDocument", ECS_ALL);
        iam("PutUserPolicy", "UserName", "ci", "PolicyName", "ecr", "PolicyDocument", ECR_READ);
        Map<String, Object> got = iam("GetUserPolicy", "UserName", "ci", "PolicyName", "ecs");
        assertThat(got).containsEntry("UserName", "ci").containsEntry("PolicyName", "ecs");
        assertThat((String) got.get("PolicyDocument")).contains("%2A").doesNotContain("{");
        assertThat(decode(got.get("PolicyDocument"))).isEqualTo(ECS_ALL);
        assertThat(iam("ListUserPolicies", "UserName", "ci").get("PolicyNames")).isEqualTo(List.of("ecr", "ecs"));
        AwsException missing = error(() -> iam("GetUserPolicy", "UserName", "ci", "PolicyName", "nope"));
        assertThat(missing.getMessage()).isEqualTo("The user policy with name nope cannot be found.");
        assertThat(error(() -> iam("PutUserPolicy", "UserName", "ci", "PolicyName", "x", "PolicyDocument", TRUST_TASKS)).code()).isEqualTo("MalformedPolicyDocument");

        String actions = "\"ecs:DescribeClusters\",".repeat(90);
        String big = policy("{\"Effect\":\"Allow\",\"Action\":[" + actions + "\"ecs:ListTasks\"],\"Resource\":\"*\"}");
        AwsException tooBig = error(() -> iam("PutUserPolicy", "UserName", "ci", "PolicyName", "big", "PolicyDocument", big));
        assertThat(tooBig.getMessage()).isEqualTo("Cannot exceed quota for PolicySize: 2048");
        iam("CreateGroup", "GroupName", "g");
        iam("PutGroupPolicy", "GroupName", "g", "PolicyName", "big", "PolicyDocument", big);
        assertThat(decode(iam("GetGroupPolicy", "GroupName", "g", "PolicyName", "big").get("PolicyDocument"))).isEqualTo(big);
    }

    @Test
    void managedPolicyVersionsUpToFive() {
        Map<String, Object> p = obj(iam("CreatePolicy", "PolicyName", "deploy", "Path", "/ci/", "PolicyDocument", ECS_ALL, "Description", "d"), "Policy");
        String arn = (String) p.get("Arn");
        assertThat(arn).isEqualTo("arn:aws:iam::000000000000:policy/ci/deploy");
        assertThat((String) p.get("PolicyId")).startsWith("ANPA");
        assertThat(p).containsEntry("DefaultVersionId", "v1").containsEntry("AttachmentCount", 0).containsEntry("IsAttachable", true);
        assertThat(error(() -> iam("CreatePolicy", "PolicyName", "deploy", "PolicyDocument", ECS_ALL)).code()).isEqualTo("EntityAlreadyExists");

        for (int i = 2; i <= 5; i++) {
            Map<String, Object> v = obj(iam("CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", ECR_READ, "SetAsDefault", i == 3 ? "true" : "false"), "PolicyVersion");
            assertThat(v).containsEntry("VersionId", "v" + i).containsEntry("IsDefaultVersion", i == 3);
        }
        restart();
        AwsException limit = error(() -> iam("CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", ECS_ALL));
        assertThat(limit.code()).isEqualTo("LimitExceeded");
        assertThat(obj(iam("GetPolicy", "PolicyArn", arn), "Policy").get("DefaultVersionId")).isEqualTo("v3");
        assertThat(list(iam("ListPolicyVersions", "PolicyArn", arn), "Versions")).extracting(v -> v.get("VersionId")).containsExactly("v5", "v4", "v3", "v2", "v1");
        assertThat(decode(obj(iam("GetPolicyVersion", "PolicyArn", arn, "VersionId", "v1"), "PolicyVersion").get("Document"))).isEqualTo(ECS_ALL);

        assertThat(error(() -> iam("DeletePolicyVersion", "PolicyArn", arn, "VersionId", "v3")).code()).isEqualTo("DeleteConflict");
        iam("DeletePolicyVersion", "PolicyArn", arn, "VersionId", "v2");
        assertThat(obj(iam("CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", ECS_ALL), "PolicyVersion").get("VersionId")).isEqualTo("v6");
        iam("SetDefaultPolicyVersion", "PolicyArn", arn, "VersionId", "v6");
        assertThat(obj(iam("GetPolicy", "PolicyArn", arn), "Policy").get("DefaultVersionId")).isEqualTo("v6");
        assertThat(error(() -> iam("GetPolicyVersion", "PolicyArn", arn, "VersionId", "v2")).code()).isEqualTo("NoSuchEntity");
        assertThat(error(() -> iam("DeletePolicy", "PolicyArn", arn)).code()).isEqualTo("DeleteConflict");
        for (String v : List.of("v1", "v3", "v4", "v5")) iam("DeletePolicyVersion", "PolicyArn", arn, "VersionId", v);
        iam("DeletePolicy", "PolicyArn", arn);
        assertThat(error(() -> iam("GetPolicy", "PolicyArn", arn)).status()).isEqualTo(404);
    }

    @Test
    void attachmentsCountAndList() {
        String arn = (String) obj(iam("CreatePolicy", "PolicyName", "deploy", "PolicyDocument", ECS_ALL), "Policy").get("Arn");
        iam("CreateUser", "UserName", "ci");
        iam("CreateGroup", "GroupName", "devs");
        iam("CreateRole", "RoleName", "app", "AssumeRolePolicyDocument", TRUST_TASKS);
        iam("AttachUserPolicy", "UserName", "ci", "PolicyArn", arn);
        iam("AttachGroupPolicy", "GroupName", "devs", "PolicyArn", arn);
        iam("AttachRolePolicy", "RoleName", "app", "PolicyArn", arn);
        iam("AttachRolePolicy", "RoleName", "app", "PolicyArn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        assertThat(error(() -> iam("AttachRolePolicy", "RoleName", "app", "PolicyArn", "arn:aws:iam::aws:policy/Nope")).code()).isEqualTo("NoSuchEntity");

        restart();
        assertThat(obj(iam("GetPolicy", "PolicyArn", arn), "Policy").get("AttachmentCount")).isEqualTo(3);
        assertThat(list(iam("ListAttachedRolePolicies", "RoleName", "app"), "AttachedPolicies")).extracting(m -> m.get("PolicyName"))
                .containsExactly("deploy", "AmazonECSTaskExecutionRolePolicy");
        assertThat(list(iam("ListAttachedRolePolicies", "RoleName", "app", "PathPrefix", "/service-role/"), "AttachedPolicies")).hasSize(1);
        Map<String, Object> entities = iam("ListEntitiesForPolicy", "PolicyArn", arn);
        assertThat(list(entities, "PolicyUsers")).extracting(m -> m.get("UserName")).containsExactly("ci");
        assertThat(list(entities, "PolicyGroups")).extracting(m -> m.get("GroupName")).containsExactly("devs");
        assertThat(list(entities, "PolicyRoles")).extracting(m -> m.get("RoleName")).containsExactly("app");
        assertThat(list(iam("ListEntitiesForPolicy", "PolicyArn", arn, "EntityFilter", "Role"), "PolicyUsers")).isEmpty();

        assertThat(list(iam("ListPolicies", "Scope", "Local", "OnlyAttached", "true"), "Policies")).extracting(m -> m.get("Arn")).containsExactly(arn);
        assertThat(list(iam("ListPolicies", "Scope", "AWS", "OnlyAttached", "true"), "Policies")).extracting(m -> m.get("PolicyName"))
                .containsExactly("AmazonECSTaskExecutionRolePolicy");
        assertThat(error(() -> iam("DeletePolicy", "PolicyArn", arn)).getMessage()).isEqualTo("Cannot delete a policy attached to entities.");

        iam("DetachUserPolicy", "UserName", "ci", "PolicyArn", arn);
        assertThat(error(() -> iam("DetachUserPolicy", "UserName", "ci", "PolicyArn", arn)).code()).isEqualTo("NoSuchEntity");
        assertThat(obj(iam("GetPolicy", "PolicyArn", arn), "Policy").get("AttachmentCount")).isEqualTo(2);
        assertThat(obj(iam("GetAccountSummary"), "SummaryMap")).containsEntry("Policies", 1).containsEntry("PolicyVersionsInUse", 3);
    }

    @Test
    void tenAttachedPoliciesAtMost() {
        iam("CreateUser", "UserName", "ci");
        for (int i = 0; i < 10; i++) {
            String arn = (String) obj(iam("CreatePolicy", "PolicyName", "p" + i, "PolicyDocument", ECS_ALL), "Policy").get("Arn");
            iam("AttachUserPolicy", "UserName", "ci", "PolicyArn", arn);
        }
        AwsException limit = error(() -> iam("AttachUserPolicy", "UserName", "ci", "PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThat(limit.getMessage()).isEqualTo("Cannot exceed quota for PoliciesPerUser: 10");
    }

    @Test
    void awsManagedPoliciesExistAreReadOnlyAndParse() {
        List<Map<String, Object>> aws = list(iam("ListPolicies", "Scope", "AWS", "MaxItems", "1000"), "Policies");
        assertThat(aws).extracting(m -> m.get("PolicyName")).contains("AdministratorAccess", "ReadOnlyAccess", "AmazonECS_FullAccess",
                "AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryFullAccess",
                "AmazonECSTaskExecutionRolePolicy", "SecretsManagerReadWrite", "AmazonSSMReadOnlyAccess", "CloudWatchLogsFullAccess", "AmazonSQSFullAccess");
        assertThat(aws).allSatisfy(m -> assertThat((String) m.get("Arn")).startsWith("arn:aws:iam::aws:policy/"));
        assertThat(aws).filteredOn(m -> m.get("PolicyName").equals("AmazonECSTaskExecutionRolePolicy")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("Path", "/service-role/").containsEntry("Arn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        for (Map<String, Object> m : aws) {
            String doc = decode(obj(iam("GetPolicyVersion", "PolicyArn", m.get("Arn"), "VersionId", "v1"), "PolicyVersion").get("Document"));
            PolicyDocument.parse(doc, PolicyDocument.Use.IDENTITY);
        }
        iam("CreatePolicy", "PolicyName", "mine", "PolicyDocument", ECS_ALL);
        assertThat(list(iam("ListPolicies", "Scope", "Local"), "Policies")).extracting(m -> m.get("PolicyName")).containsExactly("mine");
        assertThat(list(iam("ListPolicies", "MaxItems", "1000"), "Policies")).hasSize(aws.size() + 1);
        assertThat(error(() -> iam("DeletePolicy", "PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess")).code()).isEqualTo("InvalidInput");
        assertThat(error(() -> iam("CreatePolicyVersion", "PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess", "PolicyDocument", ECS_ALL)).code()).isEqualTo("InvalidInput");
    }

    @Test
    void identityPoliciesOfAUserIncludeItsGroups() {
        iam("CreateUser", "UserName", "ci");
        iam("PutUserPolicy", "UserName", "ci", "PolicyName", "ecs", "PolicyDocument", ECS_ALL);
        iam("CreateGroup", "GroupName", "devs");
        iam("AddUserToGroup", "GroupName", "devs", "UserName", "ci");
        iam("AttachGroupPolicy", "GroupName", "devs", "PolicyArn", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        Principal ci = iam.principal(userWithKeyOf("ci"));
        List<PolicyDocument> docs = iam.identityPolicies(ci);
        assertThat(docs).hasSize(2);
        assertThat(Evaluator.evaluate(new Evaluator.Request(ci, "ecr:BatchGetImage", "*", Map.of()), docs, null, List.of())).isEqualTo(Evaluator.Decision.ALLOW);
        assertThat(Evaluator.evaluate(new Evaluator.Request(ci, "ecr:PutImage", "*", Map.of()), docs, null, List.of())).isEqualTo(Evaluator.Decision.IMPLICIT_DENY);
        assertThat(iam.identityPolicies(Principal.root(ACCOUNT))).isEmpty();
    }

    @Test
    void simulatePrincipalPolicy() {
        iam("CreateUser", "UserName", "ci");
        iam("PutUserPolicy", "UserName", "ci", "PolicyName", "ecs", "PolicyDocument", ECS_ALL);
        iam("PutUserPolicy", "UserName", "ci", "PolicyName", "nodelete", "PolicyDocument",
                policy("{\"Effect\":\"Deny\",\"Action\":\"ecs:DeleteCluster\",\"Resource\":\"*\"}"));
        iam("AttachUserPolicy", "UserName", "ci", "PolicyArn", "arn:aws:iam::aws:policy/AmazonSQSFullAccess");
        Map<String, Object> out = iam("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::000000000000:user/ci",
                "ActionNames", List.of("ecs:RunTask", "ecs:DeleteCluster", "ecr:PutImage", "sqs:SendMessage"),
                "ContextEntries", List.of(Map.of("ContextKeyName", "aws:SourceIp", "ContextKeyValues", List.of("10.0.0.1"), "ContextKeyType", "ip")));
        List<Map<String, Object>> results = list(out, "EvaluationResults");
        assertThat(results).extracting(r -> r.get("EvalDecision")).containsExactly("allowed", "explicitDeny", "implicitDeny", "allowed");
        assertThat(results.get(0)).containsEntry("EvalActionName", "ecs:RunTask").containsEntry("EvalResourceName", "*");
        assertThat(list(results.get(0), "MatchedStatements")).containsExactly(Map.of("SourcePolicyId", "ecs", "SourcePolicyType", "user"));
        assertThat(list(results.get(1), "MatchedStatements")).containsExactly(Map.of("SourcePolicyId", "nodelete", "SourcePolicyType", "user"));
        assertThat(list(results.get(3), "MatchedStatements")).containsExactly(Map.of("SourcePolicyId", "AmazonSQSFullAccess", "SourcePolicyType", "aws-managed"));
        assertThat(error(() -> iam("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::000000000000:user/nobody", "ActionNames", List.of("ecs:RunTask"))).code())
                .isEqualTo("NoSuchEntity");
    }

    private String userWithKeyOf(String name) {
        return (String) obj(iam("CreateAccessKey", "UserName", name), "AccessKey").get("AccessKeyId");
    }
}
