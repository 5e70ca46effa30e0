package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GetParametersByPath, DescribeParameters, GetParameterHistory, labels and tags: filters, paging and their errors. */
class ParameterQueryTest extends SsmHarness {

    @BeforeEach
    void hierarchy() {
        put("/app/name", "shop", "String");
        put("/app/db/url", "jdbc:x", "String");
        call("PutParameter", "Name", "/app/db/password", "Value", "pw", "Type", "SecureString", "Tags", List.of(tag("team", "core")));
        put("/other/x", "1", "String");
        put("top", "t", "String");
    }

    @Test
    void aPathAnswersItsDirectChildrenOrEveryDescendantWhenRecursive() {
        assertThat(names(call("GetParametersByPath", "Path", "/app"), "Parameters")).containsExactly("/app/name");
        assertThat(names(call("GetParametersByPath", "Path", "/app/", "Recursive", true), "Parameters"))
                .containsExactly("/app/db/password", "/app/db/url", "/app/name");
        assertThat(names(call("GetParametersByPath", "Path", "/"), "Parameters")).containsExactly("top");
        assertThat(names(call("GetParametersByPath", "Path", "/app/name"), "Parameters")).isEmpty();
        Map<String, Object> secure = call("GetParametersByPath", "Path", "/app", "Recursive", true, "WithDecryption", true,
                "ParameterFilters", List.of(filter("Type", null, "SecureString")));
        assertThat(items(secure, "Parameters")).singleElement().satisfies(p -> assertThat(p).containsEntry("Value", "pw"));
        Map<String, Object> hidden = call("GetParametersByPath", "Path", "/app/db", "ParameterFilters", List.of(filter("Type", null, "SecureString")));
        assertThat(items(hidden, "Parameters").getFirst().get("Value")).isNotEqualTo("pw");

        AwsException badPath = error("GetParametersByPath", "Path", "app");
        assertThat(badPath.code()).isEqualTo("ValidationException");
        assertThat(badPath.getMessage()).isEqualTo(Names.BAD_PATH);
        assertThat(code("GetParametersByPath", "Path", "/app", "ParameterFilters", List.of(filter("Name", null, "/app/name"))))
                .isEqualTo("InvalidFilterKey");
        assertThat(code("GetParametersByPath", "Path", "/app", "ParameterFilters", List.of(filter("Label", "BeginsWith", "x"))))
                .isEqualTo("InvalidFilterOption");
        assertThat(code("GetParametersByPath", "Path", "/app", "ParameterFilters", List.of(filter("Bogus", null, "x")))).isEqualTo("ValidationException");
    }

    @Test
    void pathResultsArePagedByNextToken() {
        List<Object> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, Object> page = token == null ? call("GetParametersByPath", "Path", "/app", "Recursive", true, "MaxResults", 2)
                    : call("GetParametersByPath", "Path", "/app", "Recursive", true, "MaxResults", 2, "NextToken", token);
            seen.addAll(names(page, "Parameters"));
            token = (String) page.get("NextToken");
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactly("/app/db/password", "/app/db/url", "/app/name");
        AwsException token400 = error("GetParametersByPath", "Path", "/app", "NextToken", "garbage");
        assertThat(token400.code()).isEqualTo("InvalidNextToken");
        assertThat(token400.status()).isEqualTo(400);
        assertThat(error("GetParametersByPath", "Path", "/app", "MaxResults", 11).getMessage()).isEqualTo(
                "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10");
        assertThat(code("DescribeParameters", "MaxResults", 51)).isEqualTo("ValidationException");
        assertThat(code("DescribeParameters", "NextToken", "garbage")).isEqualTo("InvalidNextToken");
    }

    @Test
    void describeFiltersByNamePathTypeKeyTierAndTag() {
        assertThat(names(call("DescribeParameters", "MaxResults", 50), "Parameters"))
                .containsExactly("/app/db/password", "/app/db/url", "/app/name", "/other/x", "top");
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("Name", "BeginsWith", "/app/db"))), "Parameters"))
                .containsExactly("/app/db/password", "/app/db/url");
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("Name", "Equals", "top"))), "Parameters")).containsExactly("top");
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("Name", "Contains", "db"))), "Parameters")).hasSize(2);
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("Path", null, "/app"))), "Parameters")).containsExactly("/app/name");
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("Path", "Recursive", "/app"))), "Parameters")).hasSize(3);
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("KeyId", null, "alias/aws/ssm"))), "Parameters"))
                .containsExactly("/app/db/password");
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("tag:team", null))), "Parameters")).containsExactly("/app/db/password");
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("tag:team", null, "other"))), "Parameters")).isEmpty();
        assertThat(names(call("DescribeParameters", "ParameterFilters", List.of(filter("Tier", null, "Standard"), filter("Type", null, "String"))),
                "Parameters")).hasSize(4);
        assertThat(names(call("DescribeParameters", "Filters", List.of(filter("Name", null, "/other"))), "Parameters")).containsExactly("/other/x");
        assertThat(names(call("DescribeParameters", "Shared", true), "Parameters")).isEmpty();

        Map<String, Object> meta = items(call("DescribeParameters", "ParameterFilters", List.of(filter("Name", null, "/app/db/password"))), "Parameters").getFirst();
        assertThat(meta).containsEntry("ARN", ARN_PREFIX + "app/db/password").containsEntry("Type", "SecureString").containsEntry("Tier", "Standard")
                .containsEntry("DataType", "text").containsKey("LastModifiedDate").doesNotContainKey("Value");

        assertThat(code("DescribeParameters", "Filters", List.of(filter("Name", null, "/a")), "ParameterFilters", List.of(filter("Type", null, "String"))))
                .isEqualTo("ValidationException");
        assertThat(code("DescribeParameters", "ParameterFilters", List.of(filter("Label", null, "x")))).isEqualTo("InvalidFilterKey");
        assertThat(code("DescribeParameters", "ParameterFilters", List.of(filter("Type", null, "Number")))).isEqualTo("InvalidFilterValue");
        assertThat(code("DescribeParameters", "ParameterFilters", List.of(filter("Path", "Equals", "/app")))).isEqualTo("InvalidFilterOption");
        assertThat(code("DescribeParameters", "ParameterFilters", List.of(filter("Name", null)))).isEqualTo("InvalidFilterValue");
        assertThat(code("DescribeParameters", "ParameterFilters", List.of(filter("Type", null, "String"), filter("Type", null, "String"))))
                .isEqualTo("InvalidFilterKey");
        assertThat(code("DescribeParameters", "ParameterFilters", List.of(filter("Path", "Recursive", "/aws/service")))).isEqualTo("ValidationException");
    }

    @Test
    void labelsNameOneVersionMoveWhenAttachedElsewhereAndSelectIt() {
        overwrite("/app/name", "shop-2");
        overwrite("/app/name", "shop-3");
        Map<String, Object> r = call("LabelParameterVersion", "Name", "/app/name", "ParameterVersion", 1, "Labels", List.of("prod", "aws-x", "1st", "bad/x"));
        assertThat(r).containsEntry("ParameterVersion", 1L);
        assertThat(strings(r, "InvalidLabels")).containsExactly("aws-x", "1st", "bad/x");
        assertThat(parameter(call("GetParameter", "Name", "/app/name:prod"))).containsEntry("Value", "shop").containsEntry("Selector", ":prod");

        assertThat(call("LabelParameterVersion", "Name", "/app/name", "Labels", List.of("prod", "stable"))).containsEntry("ParameterVersion", 3L);
        assertThat(parameter(call("GetParameter", "Name", "/app/name:prod"))).containsEntry("Value", "shop-3").containsEntry("Version", 3L);
        List<Map<String, Object>> history = items(call("GetParameterHistory", "Name", "/app/name"), "Parameters");
        assertThat(history).extracting(h -> h.get("Version") + ":" + h.get("Labels")).containsExactly("1:[]", "2:[]", "3:[prod, stable]");

        Map<String, Object> labelled = call("GetParametersByPath", "Path", "/app", "ParameterFilters", List.of(filter("Label", null, "stable")));
        assertThat(items(labelled, "Parameters")).singleElement().satisfies(p -> assertThat(p).containsEntry("Version", 3L));
        call("LabelParameterVersion", "Name", "/app/name", "ParameterVersion", 2, "Labels", List.of("old"));
        Map<String, Object> old = call("GetParametersByPath", "Path", "/app", "ParameterFilters", List.of(filter("Label", null, "old")));
        assertThat(items(old, "Parameters")).singleElement().satisfies(p -> assertThat(p).containsEntry("Value", "shop-2"));

        Map<String, Object> un = call("UnlabelParameterVersion", "Name", "/app/name", "ParameterVersion", 3, "Labels", List.of("prod", "nope"));
        assertThat(strings(un, "RemovedLabels")).containsExactly("prod");
        assertThat(strings(un, "InvalidLabels")).containsExactly("nope");
        assertThat(code("GetParameter", "Name", "/app/name:prod")).isEqualTo("ParameterNotFound");

        assertThat(code("LabelParameterVersion", "Name", "/app/name", "ParameterVersion", 9, "Labels", List.of("x"))).isEqualTo("ParameterVersionNotFound");
        assertThat(code("LabelParameterVersion", "Name", "/nope", "Labels", List.of("x"))).isEqualTo("ParameterNotFound");
        assertThat(code("LabelParameterVersion", "Name", "/app/name", "Labels", List.of("l".repeat(101)))).isEqualTo("ValidationException");
        assertThat(code("UnlabelParameterVersion", "Name", "/app/name", "Labels", List.of("x"))).isEqualTo("ValidationException");
        List<String> ten = new ArrayList<>();
        for (int i = 0; i < 9; i++) ten.add("l" + i);
        call("LabelParameterVersion", "Name", "/app/name", "ParameterVersion", 1, "Labels", ten);
        assertThat(code("LabelParameterVersion", "Name", "/app/name", "ParameterVersion", 1, "Labels", List.of("more1", "more2")))
                .isEqualTo("ParameterVersionLabelLimitExceeded");
    }

    @Test
    void historyListsEveryVersionOldestFirstInPages() {
        for (int i = 2; i <= 5; i++) call("PutParameter", "Name", "/app/db/password", "Value", "pw" + i, "Overwrite", true, "Description", "v" + i);
        Map<String, Object> first = call("GetParameterHistory", "Name", "/app/db/password", "MaxResults", 3, "WithDecryption", true);
        assertThat(items(first, "Parameters")).extracting(h -> h.get("Value")).containsExactly("pw", "pw2", "pw3");
        Map<String, Object> h = items(first, "Parameters").get(1);
        assertThat(h).containsEntry("Version", 2L).containsEntry("Description", "v2").containsEntry("KeyId", "alias/aws/ssm").containsEntry("Type", "SecureString")
                .containsEntry("LastModifiedUser", "arn:aws:iam::000000000000:user/dockyard").containsEntry("Tier", "Standard");
        Map<String, Object> rest = call("GetParameterHistory", "Name", "/app/db/password", "NextToken", first.get("NextToken"));
        assertThat(items(rest, "Parameters")).extracting(x -> x.get("Version")).containsExactly(4L, 5L);
        assertThat(rest).doesNotContainKey("NextToken");
        assertThat(items(rest, "Parameters").getFirst().get("Value")).isNotEqualTo("pw4");
        assertThat(code("GetParameterHistory", "Name", "/nope")).isEqualTo("ParameterNotFound");
        assertThat(code("GetParameterHistory", "Name", "/app/name", "MaxResults", 51)).isEqualTo("ValidationException");
    }

    @Test
    void tagsAreAddedRemovedAndListedOnParameters() {
        assertThat(items(call("ListTagsForResource", "ResourceType", "Parameter", "ResourceId", "/app/db/password"), "TagList"))
                .containsExactly(Map.of("Key", "team", "Value", "core"));
        call("AddTagsToResource", "ResourceType", "Parameter", "ResourceId", "/app/db/password", "Tags", List.of(tag("env", "prod"), tag("team", "infra")));
        assertThat(items(call("ListTagsForResource", "ResourceType", "Parameter", "ResourceId", "/app/db/password"), "TagList"))
                .containsExactly(Map.of("Key", "team", "Value", "infra"), Map.of("Key", "env", "Value", "prod"));
        overwrite("/app/db/password", "pw2");
        call("RemoveTagsFromResource", "ResourceType", "Parameter", "ResourceId", "/app/db/password", "TagKeys", List.of("team", "absent"));
        assertThat(items(call("ListTagsForResource", "ResourceType", "Parameter", "ResourceId", "/app/db/password"), "TagList"))
                .containsExactly(Map.of("Key", "env", "Value", "prod"));

        assertThat(code("ListTagsForResource", "ResourceType", "Parameter", "ResourceId", "/nope")).isEqualTo("InvalidResourceId");
        assertThat(code("ListTagsForResource", "ResourceType", "Document", "ResourceId", "doc")).isEqualTo("InvalidResourceId");
        assertThat(code("ListTagsForResource", "ResourceType", "Bucket", "ResourceId", "/app/name")).isEqualTo("ValidationException");
        assertThat(code("AddTagsToResource", "ResourceType", "Parameter", "ResourceId", "/app/name", "Tags", List.of(tag("bad#key", "v"))))
                .isEqualTo("ValidationException");
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) many.add(tag("k" + i, "v"));
        assertThat(code("AddTagsToResource", "ResourceType", "Parameter", "ResourceId", "/app/name", "Tags", many)).isEqualTo("TooManyTagsError");
    }
}
