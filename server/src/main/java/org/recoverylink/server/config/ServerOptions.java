package org.recoverylink.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The options of docs/http-api.md "Running".
 *
 * @param port      {@code --port}, default 8080 (0: any free port)
 * @param bind      {@code --bind}, default 127.0.0.1: nothing is exposed unless asked
 * @param data      {@code --data}, default {@code ./recoverylink-data}
 * @param directory {@code --directory}: a FHIR Bundle of the service directory (default: the
 *                  embedded Essex directory)
 * @param jwks      {@code --jwks}: trusted keys instead of the development issuer's
 * @param issuer    {@code --issuer}: the trusted issuer (required with {@code --jwks})
 * @param db        {@code --db}: a JDBC URL (e.g. PostgreSQL) instead of the embedded H2
 *                  database in {@code data}; credentials from {@code RECOVERYLINK_DB_USER} and
 *                  {@code RECOVERYLINK_DB_PASSWORD}
 * @param threads   {@code --threads}: request threads, default four per processor and at least
 *                  8. Requests are CPU-bound: more threads than that only take turns on the
 *                  processors (measured in benchmarks/README.md: twice the throughput at 8
 *                  threads than at Jetty's default 200 on 2 processors)
 * @param timeout   {@code --timeout}: seconds a connection may stay silent, mid-request or idle
 *                  between requests, default 30; a request whose body stops arriving is
 *                  answered 408
 * @param deliveryMaxAge {@code --delivery-max-age} seconds: how long a referral's delivery to a
 *                  provider is retried before its Task shows {@code failed}; default 24 hours
 * @param firstRetry {@code --first-retry-ms}: the wait before the first retry of a delivery,
 *                  doubling with each attempt (with jitter) up to five minutes; default 2 s
 * @param deliveryTimeout {@code --delivery-timeout} seconds: how long one attempt to deliver
 *                  may wait for the provider's answer before it counts as failed and is retried;
 *                  default 30
 * @param deliveryLease {@code --delivery-lease} seconds: how long a delivery this process has
 *                  taken is kept from other processes on the same database; if this process
 *                  dies mid-send, another resends it (same X-Request-ID) after this. Must be
 *                  longer than the timeout; default twice it
 * @param deliveryBatch {@code --delivery-batch}: the most deliveries in flight at once from this
 *                  process, to all providers together; default 64
 * @param deliveryPerProvider {@code --delivery-per-provider}: the most in flight at once to one
 *                  provider's endpoint, so that one that never answers holds up no other;
 *                  default 8
 * @param delivery  {@code --delivery on|off}, default on; off: this process takes referrals in
 *                  and serves the worklist but sends nothing, leaving delivery to other
 *                  processes on the same database
 * @param organisations {@code --organisations FILE}: which district each reporting organisation
 *                  is in ({@code ODS,district} lines), for reports by district
 * @param reportRounding {@code --report-rounding}: the multiple that reports round the counts
 *                  they show to, default 5 (NHS practice); 1 shows them exact. Suppression
 *                  protects within one report; only rounding protects against subtracting two
 *                  overlapping ones (a county and the county less one pharmacy, a month and the
 *                  month less a day), which any commissioner can ask for
 * @param bodyRate  {@code --body-rate}: bytes a second a request body must average after its
 *                  first 5 s, default 2048 (16 kbit/s, slower than a GPRS uplink); 0: any rate
 * @param bodyDeadline {@code --body-deadline} seconds: a request body must be whole this long
 *                  after the request's headers, default 600 (1 MiB at the default rate takes
 *                  517 s)
 * @param baseUrl   {@code --base-url}: the public base URL of the FHIR API, which tokens must
 *                  name in {@code aud} if they carry one; default {@code http://BIND:PORT/fhir}
 */
public record ServerOptions(int port, String bind, Path data, Optional<Path> directory,
    Optional<Path> jwks, Optional<String> issuer, Optional<String> db, int threads,
    int timeout, Duration deliveryMaxAge, Duration firstRetry, Duration deliveryTimeout,
    Duration deliveryLease, int deliveryBatch, int deliveryPerProvider, boolean delivery,
    Optional<Path> organisations, int reportRounding, long bodyRate,
    Duration bodyDeadline, Optional<URI> baseUrl) {

  /** How long the hub keeps trying to deliver a referral before it reports it failed. */
  static final Duration DEFAULT_DELIVERY_MAX_AGE = Duration.ofHours(24);
  /** The wait before the first retry of a delivery; it doubles with each attempt. */
  static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(2);
  /** How long one delivery attempt waits for the provider's answer. */
  static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_DELIVERY_BATCH = 64;
  static final int DEFAULT_DELIVERY_PER_PROVIDER = 8;

  /** Reports show counts rounded to the nearest 5 unless told otherwise. */
  static final int DEFAULT_REPORT_ROUNDING = 5;

  /** Slower than any real client's uplink: see {@code bodyRate}. */
  static final long DEFAULT_BODY_RATE = 2048;
  static final Duration DEFAULT_BODY_DEADLINE = Duration.ofSeconds(600);

  public static final int DEFAULT_THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

  /** The same options on another port (0: any free one). */
  public ServerOptions withPort(int otherPort) {
    return new ServerOptions(otherPort, bind, data, directory, jwks, issuer, db, threads,
        timeout, deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease,
        deliveryBatch, deliveryPerProvider, delivery, organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options with another timeout, in seconds. */
  public ServerOptions withTimeout(int seconds) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, seconds,
        deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease,
        deliveryBatch, deliveryPerProvider, delivery, organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options on a server database ({@code --db}). */
  public ServerOptions withDb(String jdbcUrl) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, Optional.of(jdbcUrl),
        threads, timeout, deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease,
        deliveryBatch, deliveryPerProvider, delivery, organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options, delivering referrals or not. */
  public ServerOptions withDelivery(boolean on) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease, deliveryBatch,
        deliveryPerProvider, on, organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options with another directory file. */
  public ServerOptions withDirectory(Path file) {
    return new ServerOptions(port, bind, data, Optional.of(file), jwks, issuer, db, threads,
        timeout, deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease,
        deliveryBatch, deliveryPerProvider, delivery, organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options with a file of the organisations' districts. */
  public ServerOptions withOrganisations(Path file) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease,
        deliveryBatch, deliveryPerProvider, delivery, Optional.of(file), reportRounding,
        bodyRate, bodyDeadline, baseUrl);
  }

  /** The same options with other delivery timings. */
  public ServerOptions withDelivery(Duration maxAge, Duration first) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        maxAge, first, deliveryTimeout, deliveryLease, deliveryBatch, deliveryPerProvider,
        delivery, organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options with other limits on delivery attempts (as their options). */
  public ServerOptions withDeliveryLimits(Duration attemptTimeout, Duration lease, int batch,
      int perProvider) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        deliveryMaxAge, firstRetry, attemptTimeout, lease, batch, perProvider, delivery,
        organisations, reportRounding, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The same options with reports rounding their counts to this multiple (1: exact). */
  public ServerOptions withReportRounding(int multiple) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease, deliveryBatch,
        deliveryPerProvider, delivery, organisations, multiple, bodyRate,
        bodyDeadline, baseUrl);
  }

  /** The defaults, for a data directory. */
  public static ServerOptions defaults(Path data) {
    return new ServerOptions(8080, "127.0.0.1", data, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), DEFAULT_THREADS, 30, DEFAULT_DELIVERY_MAX_AGE,
        DEFAULT_FIRST_RETRY, DEFAULT_DELIVERY_TIMEOUT, DEFAULT_DELIVERY_TIMEOUT.multipliedBy(2),
        DEFAULT_DELIVERY_BATCH, DEFAULT_DELIVERY_PER_PROVIDER, true, Optional.empty(),
        DEFAULT_REPORT_ROUNDING, DEFAULT_BODY_RATE, DEFAULT_BODY_DEADLINE, Optional.empty());
  }

  /**
   * Options from a command line.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public static ServerOptions parse(List<String> args) {
    int port = 8080;
    String bind = "127.0.0.1";
    Path data = Path.of("recoverylink-data");
    Path directory = null;
    Path jwks = null;
    String issuer = null;
    String db = null;
    int threads = DEFAULT_THREADS;
    int timeout = 30;
    Duration maxAge = DEFAULT_DELIVERY_MAX_AGE;
    Duration first = DEFAULT_FIRST_RETRY;
    Duration attemptTimeout = DEFAULT_DELIVERY_TIMEOUT;
    Duration lease = null; // twice the attempt timeout, unless given
    int batch = DEFAULT_DELIVERY_BATCH;
    int perProvider = DEFAULT_DELIVERY_PER_PROVIDER;
    boolean delivery = true;
    Path organisations = null;
    int rounding = DEFAULT_REPORT_ROUNDING;
    long bodyRate = DEFAULT_BODY_RATE;
    int bodyDeadline = (int) DEFAULT_BODY_DEADLINE.toSeconds();
    URI baseUrl = null;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      if (value == null || value.startsWith("--")) {
        problems.add(option + " needs a value");
        continue;
      }
      i++;
      switch (option) {
        case "--port" -> port = number(option, value, 0, 65_535, port, problems);
        case "--report-rounding" -> rounding = number(option, value, 1, 100, rounding,
            problems);
        case "--threads" -> threads = number(option, value, 4, 1000, threads, problems);
        case "--timeout" -> timeout = number(option, value, 1, 3600, timeout, problems);
        case "--body-rate" -> bodyRate = number(option, value, 0, 100_000_000, (int) bodyRate,
            problems);
        case "--body-deadline" -> bodyDeadline = number(option, value, 1, 3600, bodyDeadline,
            problems);
        case "--base-url" -> baseUrl = baseUrl(value, problems);
        case "--delivery-max-age" -> maxAge = Duration.ofSeconds(number(option, value, 1,
            30 * 24 * 3600, (int) maxAge.toSeconds(), problems));
        case "--first-retry-ms" -> first = Duration.ofMillis(number(option, value, 10, 600_000,
            (int) first.toMillis(), problems));
        case "--delivery-timeout" -> attemptTimeout = Duration.ofSeconds(number(option, value,
            1, 3600, (int) attemptTimeout.toSeconds(), problems));
        case "--delivery-lease" -> {
          int seconds = number(option, value, 2, 24 * 3600, 0, problems);
          lease = seconds == 0 ? lease : Duration.ofSeconds(seconds);
        }
        case "--delivery-batch" -> batch = number(option, value, 1, 1000, batch, problems);
        case "--delivery-per-provider" -> perProvider = number(option, value, 1, 1000,
            perProvider, problems);
        case "--delivery" -> {
          delivery = value.equals("on");
          if (!value.equals("on") && !value.equals("off")) {
            problems.add("--delivery is on or off");
          }
        }
        case "--bind" -> bind = value;
        case "--data" -> data = Path.of(value);
        case "--jwks" -> jwks = Path.of(value);
        case "--directory" -> directory = Path.of(value);
        case "--organisations" -> organisations = Path.of(value);
        case "--issuer" -> issuer = value;
        case "--db" -> {
          db = value;
          if (!value.startsWith("jdbc:")) {
            problems.add("--db must be a JDBC URL, e.g. jdbc:postgresql://localhost/recoverylink");
          }
        }
        default -> problems.add("unknown option " + option);
      }
    }
    if (jwks != null && issuer == null) {
      problems.add("--jwks needs --issuer: the issuer whose keys they are");
    }
    if (lease == null) {
      lease = attemptTimeout.multipliedBy(2);
    } else if (lease.compareTo(attemptTimeout) <= 0) {
      problems.add("--delivery-lease (" + lease.toSeconds() + " s) must be longer than"
          + " --delivery-timeout (" + attemptTimeout.toSeconds() + " s): otherwise another"
          + " process would resend deliveries this one is still waiting on");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new ServerOptions(port, bind, data, Optional.ofNullable(directory),
        Optional.ofNullable(jwks), Optional.ofNullable(issuer), Optional.ofNullable(db),
        threads, timeout, maxAge, first, attemptTimeout, lease, batch, perProvider, delivery,
        Optional.ofNullable(organisations), rounding, bodyRate,
        Duration.ofSeconds(bodyDeadline), Optional.ofNullable(baseUrl));
  }

  /** The same options with other limits on how request bodies arrive. */
  public ServerOptions withBodyLimits(long rate, Duration deadline) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease, deliveryBatch,
        deliveryPerProvider, delivery, organisations, reportRounding, rate, deadline, baseUrl);
  }

  /** The same options with a public base URL ({@code --base-url}). */
  public ServerOptions withBaseUrl(URI url) {
    return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
        deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease, deliveryBatch,
        deliveryPerProvider, delivery, organisations, reportRounding, bodyRate, bodyDeadline,
        Optional.of(url));
  }

  /** An absolute http(s) URL without query or fragment, its trailing slash dropped. */
  private static URI baseUrl(String value, List<String> problems) {
    try {
      URI url = new URI(value);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null
          && url.getRawQuery() == null && url.getRawFragment() == null) {
        return URI.create(value.replaceAll("/+$", ""));
      }
    } catch (URISyntaxException e) {
      // said below
    }
    problems.add("--base-url must be an http or https URL such as"
        + " https://recoverylink.example/fhir");
    return null;
  }

  /** A whole number from {@code min} to {@code max}; otherwise a problem, and the default. */
  private static int number(String option, String value, int min, int max, int otherwise,
      List<String> problems) {
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    problems.add(option + " must be a number from " + min + " to " + max);
    return otherwise;
  }
}
