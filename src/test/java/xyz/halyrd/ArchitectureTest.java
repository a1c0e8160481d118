package xyz.halyrd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * The house rules of docs/DESIGN: dependencies point one way, between business components and inside each
 * (entity ← control ← boundary), checked on the compiled main classes so a new back edge fails the build.
 */
@AnalyzeClasses(packages = "xyz.halyrd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    // The rules are constants checked from @ArchTest methods: Surefire 3.5.3 silently skips @ArchTest fields
    // (TNG/ArchUnit#1442), which would make this test pass without looking.

    /**
     * No two components depend on each other, directly or around a loop. Frozen: the cycles that were there when the
     * rule came in are listed in src/test/resources/archunit_store and shrink as they are removed (the store
     * forgets a cycle once it is gone); any new cycle fails.
     */
    static final ArchRule COMPONENTS_FREE_OF_CYCLES = FreezingArchRule.freeze(
            slices().matching("xyz.halyrd.(*)..").namingSlices("$1").should().beFreeOfCycles());

    static final ArchRule ENTITIES_BELOW_CONTROLS = noClasses().that().resideInAPackage("..entity..")
            .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..")
            .because("entities are the bottom layer of a component: they receive values, never the beans that act");

    static final ArchRule CONTROLS_BELOW_BOUNDARIES = noClasses().that().resideInAPackage("..control..")
            .should().dependOnClassesThat().resideInAPackage("..boundary..")
            .because("a boundary calls into controls, never the other way");

    @ArchTest
    void components_are_free_of_cycles(JavaClasses classes) {
        COMPONENTS_FREE_OF_CYCLES.check(classes);
    }

    @ArchTest
    void entities_depend_on_no_control_or_boundary(JavaClasses classes) {
        ENTITIES_BELOW_CONTROLS.check(classes);
    }

    @ArchTest
    void controls_depend_on_no_boundary(JavaClasses classes) {
        CONTROLS_BELOW_BOUNDARIES.check(classes);
    }
}
