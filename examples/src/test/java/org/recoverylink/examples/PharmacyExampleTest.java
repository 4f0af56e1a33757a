package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.pharmacy.SyncStatus;

/** The pharmacist's day, synced to the real server jar started as its own process. */
class PharmacyExampleTest {

  @TempDir
  static Path data;
  @TempDir
  Path journal;
  private static ServerJar server;

  @BeforeAll
  static void start() throws Exception {
    server = ServerJar.start(data);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void theDayIsDecidedAtTheCounterAndEveryEventReachesTheEndpoint() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    SyncStatus synced = PharmacyExample.run(URI.create(server.base()),
        server.token("pharmacy", PharmacyExample.PHARMACY), journal,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);

    assertTrue(text.contains("dispense 60 mg supervised, 0 mg to take away (ost-instalment)"),
        text);
    assertTrue(text.contains("2026-03-04: 3 in a row, withheld pending prescriber review"),
        text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("notify ")).count(), text);
    assertTrue(text.contains("Thursday: withhold"), text);
    assertTrue(text.contains("Friday, after the prescriber's review: dispense 60 mg"), text);
    assertTrue(text.contains("visit recorded for JS-19900314-M: nothing returned"), text);
    assertEquals(0, synced.pending(), text);
    assertEquals(0, synced.refused(), text);
  }

  @Test
  void withATokenThatMayNotRecordEverythingWaitsAndNothingIsRefused() throws Exception {
    SyncStatus synced = PharmacyExample.run(URI.create(server.base()),
        server.token("gp", "A81001"), journal, new PrintStream(new ByteArrayOutputStream(),
            true, StandardCharsets.UTF_8));
    assertTrue(synced.pending() > 0, synced.toString());
    assertEquals(0, synced.refused());
    assertEquals("the server answered 403", synced.lastError().orElseThrow());
  }
}
