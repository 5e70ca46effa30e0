package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.QueryForm;
import io.dockyard.protocol.QueryXml;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Users and groups: CRUD, names and paths, tags, DeleteConflict, paging, and the XML IAM answers with. */
@SuppressWarnings("unchecked")
class UserOperationsTest extends IamHarness {

    @Test
    void createGetListUpdateDelete() {
        Map<String, Object> u = obj(iam("CreateUser", "UserName", "ci", "Path", "/build/", "Tags", List.of(tag("team", "platform"))), "User");
        assertThat(u.get("UserName")).isEqualTo("ci");
        assertThat(u.get("Path")).isEqualTo("/build/");
        assertThat((String) u.get("UserId")).matches("AIDA[A-Z0-9]{16}");
        assertThat(u.get("Arn")).isEqualTo("arn:aws:iam::000000000000:user/build/ci");
        assertThat(list(u, "Tags")).containsExactly(Map.of("Key", "team", "Value", "platform"));

        assertThat(obj(iam("GetUser", "UserName", "CI"), "User").get("UserId")).isEqualTo(u.get("UserId"));
        assertThat(list(iam("ListUsers"), "Users")).extracting(m -> m.get("UserName")).containsExactly("ci");
        assertThat(list(iam("ListUsers", "PathPrefix", "/other/"), "Users")).isEmpty();

        iam("UpdateUser", "UserName", "ci", "NewUserName", "deployer", "NewPath", "/");
        Map<String, Object> renamed = obj(iam("GetUser", "UserName", "deployer"), "User");
        assertThat(renamed.get("UserId")).isEqualTo(u.get("UserId"));
        assertThat(renamed.get("Arn")).isEqualTo("arn:aws:iam::000000000000:user/deployer");
        assertThat(error(() -> iam("GetUser", "UserName", "ci")).status()).isEqualTo(404);

        iam("DeleteUser", "UserName", "deployer");
        AwsException gone = error(() -> iam("GetUser", "UserName", "deployer"));
        assertThat(gone.code()).isEqualTo("NoSuchEntity");
        assertThat(gone.getMessage()).isEqualTo("The user with name deployer cannot be found.");
    }

    @Test
    void namesAreUniqueRegardlessOfCaseAndValidated() {
        iam("CreateUser", "UserName", "ci");
        AwsException dup = error(() -> iam("CreateUser", "UserName", "CI"));
        assertThat(dup.code()).isEqualTo("EntityAlreadyExists");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.getMessage()).isEqualTo("User with name CI already exists.");
        assertThat(error(() -> iam("CreateUser", "UserName", "bad name")).code()).isEqualTo("ValidationError");
        assertThat(error(() -> iam("CreateUser", "UserName", "x".repeat(65))).code()).isEqualTo("ValidationError");
        assertThat(error(() -> iam("CreateUser", "UserName", "p", "Path", "nopath")).code()).isEqualTo("ValidationError");
        assertThat(error(() -> iam("CreateUser")).getMessage()).contains("'userName'");
        assertThat(error(() -> iam("CreateUser", "UserName", "t", "Tags", List.of(tag("a", "1"), tag("A", "2")))).code()).isEqualTo("InvalidInput");
    }

    @Test
    void deleteConflictsWhileTheUserHasKeysPoliciesOrGroups() {
        String[] key = userWithKey("ci");
        assertThat(error(() -> iam("DeleteUser", "UserName", "ci")).getMessage()).isEqualTo("Cannot delete entity, must delete access keys first.");
        iam("DeleteAccessKey", "UserName", "ci", "AccessKeyId", key[0]);
        iam("PutUserPolicy", "UserName", "ci", "PolicyName", "p", "PolicyDocument", policy("{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}"));
        AwsException conflict = error(() -> iam("DeleteUser", "UserName", "ci"));
        assertThat(conflict.code()).isEqualTo("DeleteConflict");
        assertThat(conflict.status()).isEqualTo(409);
        iam("DeleteUserPolicy", "UserName", "ci", "PolicyName", "p");
        iam("AttachUserPolicy", "UserName", "ci", "PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        assertThat(error(() -> iam("DeleteUser", "UserName", "ci")).code()).isEqualTo("DeleteConflict");
        iam("DetachUserPolicy", "UserName", "ci", "PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        iam("CreateGroup", "GroupName", "devs");
        iam("AddUserToGroup", "GroupName", "devs", "UserName", "ci");
        assertThat(error(() -> iam("DeleteUser", "UserName", "ci")).code()).isEqualTo("DeleteConflict");
        assertThat(error(() -> iam("DeleteGroup", "GroupName", "devs")).code()).isEqualTo("DeleteConflict");
        iam("RemoveUserFromGroup", "GroupName", "devs", "UserName", "ci");
        iam("DeleteUser", "UserName", "ci");
        iam("DeleteGroup", "GroupName", "devs");
        assertThat(list(iam("ListGroups"), "Groups")).isEmpty();
    }

    @Test
    void groupsListTheirMembersAndFollowRenames() {
        iam("CreateUser", "UserName", "ann");
        Map<String, Object> g = obj(iam("CreateGroup", "GroupName", "devs", "Path", "/eng/"), "Group");
        assertThat((String) g.get("GroupId")).startsWith("AGPA");
        assertThat(g.get("Arn")).isEqualTo("arn:aws:iam::000000000000:group/eng/devs");
        iam("AddUserToGroup", "GroupName", "devs", "UserName", "ann");
        iam("AddUserToGroup", "GroupName", "devs", "UserName", "ann");
        assertThat(list(iam("GetGroup", "GroupName", "devs"), "Users")).extracting(u -> u.get("UserName")).containsExactly("ann");
        iam("UpdateUser", "UserName", "ann", "NewUserName", "anna");
        assertThat(list(iam("ListGroupsForUser", "UserName", "anna"), "Groups")).extracting(x -> x.get("GroupName")).containsExactly("devs");
        assertThat(error(() -> iam("AddUserToGroup", "GroupName", "nope", "UserName", "anna")).getMessage()).isEqualTo("The group with name nope cannot be found.");
    }

    @Test
    void tagsMergeCaseInsensitivelyAndUntag() {
        iam("CreateUser", "UserName", "ci");
        iam("TagUser", "UserName", "ci", "Tags", List.of(tag("Team", "a"), tag("env", "prod")));
        iam("TagUser", "UserName", "ci", "Tags", List.of(tag("team", "b")));
        assertThat(list(iam("ListUserTags", "UserName", "ci"), "Tags")).containsExactly(Map.of("Key", "env", "Value", "prod"), Map.of("Key", "team", "Value", "b"));
        iam("UntagUser", "UserName", "ci", "TagKeys", List.of("ENV"));
        assertThat(list(iam("ListUserTags", "UserName", "ci"), "Tags")).containsExactly(Map.of("Key", "team", "Value", "b"));
    }

    @Test
    void pagesWithMarkerAndMaxItems() {
        for (String n : List.of("c", "a", "b")) iam("CreateUser", "UserName", n);
        Map<String, Object> first = iam("ListUsers", "MaxItems", "2");
        assertThat(list(first, "Users")).extracting(u -> u.get("UserName")).containsExactly("a", "b");
        assertThat(first.get("IsTruncated")).isEqualTo(true);
        Map<String, Object> second = iam("ListUsers", "MaxItems", "2", "Marker", first.get("Marker"));
        assertThat(list(second, "Users")).extracting(u -> u.get("UserName")).containsExactly("c");
        assertThat(second.get("IsTruncated")).isEqualTo(false);
        assertThat(second).doesNotContainKey("Marker");
        assertThat(error(() -> iam("ListUsers", "MaxItems", "0")).code()).isEqualTo("ValidationError");
    }

    @Test
    void getUserWithoutANameIsTheCaller() {
        String[] key = userWithKey("ci");
        assertThat(obj(iamAs(key[0], "GetUser"), "User").get("UserName")).isEqualTo("ci");
        Map<String, Object> root = obj(iam("GetUser"), "User");
        assertThat(root.get("Arn")).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(root.get("UserId")).isEqualTo(ACCOUNT);
    }

    @Test
    void inputsAsTheQueryFormParsesThem() {
        Map<String, Object> form = QueryForm.parse("Action=CreateUser&Version=2010-05-08&UserName=ci&Path=%2Fbuild%2F"
                + "&Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.2.Key=env&Tags.member.2.Value=prod");
        Map<String, Object> u = obj((Map<String, Object>) iam.iam().operations().get("CreateUser").handle(form, ctx(ROOT)), "User");
        assertThat(list(u, "Tags")).containsExactly(Map.of("Key", "team", "Value", "a"), Map.of("Key", "env", "Value", "prod"));
        assertThat(u.get("Path")).isEqualTo("/build/");
        iam.iam().operations().get("UntagUser").handle(QueryForm.parse("UserName=ci&TagKeys.member.1=team"), ctx(ROOT));
        assertThat(list(iam("ListUserTags", "UserName", "ci"), "Tags")).extracting(t -> t.get("Key")).containsExactly("env");
        AwsException boundary = error(() -> iam("CreateUser", "UserName", "b", "PermissionsBoundary", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThat(boundary.code()).isEqualTo("InvalidInput");
    }

    @Test
    void answersRenderAsIamXml() {
        Object result = iam("CreateUser", "UserName", "ci");
        String xml = QueryXml.response("CreateUser", IamApi.IAM_XMLNS, result, "rid");
        assertThat(xml).contains("<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateUserResult><User><Path>/</Path><UserName>ci</UserName><UserId>AIDA")
                .contains("<Arn>arn:aws:iam::000000000000:user/ci</Arn><CreateDate>2026-03-01T10:00:00Z</CreateDate></User></CreateUserResult><ResponseMetadata>");
        String list = QueryXml.response("ListUsers", IamApi.IAM_XMLNS, iam("ListUsers"), "rid");
        assertThat(list).contains("<ListUsersResult><Users><member><Path>/</Path><UserName>ci</UserName>").contains("<IsTruncated>false</IsTruncated>");
        String summary = QueryXml.response("GetAccountSummary", IamApi.IAM_XMLNS, iam("GetAccountSummary"), "rid");
        assertThat(summary).contains("<SummaryMap><entry><key>Users</key><value>1</value></entry>");
    }
}
