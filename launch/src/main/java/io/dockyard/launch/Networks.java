package io.dockyard.launch;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.AwsVpcConfiguration;
import io.dockyard.core.model.NetworkConfiguration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS {@code networkConfiguration} as RunTask, CreateService and UpdateService check it: awsvpc (and
 * so FARGATE) needs an awsvpcConfiguration with 1–16 subnets, at most 5 security groups, and a public
 * IP only on FARGATE; every other network mode refuses one.
 */
public final class Networks {
    private Networks() {}

    /** The checked configuration from its wire form (null when none is needed and none was given). */
    public static NetworkConfiguration parse(Map<String, Object> networkConfiguration, String networkMode, String launchType) {
        Map<String, Object> awsvpc = Doc.map(networkConfiguration, "awsvpcConfiguration");
        boolean needs = "awsvpc".equals(networkMode) || "FARGATE".equals(launchType);
        if (needs && awsvpc == null) throw AwsException.invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        if (!needs && awsvpc != null) throw AwsException.invalidParameter("Network Configuration is not valid for the given networkMode of this task definition.");
        if (awsvpc == null) return null;
        List<String> subnets = Doc.strings(awsvpc, "subnets");
        if (subnets.isEmpty()) throw AwsException.invalidParameter("subnets can not be empty.");
        if (subnets.size() > 16) throw AwsException.invalidParameter("subnets can have at most 16 items.");
        List<String> groups = Doc.strings(awsvpc, "securityGroups");
        if (groups.size() > 5) throw AwsException.invalidParameter("securityGroups can have at most 5 items.");
        String assign = Doc.str(awsvpc, "assignPublicIp");
        if (assign != null && !assign.equals("ENABLED") && !assign.equals("DISABLED")) {
            throw AwsException.invalidParameter("assignPublicIp should be one of [ENABLED,DISABLED].");
        }
        if ("ENABLED".equals(assign) && !"FARGATE".equals(launchType)) {
            throw AwsException.invalidParameter("Assign public IP is not supported for this launch type.");
        }
        return new NetworkConfiguration(new AwsVpcConfiguration(subnets, groups, assign));
    }

    /** The wire form (null for none): what DescribeServices shows and what UpdateService re-checks. */
    public static Map<String, Object> wire(NetworkConfiguration nc) {
        if (nc == null || nc.awsvpcConfiguration() == null) return null;
        AwsVpcConfiguration a = nc.awsvpcConfiguration();
        Map<String, Object> awsvpc = new LinkedHashMap<>();
        awsvpc.put("subnets", a.subnets());
        if (!a.securityGroups().isEmpty()) awsvpc.put("securityGroups", a.securityGroups());
        if (a.assignPublicIp() != null) awsvpc.put("assignPublicIp", a.assignPublicIp());
        return Map.of("awsvpcConfiguration", awsvpc);
    }

    /** The awsvpc part, or null. */
    public static AwsVpcConfiguration awsvpc(NetworkConfiguration nc) { return nc == null ? null : nc.awsvpcConfiguration(); }
}
