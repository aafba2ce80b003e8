package dev.arbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Enforces the module arrows of DESIGN.md §1 on the production classes of all modules (they are on
 * ray-app's test classpath), and checks on fixtures that the rules do report violations.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.arbor";
  private static final String FIXTURES = "dev.arbor.archfixture";
  private static final List<String> MODULES = List.of("tree", "tasks", "trainer", "actors", "app");

  private static JavaClasses production;
  private static JavaClasses fixtures;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/dev/arbor/archfixture/"))
            .importPackages(ROOT);
    fixtures = new ClassFileImporter().importPackages(FIXTURES);
  }

  @TestFactory
  Stream<DynamicTest> productionCodeFollowsTheModuleGraph() {
    return new ArchitectureRules(ROOT)
        .all().entrySet().stream()
            .map(
                rule ->
                    DynamicTest.dynamicTest(
                        rule.getKey(), () -> rule.getValue().check(production)));
  }

  @Test
  void everyModuleIsImported() {
    // Guards against a vacuous check: a rule over an empty package passes trivially.
    for (String module : MODULES) {
      String pkg = ROOT + "." + module;
      assertThat(production.stream().map(JavaClass::getPackageName))
          .as("classes of module package %s on the test classpath", pkg)
          .anyMatch(name -> name.equals(pkg) || name.startsWith(pkg + "."));
    }
    assertThat(production.stream().map(JavaClass::getName))
        .as("fixtures and test classes are excluded from the real check")
        .noneMatch(name -> name.startsWith(FIXTURES) || name.endsWith("Test"));
  }

  @Test
  void rulesReportTheFixtureViolations() {
    ArchitectureRules rules = new ArchitectureRules(FIXTURES);

    assertViolations(rules.treeIsPure(), "BadTree", "ai.djl.ndarray.NDArray", "BadTrainer");
    assertViolations(rules.trainerUsesNoRay(), "BadTrainer", "io.ray.api.ObjectRef");
    assertViolations(rules.actorsDoNotUseApp(), "BadActor", "GoodApp");
    assertViolations(rules.onlyActorsAndAppUseRay(), "BadTrainer", "io.ray.api.ObjectRef");
    assertThat(rules.onlyActorsAndAppUseRay().evaluate(fixtures).getFailureReport().getDetails())
        .as("app may use Ray")
        .noneMatch(line -> line.contains("GoodApp"));
    assertThat(rules.tasksUseOnlyTree().evaluate(fixtures).hasViolation())
        .as("tasks may depend on tree")
        .isFalse();
  }

  private static void assertViolations(ArchRule rule, String... fragments) {
    EvaluationResult result = rule.evaluate(fixtures);
    assertThat(result.hasViolation()).as("%s", rule.getDescription()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(report).contains(fragments);
  }
}
