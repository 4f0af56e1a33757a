package org.recoverylink.benchmarks.report;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.recoverylink.benchmarks.Directories;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.Screenings;
import org.recoverylink.server.store.Store;

/**
 * What counting screenings costs the embedded store as their number grows: the audit rows of
 * answered {@code $assess} calls, each with one new screening, written through the server's own
 * {@link AuditTrail} (group commits) and {@link Screenings} (counts written behind, in key order)
 * by several threads at once, as the endpoint's request threads write them; each fifth ends
 * with every count written. No HTTP, no FHIR: only the
 * database's share of a call. For each fifth of the run it prints the process's CPU time and
 * the time spent collecting garbage per row; {@code --screenings 0} writes the audit rows alone,
 * for the difference. See benchmarks/README.md, "What the count costs the store".
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -XX:+UseParallelGC -Xmx256m -Xmn80m -cp benchmarks/target/benchmarks.jar \
 *   org.recoverylink.benchmarks.report.CountingLoad [--rows 500000] [--threads 8] \
 *   [--screenings 1]
 * </pre>
 *
 * <p>The store is a new one in a temporary directory, deleted at the end.
 */
public final class CountingLoad {

  private static final int PARTS = 5;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>(Map.of("rows", "500000", "threads", "8",
        "screenings", "1"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
        throw new IllegalArgumentException("unknown option " + args[i]
            + "; the options are --rows, --threads and --screenings");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    int rows = Integer.parseInt(options.get("rows"));
    int threads = Integer.parseInt(options.get("threads"));
    int screenings = Integer.parseInt(options.get("screenings"));
    Path data = Files.createTempDirectory("recoverylink-counting");
    System.out.printf("%d audit rows, %d new screening(s) each, %d threads; %d processors%n%n",
        rows, screenings, threads, Runtime.getRuntime().availableProcessors());
    System.out.println("| rows written | CPU per row | GC pauses per row | rows a second |");
    System.out.println("| --- | --- | --- | --- |");
    try (Store store = Store.embedded(data); AuditTrail trail = new AuditTrail(store);
        Screenings counts = new Screenings(store)) {
      int part = rows / PARTS;
      for (int p = 1; p <= PARTS; p++) {
        Sample before = Sample.now();
        write(trail, counts, part, threads, screenings);
        counts.flush();
        Sample after = Sample.now();
        System.out.printf("| %,d-%,d | %.1f us | %.1f us | %,.0f |%n", (p - 1) * part,
            p * part, (after.cpuNanos - before.cpuNanos) / 1e3 / part,
            (after.gcMillis - before.gcMillis) * 1e3 / part,
            part / ((after.wallNanos - before.wallNanos) / 1e9));
      }
    } finally {
      Directories.delete(data);
    }
  }

  /** {@code rows} audit rows from {@code threads} threads, each row with new screenings. */
  private static void write(AuditTrail trail, Screenings counts, int rows, int threads,
      int screenings) throws InterruptedException {
    AtomicInteger left = new AtomicInteger(rows);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread writer = new Thread(() -> {
        while (left.getAndDecrement() > 0) {
          Instant now = Instant.now();
          List<Screenings.Screened> counted = new ArrayList<>();
          for (int s = 0; s < screenings; s++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            counted.add(new Screenings.Screened(new UUID(random.nextLong(), random.nextLong()),
                "A81001", "audit", "increasing-risk", 12, now));
          }
          trail.record(new AuditTrail.Entry(now, Optional.of(new AuditTrail.Who(
              "dr-jones@A81001", "gp", "A81001")), 'E', "POST QuestionnaireResponse/$assess",
              Optional.empty(), Optional.empty(), 200));
          counts.count(counted);
        }
      });
      writers.add(writer);
      writer.start();
    }
    for (Thread writer : writers) {
      writer.join();
    }
  }

  private record Sample(long wallNanos, long cpuNanos, long gcMillis) {

    static Sample now() {
      long gc = 0;
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        gc += collector.getCollectionTime();
      }
      return new Sample(System.nanoTime(), ((OperatingSystemMXBean) ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime(), gc);
    }
  }
}
