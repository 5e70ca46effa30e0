package io.dockyard.launch;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.AwsVpcConfiguration;
import io.dockyard.core.model.NetworkConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** networkConfiguration parsed into typed values at the edge, and shown back as sent. */
class NetworksTest {

    private static Map<String, Object> wire(Map<String, Object> awsvpc) { return Map.of("awsvpcConfiguration", awsvpc); }

    @Test
    void awsvpcParsesAndRendersBack() {
        Map<String, Object> sent = wire(Map.of("subnets", List.of("subnet-1"), "securityGroups", List.of("sg-1"), "assignPublicIp", "ENABLED"));
        NetworkConfiguration nc = Networks.parse(sent, "awsvpc", "FARGATE");
        assertThat(nc.awsvpcConfiguration()).isEqualTo(new AwsVpcConfiguration(List.of("subnet-1"), List.of("sg-1"), "ENABLED"));
        assertThat(Networks.wire(nc)).isEqualTo(sent);
        assertThat(Networks.parse(null, "bridge", "EC2")).isNull();
        assertThat(Networks.wire(null)).isNull();
    }

    @Test
    void refusesWhatEcsRefuses() {
        assertThatThrownBy(() -> Networks.parse(null, "awsvpc", "EC2")).isInstanceOf(AwsException.class)
                .hasMessage("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        assertThatThrownBy(() -> Networks.parse(wire(Map.of("subnets", List.of("s"))), "bridge", "EC2"))
                .hasMessage("Network Configuration is not valid for the given networkMode of this task definition.");
        assertThatThrownBy(() -> Networks.parse(wire(Map.of("subnets", List.of())), "awsvpc", "EC2")).hasMessage("subnets can not be empty.");
        assertThatThrownBy(() -> Networks.parse(wire(Map.of("subnets", List.of("s"), "assignPublicIp", "ENABLED")), "awsvpc", "EC2"))
                .hasMessage("Assign public IP is not supported for this launch type.");
    }
}
