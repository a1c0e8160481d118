package xyz.halyrd;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;

/**
 * The dependency rules of the house (DESIGN.md, issue 14): dependencies point one way, between business components and inside each
 * (entity ← control ← boundary), checked on the compiled main classes so a new back edge fails the build.
 */
@AnalyzeClasses(packages = "xyz.halyrd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    // The rules are constants checked from @ArchTest methods: Surefire 3.5.3 silently skips @ArchTest fields
    // (TNG/ArchUnit#1442), which would make this test pass without looking.

    /** No two components depend on each other, directly or around a loop. */
    static final ArchRule COMPONENTS_FREE_OF_CYCLES = slices().matching("xyz.halyrd.(*)..").namingSlices("$1").should()
            .beFreeOfCycles();

    static final ArchRule ENTITIES_BELOW_CONTROLS = noClasses().that().resideInAPackage("..entity..")
            .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..")
            .because("entities are the bottom layer of a component: they receive values, never the beans that act");

    static final ArchRule CONTROLS_BELOW_BOUNDARIES = noClasses().that().resideInAPackage("..control..")
            .should().dependOnClassesThat().resideInAPackage("..boundary..")
            .because("a boundary calls into controls, never the other way");

    /**
     * The components from the bottom up: each may use those before it, never one after it. The agent registry is
     * below the journal (the journal resolves agent ids); risk and the signer below config (config keeps the
     * signer's allowlist ⊇ watchlist); the lifecycle above the portfolio it flattens and the config it restarts.
     * {@code access} (HTTP Host/Origin/body/token checks) uses only the platform and is used by the journal.
     * {@code chain} (the node, ERC-20s, the swap router, the identity registry, through web3j) knows nothing of
     * trading: the market's router quotes, the signer, the live executor and the identity all speak through it.
     * {@code cluster} (the trading lease and its fence) uses only the platform: the signer fences every signature
     * and the cycle every fill through it.
     */
    static final List<String> ORDER = List.of("platform", "access", "cluster", "chain", "agent", "journal", "market", "strategy",
            "risk", "signer", "config", "portfolio", "lifecycle", "identity", "cycle", "backtest", "stream");

    static final ArchRule COMPONENTS_IN_ORDER = componentOrder();

    private static ArchRule componentOrder() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer(ORDER.get(0)).definedBy("xyz.halyrd." + ORDER.get(0) + "..");
        for (String component : ORDER.subList(1, ORDER.size())) {
            layers = layers.layer(component).definedBy("xyz.halyrd." + component + "..");
        }
        for (int i = 0; i < ORDER.size() - 1; i++) {
            layers = layers.whereLayer(ORDER.get(i)).mayOnlyBeAccessedByLayers(
                    ORDER.subList(i + 1, ORDER.size()).toArray(String[]::new));
        }
        return layers.whereLayer(ORDER.get(ORDER.size() - 1)).mayNotBeAccessedByAnyLayer();
    }

    /** Every class belongs to a component of {@link #ORDER}, so a new component cannot slip past the order. */
    static final ArchRule EVERY_CLASS_IN_A_COMPONENT = classes().should().resideInAnyPackage(
            ORDER.stream().map(c -> "xyz.halyrd." + c + "..").toArray(String[]::new));

    /** The application appends a {@link JournalType}; the append of any word is the test probe's alone. */
    static final ArchRule JOURNAL_TYPES_FROM_THE_VOCABULARY = noClasses().should()
            .callMethod(Journal.class, "appendUnlisted", String.class, List.class, String.class)
            .because("every type the application writes is a JournalType, listed in the OpenAPI document and the docs");

    /** JSON-P through the provider found once ({@code JsonP}), never a class-path search per call. */
    static final ArchRule JSON_P_PROVIDER_FOUND_ONCE = noClasses().should()
            .callMethodWhere(target(owner(name("jakarta.json.Json"))))
            .because("every jakarta.json.Json.create… call looks the provider up on the class path again; "
                    + "xyz.halyrd.platform.JsonP looks it up once");

    @ArchTest
    void json_p_is_used_through_its_provider_found_once(JavaClasses classes) {
        JSON_P_PROVIDER_FOUND_ONCE.check(classes);
    }

    @ArchTest
    void components_follow_the_order(JavaClasses classes) {
        COMPONENTS_IN_ORDER.check(classes);
    }

    @ArchTest
    void every_class_belongs_to_an_ordered_component(JavaClasses classes) {
        EVERY_CLASS_IN_A_COMPONENT.check(classes);
    }

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

    @ArchTest
    void the_application_appends_only_journal_types(JavaClasses classes) {
        JOURNAL_TYPES_FROM_THE_VOCABULARY.check(classes);
    }
}
