package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server jar ({@code recoverylink.server.jar}, set by failsafe) as processes of their own,
 * for the *IT tests. Each listens on a port the OS chooses and logs to
 * {@code target/it-logs/{test class}-{name}.log}. After each test every process still running is
 * killed, whatever happened, once it has written its threads' stacks to its log; when the test
 * failed, every log is printed too, so that the report says what the servers saw and where
 * they were.
 *
 * <pre>
 * &#64;RegisterExtension
 * final HubProcesses hubs = new HubProcesses(MyIT.class);
 * </pre>
 */
final class HubProcesses implements AfterEachCallback {

  private static final Path JAR = Path.of(System.getProperty("recoverylink.server.jar"));
  private static final Pattern READY = Pattern.compile("ready at (\\S+)");
  private static final Duration START = Duration.ofSeconds(60);
  /**
   * The {@code --base-url} of processes that serve as one (as behind a load balancer), for
   * the {@code aud} of tokens that each of them takes.
   */
  static final String PUBLIC_BASE = "https://recoverylink.test/fhir";

  private final String test;
  private final List<Hub> launched = new ArrayList<>();

  HubProcesses(Class<?> test) {
    this.test = test.getSimpleName();
  }

  /** One server process; closing kills it, if it still runs. */
  static final class Hub implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private String base;

    private Hub(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    /** Waits for the readiness line; fails with the log when it does not come. */
    Hub awaitReady() throws InterruptedException {
      long deadline = System.nanoTime() + START.toNanos();
      while (base == null) {
        Matcher ready = READY.matcher(log());
        if (ready.find()) {
          base = ready.group(1).replace("\\/", "/"); // as a JSON log line escapes it
        } else if (!process.isAlive()) {
          throw new AssertionError(name + " stopped (exit " + process.exitValue()
              + ") before it was ready:\n" + log());
        } else if (System.nanoTime() > deadline) {
          throw new AssertionError(name + " was not ready within " + START + ":\n" + log());
        } else {
          Thread.sleep(50);
        }
      }
      return this;
    }

    /** The operating system's id of the process. */
    long pid() {
      return process.pid();
    }

    /** The FHIR base it logged, e.g. {@code http://127.0.0.1:40123/fhir}. */
    String base() {
      return base;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is finished or written. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), name + " did not die on SIGKILL");
      assertEquals(128 + 9, process.exitValue(), name + " was not killed by SIGKILL");
    }

    /** SIGTERM, as a service manager stops it: waits for a clean exit (status 143). */
    void terminate() throws InterruptedException {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), name + " did not stop on SIGTERM");
      assertEquals(128 + 15, process.exitValue(), name + " did not stop cleanly on SIGTERM");
    }

    /**
     * Kills it if it still runs, after it has written its threads' stacks to its log
     * (SIGQUIT): a test that failed because a request hung then shows where it hung.
     */
    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        dumpThreads();
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }

    private void dumpThreads() throws InterruptedException {
      try {
        long before = Files.size(log);
        new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start()
            .waitFor(5, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long size = before;
        do { // written once the log stops growing
          Thread.sleep(100);
          long now = Files.size(log);
          if (now > before && now == size) {
            return;
          }
          size = now;
        } while (System.nanoTime() < end);
      } catch (IOException e) {
        System.err.println(name + ": no thread dump: " + e.getMessage()); // the kill matters more
      }
    }

    String log() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts a server and waits until it is ready. */
  Hub start(String name, Map<String, String> environment, List<String> options)
      throws IOException, InterruptedException {
    return launch(name, environment, options).awaitReady();
  }

  /** Starts a server without waiting: several start at once, then each is awaited. */
  Hub launch(String name, Map<String, String> environment, List<String> options)
      throws IOException {
    Path logs = Files.createDirectories(JAR.resolveSibling("it-logs"));
    Path log = logs.resolve(test + "-" + name + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "--port", "0"));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Hub hub = new Hub(name, builder.start(), log);
    launched.add(hub);
    return hub;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    for (Hub hub : launched) {
      hub.close();
    }
    if (context.getExecutionException().isPresent()) {
      for (Hub hub : launched) {
        System.err.println("==== " + hub.name + " (" + hub.log + ") ====\n" + hub.log());
      }
    }
    launched.clear();
  }
}
