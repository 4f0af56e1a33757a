package org.recoverylink.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks may use every module, the server included; what they must not have is a
 * cycle between their own packages. Checked on the compiled classes.
 */
class ArchitectureTest {

  /** This module's main classes only: not its tests, not the jars on its classpath. */
  private static final JavaClasses BENCHMARKS =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void everyClassLivesUnderTheModulesOwnPackage() {
    // One root package per module: no package is split across modules, so a cycle between
    // two modules' packages would need a cycle between the modules, which Maven refuses.
    classes().should().resideInAPackage("org.recoverylink.benchmarks..").check(BENCHMARKS);
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.recoverylink.(**)").should().beFreeOfCycles().check(BENCHMARKS);
  }
}
