package io.dockyard.server;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.QueryService;
import io.dockyard.protocol.access.AccessMapping;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API on the edge brings its IAM action mapping: each module that builds a JSON or Query service (JsonService.of,
 * JsonService.queryCompatible, QueryService.of) owns an {@link AccessMapping} that {@link AccessWiring} registers. (The
 * running check is {@code AccessMappings.require} when Dockyard starts, over the signing names the edge serves.)
 */
class AccessWiringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dockyard");

    private static String module(JavaClass c) { return c.getPackageName().split("\\.")[2]; }

    @Test
    void everyModuleThatServesAnApiRegistersItsAccessMapping() {
        Set<String> serving = CLASSES.stream().filter(c -> !module(c).equals("protocol"))
                .filter(c -> c.getMethodCallsFromSelf().stream().anyMatch(call ->
                        call.getTargetOwner().isEquivalentTo(JsonService.class) && Set.of("of", "queryCompatible").contains(call.getName())
                                || call.getTargetOwner().isEquivalentTo(QueryService.class) && "of".equals(call.getName())))
                .map(AccessWiringTest::module).collect(Collectors.toCollection(TreeSet::new));
        Set<String> registered = CLASSES.get(AccessWiring.class).getConstructorCallsFromSelf().stream()
                .map(call -> call.getTargetOwner()).filter(o -> o.isAssignableTo(AccessMapping.class))
                .map(AccessWiringTest::module).collect(Collectors.toCollection(TreeSet::new));
        assertThat(serving).contains("api", "registry", "loadbalancer", "discovery", "logs", "cloudwatch", "autoscaling", "asg", "sqs", "secrets",
                "iam", "events", "cloudtrail", "acm", "codedeploy");
        assertThat(registered).containsAll(serving);
    }

    @Test
    void theMappingsCoverEverySigningNameOnTheEdge() {
        assertThat(AccessWiring.mappings(n -> n).services()).containsExactlyInAnyOrder("ecs", "ecr", "elasticloadbalancing", "servicediscovery", "logs",
                "monitoring", "application-autoscaling", "autoscaling", "sqs", "secretsmanager", "ssm", "kms", "iam", "sts", "events", "scheduler", "cloudtrail", "acm", "codedeploy");
    }
}
