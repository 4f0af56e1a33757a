package org.recoverylink.benchmarks.load;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.recoverylink.benchmarks.Directories;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.directory.DirectoryBundle;

/**
 * The referral hub under load: starts the real server jar as a child process over a fresh H2
 * data directory, a {@link LocalProvider} in this process as the endpoint of
 * {@code phoenix-futures-alcohol} (through a {@code --directory} file), and measures
 *
 * <ol>
 *   <li>latency at fixed rates, after a warm-up at the first: an open loop scheduled by the
 *       clock, each latency measured from the request's scheduled time, so a stalled server
 *       cannot hide its queue;</li>
 *   <li>intake throughput: closed loops of N clients POSTing distinct referrals to
 *       {@code /fhir/ServiceRequest} with delivery on (all the real work: token, validation,
 *       routing, one commit of referral, Task, outbox row and audit row, then delivery);</li>
 *   <li>drain: a backlog taken in by a server with {@code --delivery off}, then a server with
 *       delivery on over the same data: time from its readiness line until the provider has
 *       every referral, and whether any came twice.</li>
 * </ol>
 *
 * <p>Prints Markdown tables on stdout, progress on stderr. See benchmarks/README.md, "The
 * referral hub under load", for the command and the results. From the project root, after
 * {@code mvn -B -q -pl benchmarks -am -DskipTests package}:
 *
 * <pre>
 * java -XX:+UseG1GC -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *   org.recoverylink.benchmarks.load.HubLoad [--h2-options ";WRITE_DELAY=0"]
 * </pre>
 *
 * <p>Options, with their defaults: {@code --jar server/target/recoverylink-server.jar},
 * {@code --server-opts "-XX:+UseG1GC -Xmx256m"} (the hub's JVM: add an
 * {@code -agentpath:} to profile it), {@code --warmup 20} and {@code --duration 30} seconds,
 * {@code --clients 8,16,32}, {@code --rates 200,500} per second, {@code --backlog 10000}
 * queued by {@code --submit-clients 16}, {@code --phases intake,latency,drain},
 * {@code --hub-port 18490}, {@code --provider-port 18491}, {@code --work DIR} (default a new
 * temporary directory, removed afterwards unless {@code --keep}), {@code --h2-options}: H2
 * settings appended to the URL of the same embedded database file, passed as {@code --db}.
 */
public final class HubLoad {

  private static final String READY = "ready at";

  private final Settings settings;
  private final ReferralTemplate template = new ReferralTemplate();
  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong sequence = new AtomicLong();

  private HubLoad(Settings settings) {
    this.settings = settings;
  }

  /** The command line, with its defaults. */
  record Settings(Path jar, List<String> serverOpts, int warmup, int duration,
      List<Integer> clients, List<Integer> rates, int backlog, int submitClients,
      Set<String> phases, int hubPort, int providerPort, Path work, boolean keep,
      String h2Options) {

    static Settings parse(String[] args) throws IOException {
      Map<String, String> options = new TreeMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("unexpected " + args[i]);
        }
        if (args[i].equals("--keep")) {
          options.put("keep", "true");
        } else if (i + 1 < args.length) {
          options.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
      }
      Path jar = Path.of(options.getOrDefault("jar",
          "server/target/recoverylink-server.jar"));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("no server jar at " + jar + " (--jar)");
      }
      Settings settings = new Settings(jar,
          words(options.getOrDefault("server-opts", "-XX:+UseG1GC -Xmx256m")),
          Integer.parseInt(options.getOrDefault("warmup", "20")),
          Integer.parseInt(options.getOrDefault("duration", "30")),
          Arrays.stream(options.getOrDefault("clients", "8,16,32").split(","))
              .map(String::trim).map(Integer::valueOf).toList(),
          Arrays.stream(options.getOrDefault("rates", "200,500").split(","))
              .map(String::trim).map(Integer::valueOf).toList(),
          Integer.parseInt(options.getOrDefault("backlog", "10000")),
          Integer.parseInt(options.getOrDefault("submit-clients", "16")),
          Set.of(options.getOrDefault("phases", "intake,latency,drain").split(",")),
          Integer.parseInt(options.getOrDefault("hub-port", "18490")),
          Integer.parseInt(options.getOrDefault("provider-port", "18491")),
          options.containsKey("work") ? Path.of(options.get("work"))
              : Files.createTempDirectory("hubload-"),
          options.containsKey("keep"), options.getOrDefault("h2-options", ""));
      options.keySet().removeAll(Set.of("jar", "server-opts", "warmup", "duration", "clients",
          "rates", "backlog", "submit-clients", "phases", "hub-port", "provider-port", "work",
          "keep", "h2-options"));
      if (!options.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + options.keySet());
      }
      return settings;
    }

    private static List<String> words(String text) {
      return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("HubLoad: " + e.getMessage());
      System.err.println("options: --jar PATH --server-opts \"JVM OPTIONS\" --warmup S"
          + " --duration S --clients 8,16,32 --rates 200,500 --backlog N --submit-clients N"
          + " --phases intake,latency,drain --hub-port P --provider-port P --work DIR --keep"
          + " --h2-options \";WRITE_DELAY=0\"");
      System.exit(2);
      return;
    }
    new HubLoad(settings).run();
  }

  private void run() throws Exception {
    Files.createDirectories(settings.work());
    Path directory = writeDirectory(settings.work().resolve("directory.json"),
        "http://127.0.0.1:" + settings.providerPort() + "/fhir");
    System.out.printf("HubLoad: %d processors, %s %s; server JVM options %s; H2 %s; referral"
            + " body %,d bytes; work in %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        settings.serverOpts(), settings.h2Options().isEmpty() ? "as the server opens it"
            : "opened with " + settings.h2Options() + " (--db)", template.size(),
        settings.work());
    try {
      if (settings.phases().contains("intake") || settings.phases().contains("latency")) {
        intakeAndLatency(directory);
      }
      if (settings.phases().contains("drain")) {
        drain(directory);
      }
    } finally {
      if (!settings.keep()) {
        Directories.delete(settings.work());
      }
    }
  }

  // ---------------------------------------------------------------- phases 1 and 2

  private void intakeAndLatency(Path directory) throws Exception {
    Path data = settings.work().resolve("intake-data");
    AtomicLong accepted = new AtomicLong();
    try (LocalProvider provider = LocalProvider.start(settings.providerPort());
        Hub hub = Hub.start(settings, data, directory, true, "intake")) {
      Client client = new Client(hub, token(data, hub.base()));
      client.check();
      accepted.incrementAndGet();
      // Warm up: a quarter of the time at full load (a closed loop: the JIT compiles the hot
      // paths), the rest at the first fixed rate, as a server taking that rate runs. Measuring
      // latency right after minutes at full load would measure the database digesting them.
      int warmRate = settings.rates().get(0);
      log("hub ready %d ms after launch; warm-up %d s: a quarter at 16 clients, then %d/s",
          hub.readyMillis(), settings.warmup(), warmRate);
      closedLoop(client, 16, Duration.ofSeconds(settings.warmup() / 4), accepted);
      Open warm = openLoop(client, warmRate, Duration.ofSeconds(settings.warmup()
          - settings.warmup() / 4), accepted);
      log("warm-up: %,d referrals, p99 %s", warm.created(), ms(warm.latency().percentile(0.99)));
      awaitDelivered(provider, accepted, Duration.ofSeconds(120));

      if (settings.phases().contains("latency")) {
        System.out.println();
        System.out.println("Open loop, " + settings.duration() + " s per row, delivery on,"
            + " latency measured from each request's scheduled time:");
        System.out.println();
        System.out.println("| rate | sent | 201 | errors | p50 | p99 | p99.9 | max |"
            + " sends later than 1 ms | delivered during the run | outbox empty again after |"
            + " other processes' CPU |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
            + " --- | --- |");
        for (int rate : settings.rates()) {
          pause();
          long deliveredBefore = provider.distinct();
          Open run = openLoop(client, rate, Duration.ofSeconds(settings.duration()), accepted);
          long deliveredDuring = provider.distinct() - deliveredBefore;
          long caughtUp = awaitDelivered(provider, accepted, Duration.ofSeconds(300));
          System.out.printf("| %d/s | %,d | %,d | %s | %s | %s | %s | %s | %d | %,d (%,.0f/s)"
                  + " | %s | %s |%n", rate, run.sent(), run.created(), run.errors(),
              ms(run.latency().percentile(0.50)), ms(run.latency().percentile(0.99)),
              ms(run.latency().percentile(0.999)), ms(run.latency().max()), run.lateSends(),
              deliveredDuring, deliveredDuring / run.seconds(),
              caughtUp < 0 ? "not within 300 s" : String.format(Locale.ROOT, "%.1f s",
                  caughtUp / 1e9), run.others());
        }
      }
      if (settings.phases().contains("intake")) {
        System.out.println();
        System.out.println("Intake, closed loop, " + settings.duration() + " s per row,"
            + " delivery on:");
        System.out.println();
        System.out.println("| clients | referrals/s (201) | errors | p50 | p99 | max |"
            + " delivered during the run | outbox empty again after | other processes' CPU |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int clients : settings.clients()) {
          pause();
          long deliveredBefore = provider.distinct();
          Closed run = closedLoop(client, clients, Duration.ofSeconds(settings.duration()),
              accepted);
          long deliveredDuring = provider.distinct() - deliveredBefore;
          long caughtUp = awaitDelivered(provider, accepted, Duration.ofSeconds(300));
          System.out.printf("| %d | %,.0f | %s | %s | %s | %s | %,d (%,.0f/s) | %s | %s |%n",
              clients, run.rate(), run.errors(), ms(run.latency().percentile(0.50)),
              ms(run.latency().percentile(0.99)), ms(run.latency().max()), deliveredDuring,
              deliveredDuring / run.seconds(),
              caughtUp < 0 ? "not within 300 s" : String.format(Locale.ROOT, "%.1f s",
                  caughtUp / 1e9), run.others());
        }
      }
      System.out.printf("%nprovider: %,d requests, %,d distinct X-Request-IDs, %,d repeats;"
              + " %,d referrals accepted%n", provider.requests(), provider.distinct(),
          provider.duplicates(), accepted.get());
    }
  }

  /** A closed loop: {@code clients} threads, each sending its next referral on the answer. */
  private Closed closedLoop(Client client, int clients, Duration length, AtomicLong accepted)
      throws InterruptedException {
    Latencies[] latencies = new Latencies[clients];
    Map<String, Long> errors = new ConcurrentHashMap<>();
    AtomicLong created = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    OtherCpu others = OtherCpu.start();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    for (int c = 0; c < clients; c++) {
      Latencies mine = latencies[c] = new Latencies(1 << 14);
      Thread thread = new Thread(() -> {
        try {
          while (true) {
            HttpRequest request = client.request(nextIdentifier());
            long sent = System.nanoTime();
            if (sent >= end) {
              return;
            }
            String outcome = client.send(request);
            long answered = System.nanoTime();
            if (outcome == null) {
              accepted.incrementAndGet();
            }
            if (answered > end) {
              return; // finished after the window: not counted
            }
            mine.add(answered - sent);
            if (outcome == null) {
              created.incrementAndGet();
            } else {
              errors.merge(outcome, 1L, Long::sum);
            }
          }
        } finally {
          done.countDown();
        }
      }, "client-" + c);
      thread.start();
    }
    done.await();
    return new Closed(created.get(), length.toNanos() / 1e9, errors(errors),
        Latencies.merge(latencies), others.stop());
  }

  /** @param others CPU other processes used meanwhile, in percent of one processor */
  record Closed(long created, double seconds, String errors, Latencies latency, String others) {
    double rate() {
      return created / seconds;
    }
  }

  /**
   * An open loop: request i is due at start + i / rate, sent then whatever the answers before
   * it are doing; its latency runs from when it was due.
   */
  private Open openLoop(Client client, int rate, Duration length, AtomicLong accepted) {
    int n = (int) (rate * length.toSeconds());
    long interval = 1_000_000_000L / rate;
    long[] latency = new long[n];
    String[] outcome = new String[n];
    CompletableFuture<?>[] answers = new CompletableFuture<?>[n];
    int late = 0;
    OtherCpu others = OtherCpu.start();
    long start = System.nanoTime() + 10_000_000L;
    for (int i = 0; i < n; i++) {
      HttpRequest request = client.request(nextIdentifier());
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() - due > 1_000_000L) {
        late++;
      }
      int index = i;
      answers[i] = client.sendAsync(request).handle((status, failure) -> {
        latency[index] = System.nanoTime() - due;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        outcome[index] = cause != null ? cause.getClass().getSimpleName()
            : status == 201 ? null : "HTTP " + status;
        if (outcome[index] == null) {
          accepted.incrementAndGet();
        }
        return null;
      });
    }
    CompletableFuture.allOf(answers).join();
    Map<String, Long> errors = new TreeMap<>();
    Latencies all = new Latencies(n);
    long created = 0;
    for (int i = 0; i < n; i++) {
      all.add(latency[i]);
      if (outcome[i] == null) {
        created++;
      } else {
        errors.merge(outcome[i], 1L, Long::sum);
      }
    }
    return new Open(n, created, errors(errors), all, late, (System.nanoTime() - start) / 1e9,
        others.stop());
  }

  /**
   * @param seconds from the first request's due time until the last answer
   * @param others  CPU other processes used meanwhile, in percent of one processor
   */
  record Open(int sent, long created, String errors, Latencies latency, int lateSends,
      double seconds, String others) {
  }

  // ---------------------------------------------------------------- phase 3

  private void drain(Path directory) throws Exception {
    Path data = settings.work().resolve("drain-data");
    int backlog = settings.backlog();
    double submitRate;
    String submitErrors;
    try (Hub hub = Hub.start(settings, data, directory, false, "queue")) {
      Client client = new Client(hub, token(data, hub.base()));
      log("queueing %,d referrals with delivery off (%d clients)", backlog,
          settings.submitClients());
      long start = System.nanoTime();
      Map<String, Long> errors = submit(client, backlog);
      submitRate = backlog / ((System.nanoTime() - start) / 1e9);
      submitErrors = errors(errors);
    }
    String queued = sql(data, "SELECT state, COUNT(*) FROM outbox GROUP BY state");
    log("outbox after the delivery-off server stopped: %s", queued);

    try (LocalProvider provider = LocalProvider.start(settings.providerPort())) {
      provider.watchFor(backlog);
      long drained;
      long fromLaunch;
      long ready;
      String others;
      try (Hub hub = Hub.start(settings, data, directory, true, "drain")) {
        OtherCpu watch = OtherCpu.start();
        ready = hub.readyMillis();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (provider.reachedNanos() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        long reached = provider.reachedNanos();
        others = watch.stop();
        drained = reached == 0 ? -1 : reached - hub.readyNanos();
        fromLaunch = reached == 0 ? -1 : reached - hub.launchedNanos();
        Thread.sleep(5_000); // anything sent twice would come now
      }
      String settled = sql(data, "SELECT state, COUNT(*) FROM outbox GROUP BY state");
      String tasks = sql(data, "SELECT business_status, COUNT(*) FROM task GROUP BY"
          + " business_status");
      System.out.println();
      System.out.println("Drain: " + String.format(Locale.ROOT, "%,d", backlog)
          + " referrals queued by a server with --delivery off (taken in at "
          + String.format(Locale.ROOT, "%,.0f/s", submitRate) + ", errors " + submitErrors
          + "; outbox then: " + queued + "), then a server with delivery on over the same"
          + " data:");
      System.out.println();
      System.out.println("| backlog | ready after launch | all delivered after the ready line |"
          + " after launch | deliveries/s | provider requests | distinct X-Request-IDs |"
          + " repeats | outbox after | Tasks after | other processes' CPU |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      System.out.printf("| %,d | %.1f s | %s | %s | %s | %,d | %,d | %,d | %s | %s | %s |%n",
          backlog, ready / 1e3, drained < 0 ? "not within 600 s" : seconds(drained),
          fromLaunch < 0 ? "-" : seconds(fromLaunch),
          drained <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", backlog / (drained / 1e9)),
          provider.requests(), provider.distinct(), provider.duplicates(), settled, tasks,
          others);
    }
  }

  /** Exactly {@code count} referrals, each retried with its own identifier until taken. */
  private Map<String, Long> submit(Client client, int count) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    Map<String, Long> errors = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(settings.submitClients());
    for (int c = 0; c < settings.submitClients(); c++) {
      new Thread(() -> {
        try {
          while (next.getAndIncrement() < count) {
            String identifier = nextIdentifier();
            for (int attempt = 0; ; attempt++) {
              String outcome = client.send(client.request(identifier));
              if (outcome == null || outcome.equals("HTTP 200")) { // 200: stored already
                break;
              }
              errors.merge(outcome, 1L, Long::sum);
              if (attempt == 10) {
                throw new IllegalStateException("referral " + identifier + " refused: "
                    + outcome);
              }
            }
          }
        } finally {
          done.countDown();
        }
      }, "submit-" + c).start();
    }
    done.await();
    return errors;
  }

  // ---------------------------------------------------------------- helpers

  private String nextIdentifier() {
    return "load-" + runId + "-" + sequence.incrementAndGet();
  }

  /** Until the provider has every referral accepted so far; nanoseconds waited, -1 if not. */
  private static long awaitDelivered(LocalProvider provider, AtomicLong accepted,
      Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (provider.distinct() < accepted.get()) {
      if (System.nanoTime() > deadline) {
        log("delivery behind: %,d of %,d", provider.distinct(), accepted.get());
        return -1;
      }
      Thread.sleep(5);
    }
    return System.nanoTime() - start;
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(2_000);
  }

  /** A development token for the hub at {@code base} (its {@code aud}). */
  private String token(Path data, String base) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(java(), "-jar", settings.jar().toString(), "token",
        "--role", "gp", "--org", ReferralTemplate.PRACTICE, "--data", data.toString(), "--ttl",
        "7200", "--base-url", base).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String token = new String(process.getInputStream().readAllBytes(),
        StandardCharsets.US_ASCII).trim();
    if (process.waitFor() != 0 || token.isEmpty()) {
      throw new IllegalStateException("the token sub-command failed");
    }
    return token;
  }

  /** A query on the stopped server's H2 database, through the H2 shell in the server jar. */
  private String sql(Path data, String query) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(java(), "-cp", settings.jar().toString(),
        "org.h2.tools.Shell", "-url", "jdbc:h2:file:" + data.toAbsolutePath()
            .resolve("recoverylink"), "-user", "recoverylink", "-password", "", "-sql", query)
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    // "STATE | COUNT(*)\npending | 10000\n(1 row, 3 ms)" -> "pending 10000"
    return out.lines().skip(1).filter(l -> l.contains("|"))
        .map(l -> Arrays.stream(l.split("\\|")).map(String::trim)
            .collect(Collectors.joining(" ")))
        .collect(Collectors.joining(", "));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The Essex directory with {@code phoenix-futures-alcohol} delivering to {@code base}. */
  static Path writeDirectory(Path file, String base) throws IOException {
    Directory essex = EssexDirectory.directory();
    Directory.Builder builder = Directory.builder(essex.version().id(),
        essex.version().version(), essex.geography());
    for (Service s : essex.services()) {
      builder.service(new Service(s.id(), s.name(), s.provider(), s.kinds(), s.eligibility(),
          s.coverage(), s.id().equals("phoenix-futures-alcohol") ? Optional.of(base)
              : s.endpoint(), s.description()));
    }
    Files.writeString(file, new DirectoryBundle(FhirContext.forR4Cached())
        .writeJson(builder.build()), StandardCharsets.UTF_8);
    return file;
  }

  private static String errors(Map<String, Long> errors) {
    return errors.isEmpty() ? "0" : new TreeMap<>(errors).entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, nanos >= 100_000_000L ? "%.0f ms" : "%.1f ms",
        nanos / 1e6);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  static void log(String format, Object... args) {
    System.err.printf("[hubload] " + format + "%n", args);
  }

  /** HTTP to the hub: JDK HttpClient, HTTP/1.1, one connection per client in flight. */
  private final class Client {

    private final URI uri;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    Client(Hub hub, String token) {
      this.uri = URI.create(hub.base() + "/ServiceRequest");
      this.authorization = "Bearer " + token;
    }

    HttpRequest request(String identifier) {
      return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/fhir+json")
          .header("Authorization", authorization)
          .POST(HttpRequest.BodyPublishers.ofByteArray(template.body(identifier))).build();
    }

    /** Null when created (201), else what happened. */
    String send(HttpRequest request) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        return status == 201 ? null : "HTTP " + status;
      } catch (IOException e) {
        return e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }

    CompletableFuture<Integer> sendAsync(HttpRequest request) {
      return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .thenApply(HttpResponse::statusCode);
    }

    /** One referral, answered 201 with the routed performer; otherwise the run is wrong. */
    void check() throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(request(nextIdentifier()),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201 || !response.body().contains(
          "HealthcareService/phoenix-futures-alcohol")) {
        throw new IllegalStateException("the first referral was answered "
            + response.statusCode() + ": " + response.body());
      }
    }
  }

  /** Latencies in nanoseconds. */
  static final class Latencies {
    private long[] values;
    private int size;
    private boolean sorted;

    Latencies(int capacity) {
      values = new long[Math.max(16, capacity)];
    }

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
      sorted = false;
    }

    static Latencies merge(Latencies... parts) {
      Latencies all = new Latencies(Arrays.stream(parts).mapToInt(p -> p.size).sum());
      for (Latencies part : parts) {
        System.arraycopy(part.values, 0, all.values, all.size, part.size);
        all.size += part.size;
      }
      return all;
    }

    long percentile(double p) {
      if (size == 0) {
        return 0;
      }
      sort();
      return values[Math.max(0, (int) Math.ceil(p * size) - 1)];
    }

    long max() {
      return percentile(1.0);
    }

    private void sort() {
      if (!sorted) {
        Arrays.sort(values, 0, size);
        sorted = true;
      }
    }
  }

  /** The server jar in a child process, its output in a log file. */
  static final class Hub implements AutoCloseable {
    private final Process process;
    private final long launched;
    private final int port;
    private volatile long ready;
    private final CountDownLatch readyLine = new CountDownLatch(1);
    private final Path log;

    private Hub(Process process, long launched, int port, Path log) {
      this.process = process;
      this.launched = launched;
      this.port = port;
      this.log = log;
    }

    static Hub start(Settings settings, Path data, Path directory, boolean delivery,
        String name) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(java());
      command.addAll(settings.serverOpts());
      command.addAll(List.of("-jar", settings.jar().toString(), "--data", data.toString(),
          "--port", Integer.toString(settings.hubPort()), "--directory", directory.toString(),
          "--delivery", delivery ? "on" : "off"));
      if (!settings.h2Options().isEmpty()) {
        // The same embedded database file the server opens by default, with settings of our
        // own: through --db, whose credentials come from the environment.
        command.addAll(List.of("--db", "jdbc:h2:retry:" + data.toAbsolutePath()
            .resolve("recoverylink") + ";DB_CLOSE_ON_EXIT=FALSE" + settings.h2Options()));
      }
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("RECOVERYLINK_DB_USER", "recoverylink");
      builder.environment().put("RECOVERYLINK_DB_PASSWORD", "");
      Path log = settings.work().resolve(name + ".log");
      log("starting %s: %s", name, String.join(" ", command));
      long launched = System.nanoTime();
      Process process = builder.start();
      Hub hub = new Hub(process, launched, settings.hubPort(), log);
      Thread reader = new Thread(hub::readOutput, "hub-output-" + name);
      reader.setDaemon(true);
      reader.start();
      if (!hub.readyLine.await(120, TimeUnit.SECONDS) || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException("the hub did not start; see " + log + ":\n"
            + Files.readString(log));
      }
      return hub;
    }

    private void readOutput() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
              process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (ready == 0 && line.contains(READY)) {
            ready = System.nanoTime();
            readyLine.countDown();
          }
          file.println(line);
          file.flush();
        }
      } catch (IOException e) {
        // the process ended and its output was closed under us: nothing more to read
      } finally {
        readyLine.countDown(); // it died: start() looks
      }
    }

    String base() {
      return "http://127.0.0.1:" + port + "/fhir";
    }

    long launchedNanos() {
      return launched;
    }

    long readyNanos() {
      return ready;
    }

    long readyMillis() {
      return (ready - launched) / 1_000_000L;
    }

    /** SIGTERM, as an operator stops it, and wait for it to finish. */
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        log("hub did not stop within 60 s; killing it");
        process.destroyForcibly().waitFor();
      }
    }
  }
}
