package dev.arbor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dependency arrows of DESIGN.md §1 as ArchUnit rules, for a root package whose sub-packages
 * {@code tree}, {@code tasks}, {@code trainer}, {@code actors} and {@code app} are the modules:
 *
 * <pre>
 * app -> actors -> trainer -> tree
 *               -> tasks   -> tree
 * </pre>
 *
 * <p>Parametrised by the root so that the same rules run on the real code ({@code dev.arbor}) and
 * on deliberately broken fixtures ({@code dev.arbor.archfixture}), which proves they bite.
 */
record ArchitectureRules(String root) {

  private static final String DJL = "ai.djl..";
  private static final String RAY = "io.ray..";

  private String pkg(String module) {
    return root + "." + module + "..";
  }

  ArchRule treeIsPure() {
    return noClasses()
        .that()
        .resideInAPackage(pkg("tree"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(DJL, RAY, pkg("tasks"), pkg("trainer"), pkg("actors"), pkg("app"))
        .because("DESIGN.md §1: tree is plain Java at the bottom of the module graph");
  }

  ArchRule tasksUseOnlyTree() {
    return noClasses()
        .that()
        .resideInAPackage(pkg("tasks"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(DJL, RAY, pkg("trainer"), pkg("actors"), pkg("app"))
        .because("DESIGN.md §1: tasks depends on tree only, and imports neither DJL nor Ray");
  }

  ArchRule trainerUsesNoRay() {
    return noClasses()
        .that()
        .resideInAPackage(pkg("trainer"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(RAY, pkg("tasks"), pkg("actors"), pkg("app"))
        .because("DESIGN.md §1: trainer depends on tree (and DJL) only, never on Ray");
  }

  ArchRule actorsDoNotUseApp() {
    return noClasses()
        .that()
        .resideInAPackage(pkg("actors"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("app"))
        .because("DESIGN.md §1: the driver (app) uses actors, not the other way round");
  }

  ArchRule onlyActorsAndAppUseRay() {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(pkg("actors"), pkg("app"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(RAY)
        .because("DESIGN.md §1: only actors and ray-app import io.ray");
  }

  /** All rules by a short name, in the order of the module graph. */
  Map<String, ArchRule> all() {
    Map<String, ArchRule> rules = new LinkedHashMap<>();
    rules.put("tree imports no DJL, Ray or other Arbor module", treeIsPure());
    rules.put("tasks imports only tree", tasksUseOnlyTree());
    rules.put("trainer imports no Ray, tasks, actors or app", trainerUsesNoRay());
    rules.put("actors does not import app", actorsDoNotUseApp());
    rules.put("only actors and app import Ray", onlyActorsAndAppUseRay());
    return rules;
  }
}
