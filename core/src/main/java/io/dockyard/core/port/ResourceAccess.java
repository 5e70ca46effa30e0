package io.dockyard.core.port;

/**
 * Whether the holder of an access key may perform an IAM action on a resource that has its own policy (an ECR repository's),
 * for services that authorize outside the AWS API edge (the registry protocol). Local mode allows everything.
 */
public interface ResourceAccess {
    /**
     * Throws {@link io.dockyard.core.AwsException} {@code AccessDeniedException} with AWS's message unless the key's
     * principal may perform {@code action} on {@code resourceArn}, whose own policy is {@code resourcePolicy} (null: none).
     */
    void check(String accessKeyId, String action, String resourceArn, String resourcePolicy);

    /**
     * The ARN of the principal holding {@code accessKeyId} as a policy's {@code "AWS"} principal names it (a role session: its
     * role's ARN); null when unknown (local mode).
     */
    default String principalArn(String accessKeyId) { return null; }

    ResourceAccess ANY = (key, action, resource, policy) -> {};
}
