package io.dockyard.core.port;

import java.time.Instant;
import java.util.List;

/** Where secure mode records every authenticated call (CloudTrail's management events). */
public interface AuditLog {
    /**
     * One call: when, the service's event source ({@code ecs.amazonaws.com}) and operation, who (access key, principal ARN,
     * type {@code Root}/{@code IAMUser}/{@code AssumedRole}/{@code AWSService}, user name), from where, the resources it
     * named (ARNs), and the error when it was refused (null when allowed).
     */
    record Event(String eventId, Instant time, String eventSource, String eventName, String region, String sourceIp, String requestId,
                 String accessKeyId, String principalArn, String principalType, String userName, String account, List<String> resources,
                 String errorCode, String errorMessage) {}

    void record(Event event);

    AuditLog NONE = e -> {};
}
