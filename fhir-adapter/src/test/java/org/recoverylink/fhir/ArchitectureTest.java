package org.recoverylink.fhir;

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
 * The adapter is the library GP and pharmacy systems embed: FHIR in and out of core, nothing
 * that runs a service. Checked on the compiled classes, so a fully qualified name is caught too.
 */
class ArchitectureTest {

  /** This module's main classes only: not its tests, not the jars on its classpath. */
  private static final JavaClasses ADAPTER =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void everyClassLivesUnderTheModulesOwnPackage() {
    // One root package per module: no package is split across modules, so a cycle between
    // two modules' packages would need a cycle between the modules, which Maven refuses.
    classes().should().resideInAPackage("org.recoverylink.fhir..").check(ADAPTER);
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.recoverylink.(**)").should().beFreeOfCycles().check(ADAPTER);
  }

  @Test
  void importsNoServerType() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("org.recoverylink.server..", "com.nimbusds..")
        // HAPI's server (RestfulServer and its kin); its exceptions live in hapi-fhir-base and
        // are what a FHIR client throws, so they stay allowed.
        .orShould().dependOnClassesThat(resideInAPackage("ca.uhn.fhir.rest.server..")
            .and(not(resideInAPackage("ca.uhn.fhir.rest.server.exceptions.."))))
        .check(ADAPTER);
  }

  @Test
  void importsNoHttpType() {
    noClasses().should().dependOnClassesThat(resideInAnyPackage(
            "jakarta.ws.rs..", "javax.ws.rs..", "org.glassfish..", "org.eclipse.jetty..",
            "jakarta.servlet..", "javax.servlet..", "java.net.http..",
            "com.sun.net.httpserver.."))
        .check(ADAPTER);
  }

  @Test
  void importsNoDatabaseType() {
    noClasses().should().dependOnClassesThat(resideInAnyPackage(
            "java.sql..", "javax.sql..", "org.h2..", "org.flywaydb..", "com.zaxxer.hikari..",
            "org.postgresql.."))
        .check(ADAPTER);
  }

  @Test
  void importsNoValidator() {
    // HAPI's instance validator is test scope here: embedders do not inherit its jars.
    noClasses().should().dependOnClassesThat(resideInAnyPackage(
            "org.hl7.fhir.validation..", "org.hl7.fhir.common.hapi.validation..",
            "ca.uhn.fhir.validation.."))
        .check(ADAPTER);
  }
}
