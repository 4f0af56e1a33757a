package org.recoverylink.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.recoverylink.server.auth.TrustedIssuers;

/**
 * The server's options, as {@link ServerCommand} reads them from the command line, the
 * environment and a configuration file (its table describes each; {@code recoverylink-server
 * --help} prints it). A server is built from {@link ServerSettings}, which hold these and what is
 * not an option (the clock, the rules).
 *
 * @param port      {@code --port}, default 8080 (0: any free port)
 * @param bind      {@code --bind}, default 127.0.0.1: nothing is exposed unless asked
 * @param data      {@code --data}, default {@code ./recoverylink-data}
 * @param directory {@code --directory}: the service directory's Bundle (default Essex's)
 * @param jwks      {@code --jwks}: trusted keys instead of the development issuer's
 * @param issuer    {@code --issuer}: the trusted issuer (required with {@code --jwks})
 * @param db        {@code --db}: a JDBC URL instead of the embedded H2 database in {@code data}
 * @param threads   {@code --threads}: requests served at once, each on a request thread;
 *                  default four per processor and at least 8. Requests are CPU-bound: more
 *                  threads than that only take turns on the processors (measured in
 *                  benchmarks/README.md: twice the throughput at 8 threads than at Jetty's
 *                  default 200 on 2 processors)
 * @param timeout   {@code --timeout}: seconds a connection may stay silent, default 30
 * @param deliveryMaxAge {@code --delivery-max-age}, default 24 hours
 * @param firstRetry {@code --first-retry-ms}, default 2 s
 * @param deliveryTimeout {@code --delivery-timeout}, default 30 s
 * @param deliveryLease {@code --delivery-lease}: if this process dies mid-send, another resends
 *                  (same X-Request-ID) after this; longer than the timeout, default twice it
 * @param deliveryBatch {@code --delivery-batch}, default 64
 * @param deliveryPerProvider {@code --delivery-per-provider}: so that a provider that never
 *                  answers holds up no other; default 8
 * @param delivery  {@code --delivery on|off}, default on
 * @param organisations {@code --organisations}: reporting organisations' districts
 * @param reportRounding {@code --report-rounding}, default 5 (NHS practice). Suppression
 *                  protects within one report; only rounding protects against subtracting two
 *                  overlapping ones (a county and the county less one pharmacy), which any
 *                  commissioner can ask for
 * @param bodyRate  {@code --body-rate}, default 2048 bytes a second (16 kbit/s, slower than a
 *                  GPRS uplink)
 * @param bodyDeadline {@code --body-deadline}, default 600 s (1 MiB at the default rate takes
 *                  517 s)
 * @param baseUrl   {@code --public-base-url} (or {@code --base-url}): the FHIR API's address as
 *                  callers reach it; default where it listens
 * @param codeLists {@code --code-lists}: code lists replacing the shipped ones
 * @param trustedProxies {@code --trusted-proxy}: the peers whose forwarding headers are believed
 * @param trust     {@code --trust ISSUER=KEYS}, repeatable: more trusted issuers, each with a
 *                  JWK set URL (https, or http on loopback) or file; with {@code --jwks} and
 *                  {@code --issuer}, one more. In the order given
 * @param deliveryCredentials {@code --delivery-credentials FILE}: how deliveries authenticate
 *                  to each provider's Endpoint (docs/http-api.md "Delivery credentials")
 * @param readyOutboxAge {@code --ready-outbox-age} seconds: the server is not ready
 *                  ({@code /health/ready} 503) while a delivery has been due for longer than
 *                  this without being sent (the dispatchers are not keeping up); default 10
 *                  minutes. Not the age of a retried delivery: a provider that is away delays
 *                  only its own deliveries, which are not due between retries
 * @param logFormat {@code --log-format text|json}, default text
 * @param pageRate  {@code --page-rate}: requests a minute one client may make to the public
 *                  pages (docs/front-door.md); default 120, two a second, more than a person
 *                  filling in forms makes and few enough to slow a script down
 * @param staffSignIn {@code --staff-sign-in}: the OpenID Connect settings the provider inbox
 *                  signs staff in by (docs/inbox.md); without them the inbox is off
 * @param journeys  {@code --journeys}: the most public-page journeys kept in memory at once,
 *                  so that a flood of visitors cannot fill the memory; default 50,000; a new
 *                  one beyond it gets a "busy" page
 * @param maxConnections {@code --max-connections}: connections held open at once; beyond it
 *                  new ones wait to be accepted. Each costs memory whether it is busy or idle,
 *                  so a flood of connections cannot fill the heap; default 1,000
 * @param queueWait {@code --queue-wait}: how long a request may wait for its turn while
 *                  {@code threads} others are being served, before it is answered 503 with
 *                  {@code Retry-After}; default 2 s
 */
public record ServerOptions(int port, String bind, Path data, Optional<Path> directory,
    Optional<Path> jwks, Optional<String> issuer, Optional<String> db, int threads,
    int timeout, Duration deliveryMaxAge, Duration firstRetry, Duration deliveryTimeout,
    Duration deliveryLease, int deliveryBatch, int deliveryPerProvider, boolean delivery,
    Optional<Path> organisations, int reportRounding, long bodyRate,
    Duration bodyDeadline, Optional<URI> baseUrl, Optional<Path> codeLists,
    List<AddressRange> trustedProxies, Map<String, String> trust,
    Optional<Path> deliveryCredentials, Duration readyOutboxAge, LogFormat logFormat,
    int pageRate, Optional<Path> staffSignIn, int journeys, int maxConnections,
    Duration queueWait) {

  /** Where a server keeps its embedded database and keys unless told. */
  public static final Path DEFAULT_DATA = Path.of("recoverylink-data");
  /** The FHIR API's address with the default options. */
  public static final String DEFAULT_PUBLIC_BASE = "http://127.0.0.1:8080/fhir";

  public ServerOptions {
    trustedProxies = List.copyOf(trustedProxies);
    trust = Collections.unmodifiableMap(new LinkedHashMap<>(trust));
  }

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

  /** Requests a minute one client may make to the public pages. */
  static final int DEFAULT_PAGE_RATE = 120;
  /** The most journeys through the public pages kept at once. */
  static final int DEFAULT_JOURNEYS = 50_000;
  /** Connections held at once: with a thousand open the hub's live heap was 115 MB. */
  static final int DEFAULT_MAX_CONNECTIONS = 1000;
  /** Long enough to ride out a pause; short of a client's own timeout. */
  static final Duration DEFAULT_QUEUE_WAIT = Duration.ofSeconds(2);

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
   * Options from a command line alone (no environment, no configuration file); {@link
   * ServerCommand#read} reads all three.
   *
   * @throws IllegalArgumentException naming every problem, or if the command line asks for
   *     help, the version or a token instead
   */
  public static ServerOptions parse(List<String> args) {
    if (ServerCommand.read(args, Map.of()) instanceof ServerCommand.Serve serve) {
      return serve.options();
    }
    throw new IllegalArgumentException("not a command line to serve with: " + args);
  }

  /** An option's value and where it was given: the flag, a variable, or a file's key. */
  record Given(String option, String value, String where) {
  }

  /**
   * Options from the values given, checked: the problems found so far and every one found here
   * are thrown together.
   */
  static ServerOptions of(List<Given> given, List<String> problems) {
    Builder options = builder(DEFAULT_DATA);
    Duration lease = null; // twice the attempt timeout, unless given
    String leaseWhere = "--delivery-lease";
    String issuerWhere = null;
    String jwksWhere = null;
    for (Given option : given) {
      String value = option.value();
      String where = option.where();
      switch (option.option()) {
        case "--port" -> options.port(number(where, value, 0, 65_535, options.port, problems));
        case "--report-rounding" -> options.reportRounding(number(where, value, 1, 100,
            options.reportRounding, problems));
        case "--threads" -> options.threads(number(where, value, 4, 1000, options.threads,
            problems));
        case "--timeout" -> options.timeout(number(where, value, 1, 3600, options.timeout,
            problems));
        case "--page-rate" -> options.pageRate(number(where, value, 1, 1_000_000,
            options.pageRate, problems));
        case "--journeys" -> options.journeys(number(where, value, 1, 1_000_000,
            options.journeys, problems));
        case "--max-connections" -> options.maxConnections(number(where, value, 8, 100_000,
            options.maxConnections, problems));
        case "--queue-wait" -> options.queueWait(Duration.ofSeconds(number(where, value, 1, 600,
            (int) options.queueWait.toSeconds(), problems)));
        case "--body-rate" -> options.bodyRate(number(where, value, 0, 100_000_000,
            (int) options.bodyRate, problems));
        case "--body-deadline" -> options.bodyDeadline(Duration.ofSeconds(number(where, value,
            1, 3600, (int) options.bodyDeadline.toSeconds(), problems)));
        case "--public-base-url" -> options.baseUrl = Optional.ofNullable(baseUrl(where, value,
            problems));
        case "--trusted-proxy" -> options.trustedProxies(proxies(where, value, problems));
        case "--delivery-max-age" -> options.deliveryMaxAge(Duration.ofSeconds(number(where,
            value, 1, 30 * 24 * 3600, (int) options.deliveryMaxAge.toSeconds(), problems)));
        case "--first-retry-ms" -> options.firstRetry(Duration.ofMillis(number(where, value,
            10, 600_000, (int) options.firstRetry.toMillis(), problems)));
        case "--delivery-timeout" -> options.deliveryTimeout(Duration.ofSeconds(number(where,
            value, 1, 3600, (int) options.deliveryTimeout.toSeconds(), problems)));
        case "--delivery-lease" -> {
          int seconds = number(where, value, 2, 24 * 3600, 0, problems);
          lease = seconds == 0 ? lease : Duration.ofSeconds(seconds);
          leaseWhere = where;
        }
        case "--ready-outbox-age" -> options.readyOutboxAge(Duration.ofSeconds(number(where,
            value, 1, 7 * 24 * 3600, (int) options.readyOutboxAge.toSeconds(), problems)));
        case "--log-format" -> LogFormat.named(value).ifPresentOrElse(options::logFormat,
            () -> problems.add(where + " is text or json"));
        case "--delivery-batch" -> options.deliveryBatch(number(where, value, 1, 1000,
            options.deliveryBatch, problems));
        case "--delivery-per-provider" -> options.deliveryPerProvider(number(where, value, 1,
            1000, options.deliveryPerProvider, problems));
        case "--delivery" -> {
          options.delivery(value.equals("on"));
          if (!value.equals("on") && !value.equals("off")) {
            problems.add(where + " is on or off");
          }
        }
        case "--bind" -> options.bind(value);
        case "--data" -> options.data(Path.of(value));
        case "--jwks" -> {
          options.jwks(Path.of(value));
          jwksWhere = where;
        }
        case "--directory" -> options.directory(Path.of(value));
        case "--code-lists" -> options.codeLists(Path.of(value));
        case "--staff-sign-in" -> options.staffSignIn(Path.of(value));
        case "--organisations" -> options.organisations(Path.of(value));
        case "--issuer" -> {
          options.issuer(value);
          issuerWhere = where;
        }
        case "--trust" -> trust(where, value, options, problems);
        case "--delivery-credentials" -> options.deliveryCredentials(Path.of(value));
        case "--db" -> {
          options.db(value);
          if (!value.startsWith("jdbc:")) {
            problems.add(where
                + " must be a JDBC URL, e.g. jdbc:postgresql://localhost/recoverylink");
          }
        }
        default -> throw new IllegalStateException("an option without a reading: "
            + option.option());
      }
    }
    if (jwksWhere != null && issuerWhere == null) {
      problems.add(jwksWhere + " needs --issuer: the issuer whose keys they are");
    }
    if (options.jwks.isPresent() && options.issuer.isPresent()
        && options.trust.containsKey(options.issuer.get())) {
      problems.add("issuer " + options.issuer.get() + " is given by --issuer and by --trust");
    }
    if (lease == null) {
      lease = options.deliveryTimeout.multipliedBy(2);
    } else if (lease.compareTo(options.deliveryTimeout) <= 0) {
      problems.add(leaseWhere + " (" + lease.toSeconds() + " s) must be longer than"
          + " --delivery-timeout (" + options.deliveryTimeout.toSeconds() + " s): otherwise"
          + " another process would resend deliveries this one is still waiting on");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return options.deliveryLease(lease).build();
  }

  /** Comma-separated addresses or address ranges, e.g. {@code 10.0.0.0/8,::1}. */
  private static List<AddressRange> proxies(String where, String value,
      List<String> problems) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String range : value.split(",")) {
      try {
        ranges.add(AddressRange.parse(range.strip()));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    return ranges;
  }

  /** {@code ISSUER=KEYS}, split at the first {@code =}: an issuer and its key set URL or file. */
  private static void trust(String where, String value, Builder options,
      List<String> problems) {
    int split = value.indexOf('=');
    String issuer = split < 0 ? "" : value.substring(0, split).strip();
    String keys = split < 0 ? "" : value.substring(split + 1).strip();
    if (issuer.isEmpty() || keys.isEmpty()) {
      problems.add(where + " takes ISSUER=KEYS: an issuer, '=', then its JWK set URL or file");
      return;
    }
    String problem = TrustedIssuers.problem(keys);
    if (problem != null) {
      problems.add(where + " " + issuer + ": " + problem);
    } else if (options.trust.containsKey(issuer)) {
      problems.add(where + " names issuer " + issuer + " twice");
    } else {
      options.trust(issuer, keys);
    }
  }

  /** An absolute http(s) URL without query or fragment, its trailing slash dropped. */
  private static URI baseUrl(String where, String value, List<String> problems) {
    try {
      URI url = new URI(value);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      String trimmed = value.replaceAll("/+$", "");
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null
          && url.getRawQuery() == null && url.getRawFragment() == null
          && trimmed.endsWith("/fhir")) {
        return URI.create(trimmed);
      }
    } catch (URISyntaxException e) {
      // said below
    }
    problems.add(where + " must be an http or https URL ending /fhir (where the server's"
        + " FHIR API is), such as https://recoverylink.example/fhir");
    return null;
  }

  /** A whole number from {@code min} to {@code max}; otherwise a problem, and the default. */
  private static int number(String where, String value, int min, int max, int otherwise,
      List<String> problems) {
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    problems.add(where + " must be a number from " + min + " to " + max);
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
    private Optional<Path> staffSignIn = Optional.empty();
    private List<AddressRange> trustedProxies = List.of();
    private final Map<String, String> trust = new LinkedHashMap<>();
    private Optional<Path> deliveryCredentials = Optional.empty();
    private Duration readyOutboxAge = DEFAULT_READY_OUTBOX_AGE;
    private LogFormat logFormat = LogFormat.TEXT;
    private int pageRate = DEFAULT_PAGE_RATE;
    private int journeys = DEFAULT_JOURNEYS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration queueWait = DEFAULT_QUEUE_WAIT;

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
      staffSignIn = options.staffSignIn;
      trustedProxies = options.trustedProxies;
      trust.putAll(options.trust);
      deliveryCredentials = options.deliveryCredentials;
      readyOutboxAge = options.readyOutboxAge;
      logFormat = options.logFormat;
      pageRate = options.pageRate;
      journeys = options.journeys;
      maxConnections = options.maxConnections;
      queueWait = options.queueWait;
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

    /** {@code --staff-sign-in}: the provider inbox's OpenID Connect settings file. */
    public Builder staffSignIn(Path file) {
      this.staffSignIn = Optional.of(file);
      return this;
    }

    /** {@code --code-lists}: a folder of code lists replacing the shipped ones. */
    public Builder codeLists(Path folder) {
      this.codeLists = Optional.of(folder);
      return this;
    }

    /** {@code --trusted-proxy}: peers whose Forwarded and X-Forwarded-* headers count. */
    public Builder trustedProxies(List<AddressRange> proxies) {
      this.trustedProxies = List.copyOf(proxies);
      return this;
    }

    /** {@code --trust}: one more trusted issuer, its keys at a JWK set URL or in a file. */
    public Builder trust(String issuer, String keys) {
      this.trust.put(issuer, keys);
      return this;
    }

    /** {@code --delivery-credentials}: the file of how deliveries authenticate. */
    public Builder deliveryCredentials(Path file) {
      this.deliveryCredentials = Optional.of(file);
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

    /** {@code --page-rate}: requests a minute per client to the public pages. */
    public Builder pageRate(int perMinute) {
      this.pageRate = perMinute;
      return this;
    }

    /** {@code --journeys}: the most public-page journeys in memory at once. */
    public Builder journeys(int most) {
      this.journeys = most;
      return this;
    }

    /** {@code --max-connections}: connections held open at once. */
    public Builder maxConnections(int most) {
      this.maxConnections = most;
      return this;
    }

    /** {@code --queue-wait}: how long a request may wait for a request thread. */
    public Builder queueWait(Duration wait) {
      this.queueWait = wait;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(port, bind, data, directory, jwks, issuer, db, threads, timeout,
          deliveryMaxAge, firstRetry, deliveryTimeout, deliveryLease, deliveryBatch,
          deliveryPerProvider, delivery, organisations, reportRounding, bodyRate, bodyDeadline,
          baseUrl, codeLists, trustedProxies, trust, deliveryCredentials, readyOutboxAge,
          logFormat, pageRate, staffSignIn, journeys, maxConnections, queueWait);
    }
  }
}
