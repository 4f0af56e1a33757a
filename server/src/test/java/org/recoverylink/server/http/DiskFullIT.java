package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.delivery.ProviderEndpoint;

/**
 * The server rides out the embedded store's disk filling up (issue 21, point 5): the real server
 * jar with its H2 data directory on a small tmpfs of the test's own, filled with a ballast file
 * while referrals keep coming, then freed. Meanwhile referrals are refused with 503,
 * Retry-After and issue code {@code no-store}, never a 500; once the ballast is gone the server
 * takes referrals again without a restart (it reopens the database H2 closed), every referral
 * answered 201 reaches the provider exactly once, and H2's trace file has not filled the disk.
 *
 * <p>Mounting needs root, as CI has; without it the test fails, saying so.
 */
class DiskFullIT {

  /** How long readiness may take to see a change: its checks run every second. */
  private static final Duration READINESS = Duration.ofSeconds(15);
  /** Room for the database, its keys and a little growth; the ballast takes the rest. */
  private static final String SIZE = "24m";
  private static final int BEFORE = 10;
  private static final int ANSWERED = BEFORE - 2;
  private static final int AFTER = 10;
  private static final Duration FULL = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** H2's own trace writes nothing now; before, it grew to 23 MB in a 24 MB directory. */
  private static final long TRACE_LIMIT = 1 << 20;

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(DiskFullIT.class);

  @TempDir
  Path dir;

  @Test
  void whileItsDiskIsFullReferralsAre503AndOnceFreedEvery201IsDeliveredOnce() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    mount(data);
    try (ProviderEndpoint provider = new ProviderEndpoint().start()) {
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      Path directory = TestHub.directoryWithEndpoints(dir.resolve("directory.json"),
          Map.of(ReferralLoad.SERVICE, provider.address()));
      List<String> options = List.of("--base-url", HubProcesses.PUBLIC_BASE,
          "--data", data.toString(), "--directory", directory.toString(),
          "--first-retry-ms", "100", "--delivery-timeout", "5", "--delivery-lease", "10");
      try (HubProcesses.Hub hub = hubs.start("hub", Map.of(), options)) {
        provider.holdAnswersAfter(ANSWERED);
        Set<String> created = new HashSet<>(ReferralLoad.refer(List.of(hub.base()), token,
            BEFORE));
        provider.awaitHeld(BEFORE - ANSWERED, WAIT);

        Path ballast = fill(data);
        provider.release(); // answered now: the hub cannot write that they were delivered
        Outages outages = new Outages(hub.base(), token);
        int refused = outages.referDuring(FULL);
        outages.awaitReadiness(503, READINESS); // a full disk takes no heartbeat
        Files.delete(ballast);
        outages.awaitReadiness(200, WAIT);
        System.out.println("Disk full for " + FULL + ": " + outages.unavailableTimes()
            + "; created meanwhile: " + outages.created().size());
        assertTrue(refused > 0, "nothing was refused while the disk was full");

        outages.referUntilCreated(WAIT);
        created.addAll(outages.created());
        created.addAll(ReferralLoad.refer(List.of(hub.base()), token, AFTER));

        ReferralLoad.awaitDelivered(provider, created, WAIT);
        ReferralLoad.awaitTasksDelivered(hub.base(), token, created, WAIT);
        List<ProviderEndpoint.Received> delivered = provider.delivered();
        assertEquals(created, ReferralLoad.correlationIds(delivered),
            "the referrals delivered are not those answered 201");
        assertEquals(created.size(), delivered.size(), "a referral was delivered twice");
        long trace = traceBytes(data);
        assertTrue(trace <= TRACE_LIMIT, "H2's trace files take " + trace + " bytes");
      }
    } finally {
      unmount(data);
    }
  }

  /** A tmpfs of {@link #SIZE} on {@code data}; fails, never skips, when it cannot. */
  private static void mount(Path data) throws Exception {
    String said = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0700", "tmpfs",
        data.toString());
    if (said != null) {
      throw new AssertionError("DiskFullIT mounts a " + SIZE + " tmpfs for the server's data"
          + " directory and fills it; that needs root (CI runs as root). `mount` said: " + said);
    }
  }

  private static void unmount(Path data) throws Exception {
    if (run("umount", data.toString()) != null) {
      run("umount", "-l", data.toString()); // something still holds it: let it go when done
    }
  }

  /** Runs a command; null when it succeeded, else what it printed. */
  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", command) + " did not finish";
    }
    return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
  }

  /** Writes a ballast file until the disk is full. */
  private static Path fill(Path data) throws IOException {
    Path ballast = data.resolve("ballast");
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return ballast;
  }

  private static long traceBytes(Path data) throws IOException {
    try (Stream<Path> files = Files.list(data)) {
      long total = 0;
      for (Path file : files.filter(f -> f.getFileName().toString().contains(".trace.db"))
          .toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }
}
