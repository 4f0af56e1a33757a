package org.recoverylink.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public pages (the front door) under load: starts the real server jar as a child process
 * over a fresh H2 data directory ({@code --page-rate 1000000}, so the generator's one address
 * is not refused), and measures
 *
 * <ol>
 *   <li>the start and question pages at a fixed rate: an open loop (request i due at start +
 *       i / rate, its latency measured from then) over {@code GET /}, {@code /self-check/start},
 *       {@code /self-check/q1} and {@code /refer/who}, the question pages in journeys begun
 *       beforehand (each with its cookie), after a warm-up at the same rate;</li>
 *   <li>submissions: closed loops of N clients, each walking whole self-referrals (the who,
 *       person, substances, circumstances, safety, contact and consent forms, then "send" on
 *       check your answers, which takes the referral in, routes and stores it with its Task
 *       and audit row): referrals sent a second, and the latency of the sending POST.</li>
 * </ol>
 *
 * <p>Prints Markdown tables on stdout, progress on stderr. See benchmarks/README.md, "The public
 * pages under load". From the project root, after
 * {@code mvn -B -q -pl benchmarks -am -DskipTests package}:
 *
 * <pre>
 * java -XX:+UseG1GC -Xmx512m -cp benchmarks/target/benchmarks.jar \
 *   org.recoverylink.benchmarks.load.PagesLoad
 * </pre>
 *
 * <p>Options, with their defaults: {@code --jar server/target/recoverylink-server.jar},
 * {@code --server-opts "-XX:+UseG1GC -Xmx256m"}, {@code --warmup 30} and {@code --duration 60}
 * seconds of pages, {@code --rate 200} pages a second, {@code --clients 16} and
 * {@code --submit 30} seconds of submissions, {@code --port 18495}.
 */
public final class PagesLoad {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
  private static final Pattern COOKIE = Pattern.compile("rl-journey=([A-Za-z0-9_-]+)");
  private static final List<String> PAGES = List.of("/", "/self-check/start",
      "/self-check/q1", "/refer/who");
  /** Journeys begun before the open loop, each page of it in one of them. */
  private static final int JOURNEYS = 500;

  private final Map<String, String> options;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10))
      .build();
  private String root;

  private PagesLoad(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    new PagesLoad(options).run();
  }

  private String option(String name, String otherwise) {
    return options.getOrDefault(name, otherwise);
  }

  private void run() throws Exception {
    Path jar = Path.of(option("jar", "server/target/recoverylink-server.jar"));
    int port = Integer.parseInt(option("port", "18495"));
    int rate = Integer.parseInt(option("rate", "200"));
    int warmup = Integer.parseInt(option("warmup", "30"));
    int duration = Integer.parseInt(option("duration", "60"));
    int clients = Integer.parseInt(option("clients", "16"));
    int submit = Integer.parseInt(option("submit", "30"));
    Path work = Files.createTempDirectory("pagesload-");
    root = "http://127.0.0.1:" + port;
    Process server = start(jar, work, port, List.of(option("server-opts",
        "-XX:+UseG1GC -Xmx256m").trim().split("\\s+")));
    try {
      List<String> cookies = new ArrayList<>();
      for (int i = 0; i < JOURNEYS; i++) {
        HttpResponse<String> page = get("/refer/who", "");
        Matcher cookie = COOKIE.matcher(page.headers().firstValue("Set-Cookie").orElse(""));
        if (page.statusCode() != 200 || !cookie.find()) {
          throw new IllegalStateException("no journey: " + page.statusCode());
        }
        cookies.add(cookie.group(1));
      }
      HubLoad.log("warm-up: %d s of pages at %d/s and %d s of submissions", warmup, rate,
          warmup / 3);
      closedLoop(clients, Duration.ofSeconds(Math.max(1, warmup / 3)));
      openLoop(rate, Duration.ofSeconds(warmup), cookies);
      HubLoad.log("measuring: %d s of pages at %d/s", duration, rate);
      Open pages = openLoop(rate, Duration.ofSeconds(duration), cookies);
      System.out.println();
      System.out.println("| rate | sent | errors | late sends | p50 | p99 | p99.9 | max |"
          + " other processes' CPU |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      System.out.printf("| %d/s | %,d | %s | %d | %s | %s | %s | %s | %s |%n", rate,
          pages.sent(), pages.errors(), pages.late(), ms(pages.latency().percentile(0.5)),
          ms(pages.latency().percentile(0.99)), ms(pages.latency().percentile(0.999)),
          ms(pages.latency().max()), pages.others());
      HubLoad.log("measuring: %d s of submissions by %d clients", submit, clients);
      Closed sent = closedLoop(clients, Duration.ofSeconds(submit));
      System.out.println();
      System.out.println("| clients | referrals sent/s | errors | p50 of send | p99 of send |"
          + " max | other processes' CPU |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
      System.out.printf("| %d | %.0f | %s | %s | %s | %s | %s |%n", clients,
          sent.referrals() / sent.seconds(), sent.errors(), ms(sent.latency().percentile(0.5)),
          ms(sent.latency().percentile(0.99)), ms(sent.latency().max()), sent.others());
    } finally {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** The server jar, started and ready. */
  private static Process start(Path jar, Path work, int port, List<String> jvm)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString(), "--data", work.resolve("data").toString(),
        "--port", Integer.toString(port), "--page-rate", "1000000"));
    HubLoad.log("starting: %s", String.join(" ", command));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Path log = work.resolve("server.log");
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
              process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.contains("ready at")) {
            ready.countDown();
          }
          file.println(line);
          file.flush();
        }
      } catch (IOException e) {
        // the process ended: nothing more to read
      } finally {
        ready.countDown();
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(120, TimeUnit.SECONDS) || !process.isAlive()) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not start; see " + log);
    }
    return process;
  }

  /**
   * @param late requests sent more than 1 ms after they were due (the generator's own lag)
   */
  record Open(int sent, String errors, HubLoad.Latencies latency, int late, String others) {
  }

  private Open openLoop(int rate, Duration length, List<String> cookies) {
    int n = (int) (rate * length.toSeconds());
    long interval = 1_000_000_000L / rate;
    long[] latency = new long[n];
    String[] outcome = new String[n];
    CompletableFuture<?>[] answers = new CompletableFuture<?>[n];
    int late = 0;
    OtherCpu others = OtherCpu.start();
    long start = System.nanoTime() + 10_000_000L;
    for (int i = 0; i < n; i++) {
      String path = PAGES.get(i % PAGES.size());
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).GET();
      if (!path.equals("/") && !path.equals("/self-check/start")) {
        request.header("Cookie", "rl-journey=" + cookies.get(i % cookies.size()));
      }
      HttpRequest built = request.build();
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() - due > 1_000_000L) {
        late++;
      }
      int index = i;
      answers[i] = http.sendAsync(built, HttpResponse.BodyHandlers.ofString()).handle(
          (response, failure) -> {
            latency[index] = System.nanoTime() - due;
            outcome[index] = failure != null ? failure.getClass().getSimpleName()
                : response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
            return null;
          });
    }
    CompletableFuture.allOf(answers).join();
    Map<String, Long> errors = new TreeMap<>();
    HubLoad.Latencies all = new HubLoad.Latencies(n);
    for (int i = 0; i < n; i++) {
      all.add(latency[i]);
      if (outcome[i] != null) {
        errors.merge(outcome[i], 1L, Long::sum);
      }
    }
    return new Open(n, errors(errors), all, late, others.stop());
  }

  record Closed(long referrals, double seconds, String errors, HubLoad.Latencies latency,
      String others) {
  }

  private Closed closedLoop(int clients, Duration length) throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    AtomicLong referrals = new AtomicLong();
    Map<String, Long> errors = new java.util.concurrent.ConcurrentHashMap<>();
    HubLoad.Latencies[] latencies = new HubLoad.Latencies[clients];
    List<Thread> threads = new ArrayList<>();
    OtherCpu others = OtherCpu.start();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      HubLoad.Latencies mine = new HubLoad.Latencies(4096);
      latencies[c] = mine;
      int client = c;
      Thread thread = new Thread(() -> {
        long n = 0;
        while (System.nanoTime() < end) {
          try {
            long took = refer(client + "x" + n++);
            mine.add(took);
            referrals.incrementAndGet();
          } catch (Exception e) {
            errors.merge(e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage(), 1L, Long::sum);
          }
        }
      }, "client-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Closed(referrals.get(), seconds, errors(new TreeMap<>(errors)),
        HubLoad.Latencies.merge(latencies), others.stop());
  }

  /** One whole self-referral; the time its sending POST took, in nanoseconds. */
  private long refer(String name) throws Exception {
    HttpResponse<String> first = get("/refer/who", "");
    Matcher cookieFound = COOKIE.matcher(first.headers().firstValue("Set-Cookie").orElse(""));
    Matcher csrfFound = CSRF.matcher(first.body());
    if (first.statusCode() != 200 || !cookieFound.find() || !csrfFound.find()) {
      throw new IllegalStateException("start HTTP " + first.statusCode());
    }
    String cookie = cookieFound.group(1);
    String csrf = csrfFound.group(1);
    String letters = name.replaceAll("[^a-z]", "") + "abc";
    post(cookie, csrf, "/refer/who", "who", "self");
    post(cookie, csrf, "/refer/person", "given-name", "Load", "family-name", "Test" + letters,
        "birth-day", "12", "birth-month", "4", "birth-year", "1980", "postcode", "CM20 1AA",
        "nhs-number", "");
    post(cookie, csrf, "/refer/substances", "substances", "alcohol");
    post(cookie, csrf, "/refer/circumstances", "story", "");
    post(cookie, csrf, "/refer/safety", "urgent", "no");
    post(cookie, csrf, "/refer/contact", "channels", "call", "phone", "07700 900982",
        "email", "", "safe-times", "", "leave-message", "no");
    post(cookie, csrf, "/refer/consent", "consent", "yes");
    long sent = System.nanoTime();
    HttpResponse<String> answer = post(cookie, csrf, "/refer/check");
    long took = System.nanoTime() - sent;
    if (!answer.headers().firstValue("Location").orElse("").endsWith("/refer/confirmation")) {
      throw new IllegalStateException("send answered " + answer.statusCode());
    }
    return took;
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).GET();
    if (!cookie.isEmpty()) {
      request.header("Cookie", "rl-journey=" + cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form that must be taken (303). */
  private HttpResponse<String> post(String cookie, String csrf, String path, String... pairs)
      throws Exception {
    StringBuilder body = new StringBuilder("csrf=").append(URLEncoder.encode(csrf,
        StandardCharsets.UTF_8));
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      body.append('&').append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(root + path))
        .header("Cookie", "rl-journey=" + cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 303) {
      throw new IllegalStateException(path + " answered " + answer.statusCode());
    }
    return answer;
  }

  private static String errors(Map<String, Long> errors) {
    return errors.isEmpty() ? "0" : errors.toString();
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }
}
