package io.dockyard.iam.api;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IamAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");

    @Test
    void usersRolesAndAssumedRolesAreTheirArns() {
        assertThat(new IamAccess().resources("CreateAccessKey", Map.of("UserName", "ci"), CTX)).containsExactly("arn:aws:iam::123456789012:user/ci");
        assertThat(new IamAccess().resources("ListUsers", Map.of(), CTX)).isEmpty();
        StsAccess sts = new StsAccess();
        assertThat(sts.resources("AssumeRole", Map.of("RoleArn", "arn:aws:iam::123456789012:role/r"), CTX)).containsExactly("arn:aws:iam::123456789012:role/r");
        assertThat(sts.conditions("AssumeRole", Map.of("ExternalId", "x", "RoleSessionName", "s"), CTX))
                .containsEntry("sts:ExternalId", List.of("x")).containsEntry("sts:RoleSessionName", List.of("s"));
    }
}
