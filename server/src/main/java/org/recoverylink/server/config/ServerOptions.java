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
 * The options of docs/http-api.md "Running": what the command line says, read by {@link #parse}. A
 * server is built from {@link ServerSettings}, which hold these and what is not a command-line
 * option (the clock, the rules).
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
 * @param codeLists {@code --code-lists}: a folder of code lists ({@code *.csv}) saying which
 *                  recorded diagnoses mean which known condition, replacing the shipped ones
 * @param readyOutboxAge {@code --ready-outbox-age} seconds: the server is not ready
 *                  ({@code /health/ready} 503) while a delivery has been due for longer than
 *                  this without being sent (the dispatchers are not keeping up); default 10
 *                  minutes. Not the age of a retried delivery: a provider that is away delays
 *                  only its own deliveries, which are not due between retries
 * @param logFormat {@code --log-format text|json}, default text
 */
public record ServerOptions(int port, String bind, Path data, Optional<Path> directory,
    Optional<Path> jwks, Optional<String> issuer, Optional<String> db, int threads,
    int timeout, Duration deliveryMaxAge, Duration firstRetry, Duration deliveryTimeout,
    Duration deliveryLease, int deliveryBatch, int deliveryPerProvider, boolean delivery,
    Optional<Path> organisations, int reportRounding, long bodyRate,
    Duration bodyDeadline, Optional<URI> baseUrl, Optional<Path> codeLists,
    Duration readyOutboxAge, LogFormat logFormat) {

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

  /** How long a delivery may stay due, unsent, before the server says it is not ready. */
  static final Duration DEFAULT_READY_OUTBOX_AGE = Duration.ofMinutes(10);

  public static final int DEFAULT_THREADS =
      Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

  /** The defaults, for a data directory. */
  public static ServerOptions defaults(Path data) {
    return builder(data).build();
  }

  /** A builder holding the defaults, for a data directory. */
  public static Builder builder(Path data) {
    return new Builder(data);
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Options from a command line.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public static ServerOptions parse(List<String> args) {
    Builder options = builder(Path.of("recoverylink-data"));
    Duration lease = null; // twice the attempt timeout, unless given
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
        case "--port" -> options.port(number(option, value, 0, 65_535, options.port, problems));
        case "--report-rounding" -> options.reportRounding(number(option, value, 1, 100,
            options.reportRounding, problems));
        case "--threads" -> options.threads(number(option, value, 4, 1000, options.threads,
            problems));
        case "--timeout" -> options.timeout(number(option, value, 1, 3600, options.timeout,
            problems));
        case "--body-rate" -> options.bodyRate(number(option, value, 0, 100_000_000,
            (int) options.bodyRate, problems));
        case "--body-deadline" -> options.bodyDeadline(Duration.ofSeconds(number(option, value,
            1, 3600, (int) options.bodyDeadline.toSeconds(), problems)));
        case "--base-url" -> options.baseUrl = Optional.ofNullable(baseUrl(value, problems));
        case "--delivery-max-age" -> options.deliveryMaxAge(Duration.ofSeconds(number(option,
            value, 1, 30 * 24 * 3600, (int) options.deliveryMaxAge.toSeconds(), problems)));
        case "--first-retry-ms" -> options.firstRetry(Duration.ofMillis(number(option, value,
            10, 600_000, (int) options.firstRetry.toMillis(), problems)));
        case "--delivery-timeout" -> options.deliveryTimeout(Duration.ofSeconds(number(option,
            value, 1, 3600, (int) options.deliveryTimeout.toSeconds(), problems)));
        case "--delivery-lease" -> {
          int seconds = number(option, value, 2, 24 * 3600, 0, problems);
          lease = seconds == 0 ? lease : Duration.ofSeconds(seconds);
        }
        case "--ready-outbox-age" -> options.readyOutboxAge(Duration.ofSeconds(number(option,
            value, 1, 7 * 24 * 3600, (int) options.readyOutboxAge.toSeconds(), problems)));
        case "--log-format" -> LogFormat.named(value).ifPresentOrElse(options::logFormat,
            () -> problems.add("--log-format is text or json"));
        case "--delivery-batch" -> options.deliveryBatch(number(option, value, 1, 1000,
            options.deliveryBatch, problems));
        case "--delivery-per-provider" -> options.deliveryPerProvider(number(option, value, 1,
            1000, options.deliveryPerProvider, problems));
        case "--delivery" -> {
          options.delivery(value.equals("on"));
          if (!value.equals("on") && !value.equals("off")) {
            problems.add("--delivery is on or off");
          }
        }
        case "--bind" -> options.bind(value);
        case "--data" -> options.data(Path.of(value));
        case "--jwks" -> options.jwks(Path.of(value));
        case "--directory" -> options.directory(Path.of(value));
        case "--code-lists" -> options.codeLists(Path.of(value));
        case "--organisations" -> options.organisations(Path.of(value));
        case "--issuer" -> options.issuer(value);
        case "--db" -> {
          options.db(value);
          if (!value.startsWith("jdbc:")) {
            problems.add("--db must be a JDBC URL, e.g. jdbc:postgresql://localhost/recoverylink");
          }
        }
        default -> problems.add("unknown option " + option);
      }
    }
    if (options.jwks.isPresent() && options.issuer.isEmpty()) {
      problems.add("--jwks needs --issuer: the issuer whose keys they are");
    }
    if (lease == null) {
      lease = options.deliveryTimeout.multipliedBy(2);
    } else if (lease.compareTo(options.deliveryTimeout) <= 0) {
      problems.add("--delivery-lease (" + lease.toSeconds() + " s) must be longer than"
          + " --delivery-timeout (" + options.deliveryTimeout.toSeconds() + " s): otherwise"
          + " another process would resend deliveries this one is still waiting on");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return options.deliveryLease(lease).build();
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

  /**
   * Options to change one at a time: {@code ServerOptions.defaults(data).toBuilder().port(0)
   * .reportRounding(1).build()}. It checks nothing: {@link #parse} says what a command line
   * may hold.
   */
  public static final class Builder {

    private int port = 8080;
    private String bind = "127.0.0.1";
    private Path data;
    private Optional<Path> directory = Optional.empty();
    private Optional<Path> jwks = Optional.empty();
    private Optional<String> issuer = Optional.empty();
    private Optional<String> db = Optional.empty();
    private int threads = DEFAULT_THREADS;
    private int timeout = 30;
    private Duration deliveryMaxAge = DEFAULT_DELIVERY_MAX_AGE;
    private Duration firstRetry = DEFAULT_FIRST_RETRY;
    private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
    private Duration deliveryLease = DEFAULT_DELIVERY_TIMEOUT.multipliedBy(2);
    private int deliveryBatch = DEFAULT_DELIVERY_BATCH;
    private int deliveryPerProvider = DEFAULT_DELIVERY_PER_PROVIDER;
    private boolean delivery = true;
    private Optional<Path> organisations = Optional.empty();
    private int reportRounding = DEFAULT_REPORT_ROUNDING;
    private long bodyRate = DEFAULT_BODY_RATE;
    private Duration bodyDeadline = DEFAULT_BODY_DEADLINE;
    private Optional<URI> baseUrl = Optional.empty();
    private Optional<Path> codeLists = Optional.empty();
    private Duration readyOutboxAge = DEFAULT_READY_OUTBOX_AGE;
    private LogFormat logFormat = LogFormat.TEXT;

    private Builder(Path data) {
      this.data = data;
    }

    private Builder(ServerOptions options) {
      port = options.port;
      bind = options.bind;
      data = options.data;
      directory = options.directory;
      jwks = options.jwks;
      issuer = options.issuer;
      db = options.db;
      threads = options.threads;
      timeout = options.timeout;
      deliveryMaxAge = options.deliveryMaxAge;
      firstRetry = options.firstRetry;
      deliveryTimeout = options.deliveryTimeout;
      deliveryLease = options.deliveryLease;
      deliveryBatch = options.deliveryBatch;
      deliveryPerProvider = options.deliveryPerProvider;
      delivery = options.delivery;
      organisations = options.organisations;
      reportRounding = options.reportRounding;
      bodyRate = options.bodyRate;
      bodyDeadline = options.bodyDeadline;
      baseUrl = options.baseUrl;
      codeLists = options.codeLists;
      readyOutboxAge = options.readyOutboxAge;
      logFormat = options.logFormat;
    }

    /** {@code --port}; 0: any free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bind(String address) {
      this.bind = address;
      return this;
    }

    public Builder data(Path directory) {
      this.data = directory;
      return this;
    }

    /** {@code --directory}: the service directory's Bundle file. */
    public Builder directory(Path file) {
      this.directory = Optional.of(file);
      return this;
    }

    public Builder jwks(Path file) {
      this.jwks = Optional.of(file);
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = Optional.of(issuer);
      return this;
    }

    /** {@code --db}: a JDBC URL instead of the embedded database. */
    public Builder db(String jdbcUrl) {
      this.db = Optional.of(jdbcUrl);
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** {@code --timeout}, in seconds. */
    public Builder timeout(int seconds) {
      this.timeout = seconds;
      return this;
    }

    public Builder deliveryMaxAge(Duration maxAge) {
      this.deliveryMaxAge = maxAge;
      return this;
    }

    public Builder firstRetry(Duration wait) {
      this.firstRetry = wait;
      return this;
    }

    public Builder deliveryTimeout(Duration attemptTimeout) {
      this.deliveryTimeout = attemptTimeout;
      return this;
    }

    public Builder deliveryLease(Duration lease) {
      this.deliveryLease = lease;
      return this;
    }

    public Builder deliveryBatch(int batch) {
      this.deliveryBatch = batch;
      return this;
    }

    public Builder deliveryPerProvider(int perProvider) {
      this.deliveryPerProvider = perProvider;
      return this;
    }

    /** {@code --delivery on|off}. */
    public Builder delivery(boolean on) {
      this.delivery = on;
      return this;
    }

    /** {@code --organisations}: the organisations' districts file. */
    public Builder organisations(Path file) {
      this.organisations = Optional.of(file);
      return this;
    }

    /** {@code --report-rounding}: the multiple reports round counts to; 1: exact. */
    public Builder reportRounding(int multiple) {
      this.reportRounding = multiple;
      return this;
    }

    /** {@code --body-rate}, bytes a second. */
    public Builder bodyRate(long rate) {
      this.bodyRate = rate;
      return this;
    }

    public Builder bodyDeadline(Duration deadline) {
      this.bodyDeadline = deadline;
      return this;
    }

    /** {@code --base-url}: the public base URL of the FHIR API. */
    public Builder baseUrl(URI url) {
      this.baseUrl = Optional.of(url);
      return this;
    }

    /** {@code --code-lists}: a folder of code lists replacing the shipped ones. */
    public Builder codeLists(Path folder) {
      this.codeLists = Optional.of(folder);
      return this;
    }

    /** {@code --ready-outbox-age}: how long a delivery may stay due before not ready. */
    public Builder readyOutboxAge(Duration age) {
      this.readyOutboxAge = age;
      return this;
    }

    /** {@code --log-format}. */
    public Builder logFormat(LogFormat format) {
      this.logFormat = format;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
          deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease, deliveryBatch,
          deliveryPerProvider, delivery, organisations, reportRounding, bodyRate, bodyDeadline,
          baseUrl, codeLists, readyOutboxAge, logFormat);
    }
  }
}
