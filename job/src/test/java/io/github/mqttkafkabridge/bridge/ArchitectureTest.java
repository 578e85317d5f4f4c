package io.github.mqttkafkabridge.bridge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

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

    /** No class breaks the rule ({@link #everyLayerIsThere} makes sure the rules are about something). */
    private static void assertHolds(ArchRule rule) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }

    @Test
    void everyLayerIsThere() {
        for (String layer : List.of("value", "rule", "config", "kafka", "mqtt")) {
            assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(BRIDGE + "." + layer)).count())
                    .as("classes in %s.%s", BRIDGE, layer).isPositive();
        }
    }

    @Test
    void theValuePackageImportsNothingAboveIt() {
        assertHolds(noClasses().that().resideInAPackage(BRIDGE + ".value..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE, BRIDGE + ".rule..", BRIDGE + ".kafka..",
                        BRIDGE + ".mqtt..", BRIDGE + ".config..", BRIDGE + ".cli..", BRIDGE + ".bench..",
                        BRIDGE + ".demo..", BRIDGE + ".tester.."));
    }

    @Test
    void rulesKnowNoConnectorConfigurationOrTool() {
        assertHolds(noClasses().that().resideInAPackage(BRIDGE + ".rule..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE, BRIDGE + ".kafka..", BRIDGE + ".mqtt..",
                        BRIDGE + ".config..", BRIDGE + ".cli..", BRIDGE + ".bench..", BRIDGE + ".demo..",
                        BRIDGE + ".tester.."));
    }

    @Test
    void connectorsAndConfigurationDoNotReachIntoRules() {
        assertHolds(noClasses().that()
                .resideInAnyPackage(BRIDGE + ".kafka..", BRIDGE + ".mqtt..", BRIDGE + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE, BRIDGE + ".rule..", BRIDGE + ".cli..",
                        BRIDGE + ".bench..", BRIDGE + ".demo..", BRIDGE + ".tester.."));
    }

    @Test
    void configurationDoesNotDependOnTheConnectorsItConfigures() {
        assertHolds(noClasses().that().resideInAPackage(BRIDGE + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGE + ".kafka..", BRIDGE + ".mqtt.."));
    }
}
