package io.dockyard.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module dependency rule, enforced: everything points inward to core; core depends on the JDK
 * only; the scheduler is pure; the agent reaches the control plane over HTTP only (never its classes).
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dockyard");

    @Test
    void coreDependsOnTheJdkOnly() {
        noClasses().that().resideInAPackage("io.dockyard.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.dockyard.core..", "java..")
                .check(CLASSES);
    }

    @Test
    void schedulerIsPure() {
        noClasses().that().resideInAPackage("io.dockyard.scheduler..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.dockyard.core..", "io.dockyard.scheduler..", "java..")
                .check(CLASSES);
    }

    @Test
    void storeKnowsOnlyCore() {
        noClasses().that().resideInAPackage("io.dockyard.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dockyard.api..", "io.dockyard.agent..", "io.dockyard.server..",
                        "io.dockyard.scheduler..", "io.dockyard.controller..", "io.dockyard.registry..")
                .check(CLASSES);
    }

    @Test
    void agentTalksToTheControlPlaneOverHttpOnly() {
        noClasses().that().resideInAPackage("io.dockyard.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dockyard.api..", "io.dockyard.store..", "io.dockyard.server..",
                        "io.dockyard.scheduler..", "io.dockyard.controller..", "io.dockyard.registry..")
                .check(CLASSES);
    }

    @Test
    void apiDoesNotReachIntoWiringOrAgent() {
        noClasses().that().resideInAPackage("io.dockyard.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dockyard.server..", "io.dockyard.agent..", "io.dockyard.store..")
                .check(CLASSES);
    }

    @Test
    void controllerWorksOnPortsOnly() {
        noClasses().that().resideInAPackage("io.dockyard.controller..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dockyard.api..", "io.dockyard.agent..", "io.dockyard.store..",
                        "io.dockyard.server..", "io.dockyard.registry..")
                .check(CLASSES);
    }

    @Test
    void onlyServerWiresModules() {
        noClasses().that().resideOutsideOfPackage("io.dockyard.server..")
                .should().dependOnClassesThat().resideInAPackage("io.dockyard.server..")
                .check(CLASSES);
    }

    @Test
    void loadBalancerAndDiscoveryKeepToCoreAndTheProtocolLayer() {
        noClasses().that().resideInAnyPackage("io.dockyard.loadbalancer..", "io.dockyard.discovery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dockyard.server..", "io.dockyard.agent..", "io.dockyard.store..",
                        "io.dockyard.scheduler..", "io.dockyard.controller..", "io.dockyard.registry..",
                        "io.dockyard.api.ecs..", "io.dockyard.api.agent..", "io.dockyard.api.dev..")
                .check(CLASSES);
    }

    @Test
    void loadBalancerAndDiscoveryDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.dockyard.loadbalancer..")
                .should().dependOnClassesThat().resideInAPackage("io.dockyard.discovery..").check(CLASSES);
        noClasses().that().resideInAPackage("io.dockyard.discovery..")
                .should().dependOnClassesThat().resideInAPackage("io.dockyard.loadbalancer..").check(CLASSES);
    }
}
