package org.recoverylink.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a pharmacy PMR system embedding {@code recoverylink-pharmacy-plugin} inherits (and with it
 * the adapter and core): the runtime classpath the build resolved for this module, which depends
 * on nothing else. The README's "What an embedder gets" has the figures and how to measure them.
 */
class EmbedderClasspathTest {

  /** The budget the README states: 30 MB, counted the strict way (10^6 bytes a megabyte). */
  private static final long BUDGET_BYTES = 30_000_000L;

  /** Jar names of servers, database servers and validation: none belongs in an embedder. */
  private static final List<String> SERVER_SIDE = List.of("recoverylink-server",
      "hapi-fhir-validation", "org.hl7.fhir.validation-", "hapi-fhir-server-",
      "hapi-fhir-jpaserver", "jakarta.ws.rs-api-", "jersey-", "jetty-", "jakarta.servlet-api-",
      "javax.servlet-api-", "nimbus-jose-jwt-", "postgresql-", "HikariCP-", "flyway-database-",
      // What the adapter keeps out of HAPI's R4 structures to stay in budget.
      "icu4j-", "Saxon-HE-", "jena-");

  @Test
  void noServerDatabaseServerOrValidatorJar() {
    List<String> banned = classpath().stream().map(p -> p.getFileName().toString())
        .filter(name -> SERVER_SIDE.stream().anyMatch(name::startsWith)).toList();
    assertEquals(List.of(), banned);
  }

  @Test
  void holdsTheLibrariesItEmbeds() {
    List<String> names = classpath().stream().map(p -> p.toString()).toList();
    for (String module : List.of("core", "fhir-adapter", "pharmacy-plugin")) {
      assertTrue(names.stream().anyMatch(n -> n.contains(module)), module + " in " + names);
    }
  }

  @Test
  void withinTheSizeBudget() {
    long bytes = classpath().stream().mapToLong(EmbedderClasspathTest::size).sum();
    assertTrue(bytes <= BUDGET_BYTES, bytes + " bytes, over " + BUDGET_BYTES);
  }

  private static List<Path> classpath() {
    try {
      String listing = Files.readString(Path.of("target", "embedder-classpath.txt")).strip();
      return Arrays.stream(listing.split(File.pathSeparator)).filter(s -> !s.isBlank())
          .map(Path::of).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A jar's size, or the files under a reactor module's class folder. */
  private static long size(Path entry) {
    try {
      if (!Files.isDirectory(entry)) {
        return Files.size(entry);
      }
      try (Stream<Path> files = Files.walk(entry)) {
        return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
