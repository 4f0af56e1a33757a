package org.recoverylink.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.server.delivery.Dispatcher;
import org.recoverylink.server.inbox.SignInSettings;
import org.recoverylink.server.hearback.HearBackSettings;
import org.recoverylink.server.store.ClientPseudonyms;

/**
 * Everything a server is built from, so that nothing it decides by is hard-coded: a test runs
 * it on a fixed clock or with exact report counts, a deployment with its own rule-set variant.
 * Built with {@link #builder(ServerOptions)}; {@code main} fills it from the command line and
 * the environment.
 *
 * @param options      the command-line options (port, data directory, database URL, delivery
 *                     timings, report rounding...)
 * @param clock        what every time the server records, checks or reports by is read from
 * @param assessor     the screening rule set {@code $assess} applies
 * @param ost          the OST rules' settings (missed-dose limits and the like)
 * @param smallNumbers the counts reports suppress
 * @param directory    the service directory, when given here rather than as the
 *                     {@code --directory} file (default: that file, or the embedded Essex one)
 * @param dbUser       the database user with {@code --db}
 * @param dbPassword   the database password with {@code --db}
 * @param pseudonymKey the NSP client pseudonym key, shared by every process on one database;
 *                     without it, a key kept in the data directory
 * @param metricsToken the bearer token a metrics scraper presents at {@code GET /metrics}, at
 *                     least 32 characters; without it metrics are not served
 * @param staffClientSecret the provider inbox's client secret at the staff identity provider
 *                     ({@code --staff-sign-in})
 * @param hearBack     who hears of a referral's changes and how, and when a waiting referral
 *                     is escalated (issue 24); {@link HearBackSettings#off} by default
 */
public record ServerSettings(ServerOptions options, Clock clock, Assessor assessor,
    OstSettings ost, SmallNumbers smallNumbers, Optional<Directory> directory,
    Optional<String> dbUser, Optional<String> dbPassword, Optional<String> pseudonymKey,
    Optional<String> metricsToken, Optional<String> staffClientSecret,
    HearBackSettings hearBack) {

  /** The database user, read by {@link Builder#environment}. */
  public static final String DB_USER = "RECOVERYLINK_DB_USER";
  /** The database password, read by {@link Builder#environment}. */
  public static final String DB_PASSWORD = "RECOVERYLINK_DB_PASSWORD";
  /** The metrics scraper's bearer token, read by {@link Builder#environment}. */
  public static final String METRICS_TOKEN = "RECOVERYLINK_METRICS_TOKEN";
  /** The inbox's client secret at the staff identity provider, read by {@link Builder#environment}. */
  public static final String STAFF_CLIENT_SECRET = SignInSettings.SECRET;
  /** Long enough not to be guessed. */
  static final int METRICS_TOKEN_LENGTH = 32;

  public ServerSettings {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(assessor, "assessor");
    Objects.requireNonNull(ost, "ost");
    Objects.requireNonNull(smallNumbers, "smallNumbers");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(dbUser, "dbUser");
    Objects.requireNonNull(dbPassword, "dbPassword");
    Objects.requireNonNull(pseudonymKey, "pseudonymKey");
    Objects.requireNonNull(staffClientSecret, "staffClientSecret");
    Objects.requireNonNull(metricsToken, "metricsToken");
    Objects.requireNonNull(hearBack, "hearBack");
    if (metricsToken.isPresent() && metricsToken.get().strip().length() < METRICS_TOKEN_LENGTH) {
      throw new IllegalArgumentException(METRICS_TOKEN + " must be at least "
          + METRICS_TOKEN_LENGTH + " characters");
    }
    if (directory.isPresent() && options.directory().isPresent()) {
      throw new IllegalArgumentException("a directory is given twice: in the settings and as"
          + " --directory " + options.directory().get());
    }
  }

  /**
   * Settings with these options and the defaults for the rest: the system clock in UTC, the
   * published UK screening and OST rules, the standard small-number rule, and no credentials
   * or key (not even from the environment: see {@link Builder#environment}).
   */
  public static Builder builder(ServerOptions options) {
    return new Builder(options);
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** How referrals are delivered to providers, from the options. */
  public Dispatcher.Settings delivery() {
    return Dispatcher.Settings.of(options.firstRetry(), options.deliveryMaxAge(),
        options.deliveryTimeout(), options.deliveryLease(), options.deliveryBatch(),
        options.deliveryPerProvider());
  }

  /** The rounding of the counts reports show ({@code --report-rounding}). */
  public Rounding rounding() {
    return new Rounding(options.reportRounding());
  }

  /** Keeps secrets out of logs and test reports: the record's own text would show them. */
  @Override
  public String toString() {
    return "ServerSettings[options=" + options + ", clock=" + clock + ", assessor="
        + assessor.ruleSet() + ", ost=" + ost.version() + ", smallNumbers=" + smallNumbers
        + ", directory=" + directory.map(d -> d.version().toString()).orElse("(options)")
        + ", dbUser=" + dbUser.map(u -> "(set)").orElse("(none)") + ", dbPassword="
        + dbPassword.map(p -> "(set)").orElse("(none)") + ", pseudonymKey="
        + pseudonymKey.map(k -> "(set)").orElse("(none)") + ", metricsToken="
        + metricsToken.map(k -> "(set)").orElse("(none)") + ", staffClientSecret="
        + staffClientSecret.map(k -> "(set)").orElse("(none)") + ", hearBack=" + hearBack + "]";
  }

  /** Settings to change one at a time; {@link #build} checks them. */
  public static final class Builder {

    private ServerOptions options;
    private Clock clock = Clock.systemUTC();
    private Assessor assessor = Assessor.standard();
    private OstSettings ost = OstSettings.ukDefault();
    private SmallNumbers smallNumbers = SmallNumbers.DEFAULT;
    private Optional<Directory> directory = Optional.empty();
    private Optional<String> dbUser = Optional.empty();
    private Optional<String> dbPassword = Optional.empty();
    private Optional<String> pseudonymKey = Optional.empty();
    private Optional<String> metricsToken = Optional.empty();
    private Optional<String> staffClientSecret = Optional.empty();
    private HearBackSettings hearBack = HearBackSettings.off();

    private Builder(ServerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    private Builder(ServerSettings settings) {
      options = settings.options;
      clock = settings.clock;
      assessor = settings.assessor;
      ost = settings.ost;
      smallNumbers = settings.smallNumbers;
      directory = settings.directory;
      dbUser = settings.dbUser;
      dbPassword = settings.dbPassword;
      pseudonymKey = settings.pseudonymKey;
      metricsToken = settings.metricsToken;
      staffClientSecret = settings.staffClientSecret;
      hearBack = settings.hearBack;
    }

    public Builder options(ServerOptions options) {
      this.options = options;
      return this;
    }

    /** Changes some options, e.g. {@code options(o -> o.port(0))}. */
    public Builder options(UnaryOperator<ServerOptions.Builder> change) {
      this.options = change.apply(options.toBuilder()).build();
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The screening rules, e.g. {@code Assessor.withRules(localVariant)}. */
    public Builder assessor(Assessor assessor) {
      this.assessor = assessor;
      return this;
    }

    public Builder ost(OstSettings ost) {
      this.ost = ost;
      return this;
    }

    public Builder smallNumbers(SmallNumbers rule) {
      this.smallNumbers = rule;
      return this;
    }

    /** A directory given in code, instead of the {@code --directory} file. */
    public Builder directory(Directory directory) {
      this.directory = Optional.of(directory);
      return this;
    }

    /** The database credentials with {@code --db}. */
    public Builder dbLogin(String user, String password) {
      this.dbUser = Optional.of(user);
      this.dbPassword = Optional.of(password);
      return this;
    }

    public Builder pseudonymKey(String key) {
      this.pseudonymKey = Optional.of(key);
      return this;
    }

    /** {@code GET /metrics} is served to a scraper presenting this bearer token. */
    public Builder metricsToken(String token) {
      this.metricsToken = Optional.of(token);
      return this;
    }

    /** The provider inbox's client secret at the staff identity provider. */
    public Builder staffClientSecret(String secret) {
      this.staffClientSecret = Optional.of(secret);
      return this;
    }

    /** Who hears back and how, and escalation (issue 24). */
    public Builder hearBack(HearBackSettings hearBack) {
      this.hearBack = hearBack;
      return this;
    }

    /**
     * The secrets a process is given in its environment: {@value #DB_USER},
     * {@value #DB_PASSWORD}, {@value ClientPseudonyms#ENVIRONMENT}, {@value #METRICS_TOKEN} and
     * {@value #STAFF_CLIENT_SECRET},
     * each where set.
     */
    public Builder environment(Map<String, String> environment) {
      dbUser = Optional.ofNullable(environment.get(DB_USER)).or(() -> dbUser);
      dbPassword = Optional.ofNullable(environment.get(DB_PASSWORD)).or(() -> dbPassword);
      pseudonymKey = Optional.ofNullable(environment.get(ClientPseudonyms.ENVIRONMENT))
          .or(() -> pseudonymKey);
      metricsToken = Optional.ofNullable(environment.get(METRICS_TOKEN)).or(() -> metricsToken);
      staffClientSecret = Optional.ofNullable(environment.get(STAFF_CLIENT_SECRET))
          .or(() -> staffClientSecret);
      // Hearing back: the settings file {@value HearBackSettings#FILE} names, with the Notify
      // key from {@value HearBackSettings#NOTIFY_KEY}: a secret, kept out of the file.
      String file = environment.get(HearBackSettings.FILE);
      if (file != null && !file.isBlank()) {
        try {
          hearBack = HearBackSettings.read(Path.of(file),
              Optional.ofNullable(environment.get(HearBackSettings.NOTIFY_KEY)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + HearBackSettings.FILE + " " + file, e);
        }
      }
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when a directory is given here and as {@code --directory}
     */
    public ServerSettings build() {
      return new ServerSettings(options, clock, assessor, ost, smallNumbers, directory, dbUser,
          dbPassword, pseudonymKey, metricsToken, staffClientSecret, hearBack);
    }
  }
}
