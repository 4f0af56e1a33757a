package org.recoverylink.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * core is embedded by GP system vendors: no FHIR, HTTP or database types may creep in.
 *
 * <p>Maven's module graph already keeps core from seeing the other modules; the rules on the
 * compiled classes guard what the graph cannot: cycles between core's own packages and the
 * parts of the JDK it reaches for.
 */
class ArchitectureTest {

  /** This module's main classes only: not its tests, not the jars on its classpath. */
  private static final JavaClasses CORE =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  private static final Pattern FORBIDDEN = Pattern.compile(
      "^import\\s+(static\\s+)?(ca\\.uhn|org\\.hl7|jakarta\\.(ws|servlet)|javax\\.(ws|servlet|sql)"
          + "|java\\.sql|java\\.net\\.http|java\\.net\\.(URL|HttpURLConnection)|org\\.eclipse"
          + "|org\\.glassfish|org\\.postgresql|org\\.h2|com\\.zaxxer|org\\.flywaydb)\\b.*",
      Pattern.MULTILINE);

  @Test
  void coreImportsNoFhirHttpOrDatabaseTypes() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      List<String> offenders = sources.filter(p -> p.toString().endsWith(".java"))
          .flatMap(ArchitectureTest::forbiddenImports).toList();
      assertEquals(List.of(), offenders);
    }
  }

  private static Stream<String> forbiddenImports(Path source) {
    try {
      return FORBIDDEN.matcher(Files.readString(source)).results()
          .map(m -> source.getFileName() + ": " + m.group());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyClassLivesUnderTheModulesOwnPackage() {
    // One root package per module: no package is split across modules, so a cycle between
    // two modules' packages would need a cycle between the modules, which Maven refuses.
    classes().should().resideInAPackage("org.recoverylink.core..").check(CORE);
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.recoverylink.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void dependsOnNothingButTheJdkAndSlf4j() {
    classes().should().onlyDependOnClassesThat()
        .resideInAnyPackage("org.recoverylink.core..", "java..", "org.slf4j")
        .check(CORE);
  }

  @Test
  void usesNoDatabaseOrHttpPartOfTheJdk() {
    // The bytecode twin of the import scan above: it also sees fully qualified names.
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..",
            "com.sun.net.httpserver..")
        .orShould().dependOnClassesThat()
        .haveFullyQualifiedName("java.net.URL")
        .orShould().dependOnClassesThat()
        .haveFullyQualifiedName("java.net.HttpURLConnection")
        .check(CORE);
  }
}
