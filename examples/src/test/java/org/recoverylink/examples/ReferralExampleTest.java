package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The referral example against the real server jar, started as its own process. */
class ReferralExampleTest {

  @TempDir
  static Path data;
  private static ServerJar server;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    server = ServerJar.start(data);
    base = server.base();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static String token(String role, String org) throws Exception {
    return server.token(role, org);
  }

  private static String run(String gp, String provider) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ReferralExample.run(base, gp, provider, new PrintStream(printed, true,
        StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theGpRefersTheServiceAcceptsAndTheGpSeesIt() throws Exception {
    String printed = run(token("gp", "A81001"), token("provider", "phoenix-futures"));

    // An adult drinking, in Chelmsford: the county's alcohol service, with no endpoint listed,
    // so the referral waits on its worklist.
    assertTrue(printed.contains(" to Phoenix Futures adult alcohol service"), printed);
    assertTrue(printed.contains("Task requested, delivery worklist, with Phoenix Futures"),
        printed);
    assertTrue(printed.contains("== Accepted by the service ==\nTask accepted"), printed);
  }

  @Test
  void anotherServiceCannotAcceptIt() throws Exception {
    String printed = run(token("gp", "A81001"), token("provider", "open-road"));

    assertTrue(printed.contains("Task requested"), printed);
    assertTrue(printed.contains("not on this organisation's worklist"), printed);
  }
}
