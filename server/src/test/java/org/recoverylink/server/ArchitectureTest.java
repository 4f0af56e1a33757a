package org.recoverylink.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The server may use every library and module below it; what it must not have is a cycle
 * between its own packages (http, auth, hub, store, ...). Checked on the compiled classes.
 */
class ArchitectureTest {

  /** This module's main classes only: not its tests, not the jars on its classpath. */
  private static final JavaClasses SERVER =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void everyClassLivesUnderTheModulesOwnPackage() {
    // One root package per module: no package is split across modules, so a cycle between
    // two modules' packages would need a cycle between the modules, which Maven refuses.
    classes().should().resideInAPackage("org.recoverylink.server..").check(SERVER);
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.recoverylink.(**)").should().beFreeOfCycles().check(SERVER);
  }
}
