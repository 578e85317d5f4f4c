package io.github.mqttkafkabridge.bridge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The direction of the job's package dependencies: the value model at the bottom, rules and the connectors'
 * bridge code on it, configuration beside them, the pipeline, CLI and tools on top.
 */
class ArchitectureTest {
    private static final String BRIDGE = "io.github.mqttkafkabridge.bridge";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BRIDGE);
    }

    @Test
    void theValuePackageImportsNothingAboveIt() {
        noClasses().that().resideInAPackage(BRIDGE + ".value..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE, BRIDGE + ".rule..", BRIDGE + ".kafka..",
                        BRIDGE + ".mqtt..", BRIDGE + ".config..", BRIDGE + ".cli..", BRIDGE + ".bench..",
                        BRIDGE + ".demo..", BRIDGE + ".tester..")
                .check(classes);
    }

    @Test
    void rulesKnowNoConnectorConfigurationOrTool() {
        noClasses().that().resideInAPackage(BRIDGE + ".rule..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE, BRIDGE + ".kafka..", BRIDGE + ".mqtt..",
                        BRIDGE + ".config..", BRIDGE + ".cli..", BRIDGE + ".bench..", BRIDGE + ".demo..",
                        BRIDGE + ".tester..")
                .check(classes);
    }

    @Test
    void connectorsAndConfigurationDoNotReachIntoRules() {
        noClasses().that().resideInAnyPackage(BRIDGE + ".kafka..", BRIDGE + ".mqtt..", BRIDGE + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE, BRIDGE + ".rule..", BRIDGE + ".cli..",
                        BRIDGE + ".bench..", BRIDGE + ".demo..", BRIDGE + ".tester..")
                .check(classes);
    }

    @Test
    void configurationDoesNotDependOnTheConnectorsItConfigures() {
        noClasses().that().resideInAPackage(BRIDGE + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE + ".kafka..", BRIDGE + ".mqtt..")
                .check(classes);
    }
}
