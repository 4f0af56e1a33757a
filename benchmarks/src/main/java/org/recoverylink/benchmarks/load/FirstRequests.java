package org.recoverylink.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The first 100 requests a freshly started server answers: starts the real server jar over a new
 * H2 data directory (its development key made beforehand by the {@code token} sub-command, so
 * the token is ready), and the moment the readiness line appears sends 100 requests one after
 * another, cycling through {@code $assess} (the GP example's AUDIT response), {@code $route},
 * a new referral ({@code POST ServiceRequest}) and a worklist read ({@code GET Task}). Prints
 * each run's p50, p99 and maximum, and the slowest requests. No timing is asserted anywhere: the
 * figures go in benchmarks/README.md, "The first requests after ready".
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar org.recoverylink.benchmarks.load.FirstRequests \
 *   [--jar server/target/recoverylink-server.jar] [--runs 5] [--port 18495] \
 *   [--server-opts "-XX:+UseParallelGC -Xmx256m"]
 * </pre>
 */
public final class FirstRequests {

  private static final int REQUESTS = 100;
  private static final Path ASSESS = Path.of(
      "examples/src/main/resources/examples/audit-response.json");
  private static final String ROUTE = "{\"resourceType\":\"Parameters\",\"parameter\":["
      + "{\"name\":\"patient\",\"resource\":{\"resourceType\":\"Patient\","
      + "\"birthDate\":\"1980-04-12\",\"address\":[{\"postalCode\":\"SS14 1AB\"}]}},"
      + "{\"name\":\"substance\",\"valueCoding\":{\"system\":"
      + "\"https://recoverylink.org/fhir/CodeSystem/substance\",\"code\":\"alcohol\"}}]}";

  private FirstRequests() {
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("server/target/recoverylink-server.jar");
    int runs = 5;
    int port = 18495;
    List<String> serverOpts = List.of("-XX:+UseParallelGC", "-Xmx256m");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--server-opts" -> serverOpts = Arrays.stream(args[i + 1].trim().split("\\s+"))
            .toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    byte[] assessment = Files.readAllBytes(ASSESS);
    ReferralTemplate referrals = new ReferralTemplate();
    System.out.println("| run | ready after | p50 | p99 | max | slowest three |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (int run = 1; run <= runs; run++) {
      Path data = Files.createTempDirectory("first-requests-");
      String base = "http://127.0.0.1:" + port + "/fhir";
      String token = token(jar, data, base);
      List<String> command = new ArrayList<>(List.of(java()));
      command.addAll(serverOpts);
      command.addAll(List.of("-jar", jar.toString(), "--data", data.toString(), "--port",
          Integer.toString(port)));
      long launched = System.nanoTime();
      Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
      try {
        awaitReady(server);
        long ready = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        long[] nanos = new long[REQUESTS];
        String[] names = new String[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
          HttpRequest.Builder request = switch (i % 4) {
            case 0 -> post(base + "/QuestionnaireResponse/$assess", assessment);
            case 1 -> post(base + "/ServiceRequest/$route",
                ROUTE.getBytes(StandardCharsets.UTF_8));
            case 2 -> post(base + "/ServiceRequest", referrals.body("first-" + run + "-" + i));
            default -> HttpRequest.newBuilder(URI.create(base + "/Task?status=requested"));
          };
          names[i] = i + ":" + switch (i % 4) {
            case 0 -> "$assess";
            case 1 -> "$route";
            case 2 -> "referral";
            default -> "Task";
          };
          HttpRequest sent = request.header("Authorization", "Bearer " + token)
              .header("Accept", "application/fhir+json").build();
          long start = System.nanoTime();
          HttpResponse<String> answer = http.send(sent, HttpResponse.BodyHandlers.ofString());
          nanos[i] = System.nanoTime() - start;
          if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(names[i] + " answered " + answer.statusCode()
                + ": " + answer.body());
          }
        }
        Integer[] order = new Integer[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(nanos[b], nanos[a]));
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        // Nearest rank: p99 of 100 is the 99th smallest.
        System.out.printf(Locale.ROOT, "| %d | %.1f s | %s | %s | %s | %s %s, %s %s, %s %s |%n",
            run, (ready - launched) / 1e9, ms(sorted[49]), ms(sorted[98]), ms(sorted[99]),
            names[order[0]], ms(nanos[order[0]]), names[order[1]], ms(nanos[order[1]]),
            names[order[2]], ms(nanos[order[2]]));
      } finally {
        server.destroy();
        server.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  private static HttpRequest.Builder post(String url, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** Reads the server's output until its readiness line; the rest is drained in the background. */
  private static void awaitReady(Process server) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          server.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.contains("ready at")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        ready.countDown();
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(180, TimeUnit.SECONDS) || !server.isAlive()) {
      throw new IllegalStateException("the server did not become ready");
    }
  }

  private static String token(Path jar, Path data, String base)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(java(), "-jar", jar.toString(), "token", "--role", "gp",
        "--org", ReferralTemplate.PRACTICE, "--data", data.toString(), "--ttl", "3600",
        "--base-url", base).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String token = new String(process.getInputStream().readAllBytes(),
        StandardCharsets.US_ASCII).trim();
    if (process.waitFor() != 0 || token.isEmpty()) {
      throw new IllegalStateException("the token sub-command failed");
    }
    return token;
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
