package org.recoverylink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** core is embedded by GP system vendors: no FHIR, HTTP or database types may creep in. */
class ArchitectureTest {

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
}
