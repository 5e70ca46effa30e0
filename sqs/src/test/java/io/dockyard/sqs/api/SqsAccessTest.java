package io.dockyard.sqs.api;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqsAccessTest {
    @Test
    void theQueueIsItsArn() {
        RequestContext ctx = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
        assertThat(new SqsAccess().resources("SendMessage", Map.of("QueueUrl", "http://localhost:4566/123456789012/jobs"), ctx))
                .containsExactly("arn:aws:sqs:eu-west-1:123456789012:jobs");
        assertThat(new SqsAccess().resources("CreateQueue", Map.of("QueueName", "jobs"), ctx)).containsExactly("arn:aws:sqs:eu-west-1:123456789012:jobs");
    }
}
