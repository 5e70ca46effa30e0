package io.dockyard.iam.gate;

import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The IAM action and resources of an API call, as the Service Authorization Reference names them: the action is
 * {@code <prefix>:<Operation>} (the prefix is the signing name, CloudWatch's {@code monitoring} being {@code cloudwatch});
 * the resources are the ARNs of what the input names — repositories, secrets, parameters, keys, queues, log groups,
 * clusters and services, IAM users, roles and policies, ACM certificates (a new import: {@code certificate/*}) — and {@code *} for an operation that names none (List*,
 * Describe* across resources, Create* of ECS and ELBv2 resources). {@code secretArn} finds a secret's full ARN by name
 * or ARN (its six-character suffix is only known to Secrets Manager).
 */
public final class Resources {
    private final Function<String, String> secretArn;

    public Resources(Function<String, String> secretArn) { this.secretArn = secretArn; }

    public static String action(String service, String operation) {
        return ("monitoring".equals(service) ? "cloudwatch" : service) + ":" + operation;
    }

    public List<String> of(String service, String operation, Map<String, Object> in, RequestContext ctx) {
        String r = ctx.region(), a = ctx.account();
        List<String> out = new ArrayList<>();
        switch (service) {
            case "ecr" -> {
                if (!"GetAuthorizationToken".equals(operation) && in.get("repositoryName") instanceof String n) out.add("arn:aws:ecr:" + r + ":" + a + ":repository/" + n);
            }
            case "secretsmanager" -> {
                for (String m : List.of("SecretId", "Name")) if (in.get(m) instanceof String id) out.add(secretArn.apply(id));
                if (in.get("SecretIdList") instanceof List<?> ids) ids.forEach(id -> out.add(secretArn.apply(String.valueOf(id))));
            }
            case "ssm" -> {
                if (in.get("Name") instanceof String n) out.add(parameterArn(r, a, n));
                if (in.get("Names") instanceof List<?> ns) ns.forEach(n -> out.add(parameterArn(r, a, String.valueOf(n))));
                if (in.get("Path") instanceof String p) out.add(parameterArn(r, a, p));
            }
            case "kms" -> {
                if (in.get("KeyId") instanceof String k) out.add(k.startsWith("arn:") ? k : k.startsWith("alias/") ? "arn:aws:kms:" + r + ":" + a + ":" + k
                        : "arn:aws:kms:" + r + ":" + a + ":key/" + k);
            }
            case "sqs" -> {
                if (in.get("QueueUrl") instanceof String u) out.add("arn:aws:sqs:" + r + ":" + a + ":" + u.substring(u.lastIndexOf('/') + 1));
                else if (in.get("QueueName") instanceof String n) out.add("arn:aws:sqs:" + r + ":" + a + ":" + n);
            }
            case "logs" -> {
                if (in.get("logGroupName") instanceof String g) out.add("arn:aws:logs:" + r + ":" + a + ":log-group:" + g + ":*");
            }
            case "ecs" -> {
                String cluster = in.get("cluster") instanceof String c ? c : null;
                String clusterName = cluster == null ? "default" : cluster.startsWith("arn:") ? cluster.substring(cluster.lastIndexOf('/') + 1) : cluster;
                if (("Poll".equals(operation) || "StartTelemetrySession".equals(operation)) && in.get("containerInstance") instanceof String ci) {
                    out.add(ci); // the agent protocol's calls on its container instance (AgentAuth)
                } else if ("CreateCluster".equals(operation) && in.get("clusterName") instanceof String n) {
                    out.add("arn:aws:ecs:" + r + ":" + a + ":cluster/" + n);
                } else if (in.get("service") instanceof String s) {
                    out.add(s.startsWith("arn:") ? s : "arn:aws:ecs:" + r + ":" + a + ":service/" + clusterName + "/" + s);
                } else if (cluster != null && !operation.startsWith("List")) {
                    out.add(cluster.startsWith("arn:") ? cluster : "arn:aws:ecs:" + r + ":" + a + ":cluster/" + cluster);
                }
            }
            case "iam" -> {
                if (in.get("PolicyArn") instanceof String p) out.add(p);
                else if (in.get("RoleName") instanceof String n) out.add("arn:aws:iam::" + a + ":role/" + n);
                else if (in.get("GroupName") instanceof String n) out.add("arn:aws:iam::" + a + ":group/" + n);
                else if (in.get("UserName") instanceof String n) out.add("arn:aws:iam::" + a + ":user/" + n);
            }
            case "sts" -> {
                if (in.get("RoleArn") instanceof String role) out.add(role);
            }
            case "acm" -> {
                if (in.get("CertificateArn") instanceof String c) out.add(c);
                else if ("ImportCertificate".equals(operation)) out.add("arn:aws:acm:" + r + ":" + a + ":certificate/*");
            }
            default -> { }
        }
        if (out.isEmpty()) out.add("*");
        return out;
    }

    /** A parameter's ARN: {@code parameter/} then the name without its leading slash. */
    static String parameterArn(String region, String account, String name) {
        if (name.startsWith("arn:")) return name;
        return "arn:aws:ssm:" + region + ":" + account + ":parameter/" + (name.startsWith("/") ? name.substring(1) : name);
    }

    /** The condition keys a request carries: the ECS cluster, the caller's address and transport. */
    public static Map<String, List<String>> context(String service, Map<String, Object> in, RequestContext ctx, String sourceIp, boolean secure) {
        Map<String, List<String>> c = new java.util.HashMap<>();
        c.put("aws:RequestedRegion", List.of(ctx.region()));
        c.put("aws:SecureTransport", List.of(Boolean.toString(secure)));
        c.put("aws:CurrentTime", List.of(java.time.Instant.now().toString()));
        c.put("aws:EpochTime", List.of(Long.toString(java.time.Instant.now().getEpochSecond())));
        if (sourceIp != null) c.put("aws:SourceIp", List.of(sourceIp));
        if ("ecs".equals(service) && in.get("cluster") instanceof String cl) {
            c.put("ecs:cluster", List.of(cl.startsWith("arn:") ? cl : "arn:aws:ecs:" + ctx.region() + ":" + ctx.account() + ":cluster/" + cl));
        }
        if ("sts".equals(service)) {
            if (in.get("ExternalId") instanceof String x) c.put("sts:ExternalId", List.of(x));
            if (in.get("RoleSessionName") instanceof String n) c.put("sts:RoleSessionName", List.of(n));
        }
        return c;
    }
}
