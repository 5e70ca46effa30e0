package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.time.Duration;
import java.util.List;
import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.ServiceFixtures.register;
import static io.dockyard.it.services.ServiceFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ContinueServiceDeployment through the AWS CLI v1: the operation is known and gives ECS's errors.
 * The paused blue/green flow behind a load balancer is {@link LifecycleHooksTrafficIT}.
 */
class LifecycleHooksIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void continueServiceDeploymentOfAnUnknownDeploymentIsNotFound() {
        AwsCli aws = dockyard.cli();
        String arn = "arn:aws:ecs:us-east-1:000000000000:service-deployment/none/none/0123456789abcdef";
        AwsCli.Result r = aws.run("ecs", "continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", "h1");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("ServiceDeploymentNotFoundException");
        assertThat(aws.run("ecs", "continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", "h1", "--action", "WAIT")
                .stderr()).contains("InvalidParameterException");
    }
}
