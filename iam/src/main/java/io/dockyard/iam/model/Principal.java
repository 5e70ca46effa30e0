package io.dockyard.iam.model;

/**
 * Who a request comes from: the account root, an IAM user, or a role session (AssumeRole); {@code arn} is what
 * GetCallerIdentity answers ({@code arn:aws:iam::<account>:root}, {@code …:user/<path><name>},
 * {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}) and {@code userId} its UserId
 * ({@code AIDA…}, or {@code AROA…:<session>} for a role session).
 */
public record Principal(Type type, String arn, String userId, String account, String name, String roleArn, String sessionName) {
    /** SERVICE: an AWS service principal such as {@code ecs-tasks.amazonaws.com} (its name is the {@code arn}). */
    public enum Type { ROOT, USER, ASSUMED_ROLE, SERVICE }

    public static Principal root(String account) {
        return new Principal(Type.ROOT, "arn:aws:iam::" + account + ":root", account, account, "root", null, null);
    }

    /** A service principal ({@code ecs-tasks.amazonaws.com}) acting in the account. */
    public static Principal service(String name, String account) {
        return new Principal(Type.SERVICE, name, name, account, name, null, null);
    }

    /** The ARN a trust policy's {@code "AWS"} principal names this caller by: the role for a role session, else {@link #arn}. */
    public String trustArn() { return type == Type.ASSUMED_ROLE ? roleArn : arn; }
}
