package io.dockyard.core.model;

import java.util.List;

/** The awsvpc network of a task or service: subnets (at least one), security groups, public IP ENABLED/DISABLED (null = default). */
public record AwsVpcConfiguration(List<String> subnets, List<String> securityGroups, String assignPublicIp) {
    public AwsVpcConfiguration {
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }
}
