package io.dockyard.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module dependency rules, enforced for every module: each may use only the modules listed in
 * {@link #ALLOWED} (everything points inward to core); core depends on the JDK only; the scheduler
 * is pure (no I/O, no libraries); the application layer ({@code launch}) sits between the API and
 * the domain, and the API does not depend on the controller; the agent reaches the control plane
 * over HTTP only.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dockyard");

    /** Module (top-level package under io.dockyard) → the other modules it may depend on. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();
    static {
        ALLOWED.put("core", Set.of());
        ALLOWED.put("scheduler", Set.of("core"));
        ALLOWED.put("store", Set.of("core"));
        ALLOWED.put("protocol", Set.of("core"));
        ALLOWED.put("launch", Set.of("core", "scheduler"));
        ALLOWED.put("controller", Set.of("core", "scheduler", "launch"));
        ALLOWED.put("api", Set.of("core", "scheduler", "protocol", "launch"));
        ALLOWED.put("registry", Set.of("core", "protocol"));
        ALLOWED.put("agent", Set.of("core", "protocol"));
        ALLOWED.put("loadbalancer", Set.of("core", "protocol"));
        ALLOWED.put("discovery", Set.of("core", "protocol"));
        ALLOWED.put("logs", Set.of("core", "protocol"));
        ALLOWED.put("cloudwatch", Set.of("core", "protocol"));
        ALLOWED.put("autoscaling", Set.of("core", "protocol"));
        ALLOWED.put("asg", Set.of("core", "protocol"));
        ALLOWED.put("sqs", Set.of("core", "protocol"));
        ALLOWED.put("events", Set.of("core", "protocol"));
        ALLOWED.put("secrets", Set.of("core", "protocol"));
        ALLOWED.put("acm", Set.of("core", "protocol"));
        ALLOWED.put("codedeploy", Set.of("core", "protocol", "launch"));
        ALLOWED.put("iam", Set.of("core", "protocol"));
        ALLOWED.put("cloudtrail", Set.of("core", "protocol"));
        ALLOWED.put("console", Set.of("core", "protocol"));
        ALLOWED.put("server", Set.of("core", "scheduler", "store", "protocol", "launch", "controller", "api", "registry", "agent", "loadbalancer", "discovery", "logs", "cloudwatch", "autoscaling", "asg", "sqs", "events", "secrets", "acm", "codedeploy", "iam", "cloudtrail", "console"));
    }

    /** What "pure" keeps out of the scheduler: files, sockets, databases, threads and processes. */
    static final List<String> IO_PACKAGES = List.of("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..", "java.sql..",
            "java.util.concurrent..");

    @Test
    void everyModuleIsInTheTable() {
        var modules = CLASSES.stream().map(c -> c.getPackageName().split("\\.")).filter(p -> p.length > 2).map(p -> p[2]).distinct().toList();
        assertThat(ALLOWED.keySet()).containsAll(modules);
    }

    @Test
    void modulesDependOnlyOnTheModulesTheTableAllows() {
        ALLOWED.forEach((module, allowed) -> {
            String[] forbidden = ALLOWED.keySet().stream()
                    .filter(m -> !m.equals(module) && !allowed.contains(m))
                    .map(m -> "io.dockyard." + m + "..").toArray(String[]::new);
            if (forbidden.length == 0) return;
            noClasses().that().resideInAPackage("io.dockyard." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because(module + " may use only " + allowed)
                    .check(CLASSES);
        });
    }

    @Test
    void backgroundLoopsRunUnderTheSupervisor() {
        noClasses().that().resideInAPackage("io.dockyard..")
                .and().doNotHaveFullyQualifiedName(io.dockyard.core.loop.Background.class.getName())
                .should().callMethod(java.util.concurrent.Executors.class, "newSingleThreadScheduledExecutor")
                .orShould().callMethod(java.util.concurrent.Executors.class, "newSingleThreadScheduledExecutor", java.util.concurrent.ThreadFactory.class)
                .orShould().callMethod(java.util.concurrent.Executors.class, "newScheduledThreadPool", int.class)
                .orShould().callMethod(java.util.concurrent.Executors.class, "newScheduledThreadPool", int.class, java.util.concurrent.ThreadFactory.class)
                .orShould().callMethod(Thread.class, "ofPlatform")
                .because("every background loop runs under io.dockyard.core.loop.Supervisor (restarted, reported in health), on a virtual"
                        + " thread or, below the requests' priority, on a platform thread io.dockyard.core.loop.Background makes")
                .check(CLASSES);
    }

    @Test
    void coreDependsOnTheJdkOnly() {
        // javax.crypto is the JDK's too (the master key's AES-GCM and HMAC)
        noClasses().that().resideInAPackage("io.dockyard.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.dockyard.core..", "java..", "javax.crypto..")
                .check(CLASSES);
    }

    @Test
    void schedulerIsPure() {
        noClasses().that().resideInAPackage("io.dockyard.scheduler..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.dockyard.core..", "io.dockyard.scheduler..", "java..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.dockyard.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage(IO_PACKAGES.toArray(String[]::new))
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, ProcessBuilder.class, Process.class)
                .because("placement is a pure function of its snapshot: no files, sockets, databases, threads or processes")
                .check(CLASSES);
    }

    @Test
    void apiDoesNotDependOnController() {
        noClasses().that().resideInAPackage("io.dockyard.api..")
                .should().dependOnClassesThat().resideInAPackage("io.dockyard.controller..")
                .because("RunTask, StartTask and the service scheduler share the application layer (launch), not each other")
                .check(CLASSES);
    }

    @Test
    void apiModulesUseTheProtocolModuleNotEcs() {
        noClasses().that().resideInAnyPackage("io.dockyard.registry..", "io.dockyard.loadbalancer..", "io.dockyard.discovery..")
                .should().dependOnClassesThat().resideInAPackage("io.dockyard.api..")
                .because("the AWS protocol kit is the protocol module; api is the ECS implementation")
                .check(CLASSES);
    }

    @Test
    void theAwsSdkStaysInTheS3BlobStoreDriver() {
        noClasses().that().resideInAPackage("io.dockyard..")
                .and().doNotHaveFullyQualifiedName("io.dockyard.registry.S3Settings")
                .and().haveNameNotMatching("io\\.dockyard\\.registry\\.bytes\\.S3ByteStore(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("Dockyard serves the AWS APIs itself; the SDK is only the S3 blob store's client")
                .check(CLASSES);
    }

    @Test
    void nettyEventLoopsOnlyInTheLoadBalancersDataPlaneAndNoVertx() {
        noClasses().that().resideInAPackage("io.dockyard..")
                .and().resideOutsideOfPackage("io.dockyard.loadbalancer.dataplane..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("one concurrency model: virtual threads and blocking code, Netty's event loops only in the data plane")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.dockyard..")
                .should().dependOnClassesThat().resideInAPackage("io.vertx..")
                .because("the data plane takes Netty directly")
                .check(CLASSES);
    }
}
