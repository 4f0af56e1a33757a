package org.recoverylink.pharmacy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The plug-in runs inside a pharmacy's PMR system: a FHIR client and a local journal (H2 and
 * Flyway, allowed here), never a server. Checked on the compiled classes.
 */
class ArchitectureTest {

  /** This module's main classes only: not its tests, not the jars on its classpath. */
  private static final JavaClasses PLUGIN =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void everyClassLivesUnderTheModulesOwnPackage() {
    // One root package per module: no package is split across modules, so a cycle between
    // two modules' packages would need a cycle between the modules, which Maven refuses.
    classes().should().resideInAPackage("org.recoverylink.pharmacy..").check(PLUGIN);
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.recoverylink.(**)").should().beFreeOfCycles().check(PLUGIN);
  }

  @Test
  void importsNoServerOrHttpServerType() {
    noClasses().should().dependOnClassesThat(resideInAnyPackage(
            "org.recoverylink.server..", "com.nimbusds..", "jakarta.ws.rs..", "javax.ws.rs..",
            "org.glassfish..", "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..",
            "com.sun.net.httpserver.."))
        // HAPI's server; the exceptions its client throws live beside it and stay allowed.
        .orShould().dependOnClassesThat(resideInAPackage("ca.uhn.fhir.rest.server..")
            .and(not(resideInAPackage("ca.uhn.fhir.rest.server.exceptions.."))))
        .check(PLUGIN);
  }

  @Test
  void importsNoDatabaseServerOrValidator() {
    // The journal is embedded H2; a database server's driver or pool is the server's business,
    // and HAPI's validator is test scope.
    noClasses().should().dependOnClassesThat(resideInAnyPackage(
            "org.postgresql..", "com.zaxxer.hikari..", "org.hl7.fhir.validation..",
            "org.hl7.fhir.common.hapi.validation..", "ca.uhn.fhir.validation.."))
        .check(PLUGIN);
  }
}
