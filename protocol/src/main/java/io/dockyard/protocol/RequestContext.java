package io.dockyard.protocol;

import io.dockyard.core.Arns;

/** Who asked and where: the request id, the caller's region and access key, and the ARNs for them. */
public record RequestContext(String requestId, String region, String accessKeyId, String account) {
    public Arns arns() { return Arns.of(region, account); }
}
