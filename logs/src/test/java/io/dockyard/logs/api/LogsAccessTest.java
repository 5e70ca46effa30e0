package io.dockyard.logs.api;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogsAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
    static final String P = "arn:aws:logs:eu-west-1:123456789012:log-group:";

    @Test
    void groupsAndTheStreamsWrittenAndReadAreTheirArns() {
        LogsAccess logs = new LogsAccess();
        assertThat(logs.resources("CreateLogGroup", Map.of("logGroupName", "/app"), CTX)).containsExactly(P + "/app:*");
        assertThat(logs.resources("CreateLogStream", Map.of("logGroupName", "/app", "logStreamName", "s"), CTX)).containsExactly(P + "/app:*");
        assertThat(logs.resources("PutLogEvents", Map.of("logGroupName", "/app", "logStreamName", "s"), CTX)).containsExactly(P + "/app:log-stream:s");
        assertThat(logs.resources("GetLogEvents", Map.of("logGroupIdentifier", P + "/app", "logStreamName", "s"), CTX)).containsExactly(P + "/app:log-stream:s");
        assertThat(logs.resources("DescribeLogGroups", Map.of(), CTX)).isEmpty();
    }
}
