package io.dockyard.codedeploy;

import io.dockyard.codedeploy.model.DeploymentConfig;
import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppSpecTest {
    private static final String YAML = """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2"
                    LoadBalancerInfo:
                      ContainerName: "web"
                      ContainerPort: 80
            """;

    @Test
    void readsTheTargetServiceFromYamlAndJson() {
        assertThat(AppSpec.parse(YAML)).isEqualTo(new AppSpec("arn:aws:ecs:us-east-1:000000000000:task-definition/web:2", "web", 80));
        String json = "{\"version\":0.0,\"Resources\":[{\"TargetService\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"TaskDefinition\":\"web:3\","
                + "\"LoadBalancerInfo\":{\"ContainerName\":\"app\",\"ContainerPort\":\"8080\"}}}}]}";
        assertThat(AppSpec.parse(json)).isEqualTo(new AppSpec("web:3", "app", 8080));
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThatThrownBy(() -> AppSpec.parse("version: [")).isInstanceOf(AwsException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> AppSpec.parse(YAML.replace("AWS::ECS::Service", "AWS::Lambda::Function"))).hasMessageContaining("AWS::ECS::Service");
        assertThatThrownBy(() -> AppSpec.parse(YAML.replace("ContainerPort: 80", "Port: 80"))).hasMessageContaining("ContainerPort");
        assertThatThrownBy(() -> AppSpec.parse(YAML + "Hooks:\n  - BeforeInstall: \"fn\"\n")).hasMessageContaining("Lambda");
        assertThatThrownBy(() -> AppSpec.parse(" ")).satisfies(e -> assertThat(((AwsException) e).code()).isEqualTo("InvalidRevisionException"));
    }

    @Test
    void trafficMovesAsTheConfigurationSays() {
        DeploymentConfig all = DeploymentConfig.PREDEFINED.get(0);
        DeploymentConfig linear = DeploymentConfig.PREDEFINED.get(2); // 10 % every 3 minutes
        DeploymentConfig canary = DeploymentConfig.PREDEFINED.get(3); // 10 %, the rest after 5 minutes
        assertThat(all.greenPercent(0)).isEqualTo(100);
        assertThat(canary.greenPercent(0)).isEqualTo(10);
        assertThat(canary.greenPercent(4)).isEqualTo(10);
        assertThat(canary.greenPercent(5)).isEqualTo(100);
        assertThat(linear.greenPercent(0)).isEqualTo(10);
        assertThat(linear.greenPercent(2)).isEqualTo(10);
        assertThat(linear.greenPercent(3)).isEqualTo(20);
        assertThat(linear.greenPercent(27)).isEqualTo(100);
        assertThat(linear.greenPercent(1000)).isEqualTo(100);
    }
}
