package org.recoverylink.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.recoverylink.core.codelist.CodeLists;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.routing.Router;
import org.recoverylink.fhir.RecoveryLinkFhir;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.referral.MessageReferral;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.server.assessment.AssessmentService;
import org.recoverylink.server.assessment.InterventionService;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.TokenVerifier;
import org.recoverylink.server.auth.TrustedIssuers;
import org.recoverylink.server.config.ServerCommand;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.conformance.InputProfiles;
import org.recoverylink.server.delivery.BarsHeaders;
import org.recoverylink.server.delivery.DeliveryCredentials;
import org.recoverylink.server.delivery.Dispatcher;
import org.recoverylink.server.hearback.Escalations;
import org.recoverylink.server.hearback.HearBackSender;
import org.recoverylink.server.hearback.HearBackSettings;
import org.recoverylink.server.hearback.Notifications;
import org.recoverylink.server.hearback.NotifyNotifications;
import org.recoverylink.server.conformance.Definitions;
import org.recoverylink.server.http.Admission;
import org.recoverylink.server.http.AssessResource;
import org.recoverylink.server.http.Audit;
import org.recoverylink.server.http.ConformanceResource;
import org.recoverylink.server.http.Authentication;
import org.recoverylink.server.http.Errors;
import org.recoverylink.server.http.FhirIo;
import org.recoverylink.server.http.Headers;
import org.recoverylink.server.http.HealthResource;
import org.recoverylink.server.http.HealthcareServiceResource;
import org.recoverylink.server.http.HeldBody;
import org.recoverylink.server.http.Linger;
import org.recoverylink.server.http.MapResource;
import org.recoverylink.server.http.MeasureResource;
import org.recoverylink.server.http.MedicationDispenseResource;
import org.recoverylink.server.http.MedicationRequestResource;
import org.recoverylink.server.http.MetadataResource;
import org.recoverylink.server.http.MetricsResource;
import org.recoverylink.server.http.NaloxoneSupplyResource;
import org.recoverylink.server.http.NspTransactionResource;
import org.recoverylink.server.http.OutcomeErrorHandler;
import org.recoverylink.server.http.PathIds;
import org.recoverylink.server.http.ProcedureResource;
import org.recoverylink.server.http.ProcessMessageResource;
import org.recoverylink.server.http.PublicAddress;
import org.recoverylink.server.http.PublicPages;
import org.recoverylink.server.http.InboxPages;
import org.recoverylink.server.inbox.Inbox;
import org.recoverylink.server.inbox.InboxScreens;
import org.recoverylink.server.inbox.SignIn;
import org.recoverylink.server.inbox.SignInSettings;
import org.recoverylink.server.inbox.StaffSessions;
import org.recoverylink.server.http.QuestionnaireResource;
import org.recoverylink.server.http.ReferralResource;
import org.recoverylink.server.http.RequestIds;
import org.recoverylink.server.http.RequestObserver;
import org.recoverylink.server.http.RouteResource;
import org.recoverylink.server.http.TaskResource;
import org.recoverylink.server.http.TrustedProxies;
import org.recoverylink.server.http.Warmup;
import org.recoverylink.server.http.WholeBody;
import org.recoverylink.server.hub.CapacityService;
import org.recoverylink.server.hub.MessageIntakeService;
import org.recoverylink.server.hub.HearBack;
import org.recoverylink.server.hub.ReferralIntakeService;
import org.recoverylink.server.hub.ReferralQueries;
import org.recoverylink.server.hub.TaskService;
import org.recoverylink.server.observe.Metrics;
import org.recoverylink.server.observe.Readiness;
import org.recoverylink.server.pharmacy.HarmReductionService;
import org.recoverylink.server.pharmacy.OstService;
import org.recoverylink.server.report.ActivityQueries;
import org.recoverylink.server.report.ActivityReports;
import org.recoverylink.server.report.OrganisationDistricts;
import org.recoverylink.server.report.ReportService;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.CapacityStore;
import org.recoverylink.server.store.HearBackStore;
import org.recoverylink.server.store.ClientPseudonyms;
import org.recoverylink.server.store.DataDirectoryLock;
import org.recoverylink.server.store.HarmReductionStore;
import org.recoverylink.server.store.Heartbeat;
import org.recoverylink.server.store.Interventions;
import org.recoverylink.server.store.OstStore;
import org.recoverylink.server.store.OutboxStatus;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.store.Screenings;
import org.recoverylink.server.store.Store;
import org.recoverylink.server.web.FrontDoor;
import org.recoverylink.server.web.Journeys;
import org.recoverylink.server.web.PageRate;
import org.recoverylink.server.web.Pages;
import org.recoverylink.server.web.SelfCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint: Jersey's container on a Jetty connector bound to {@code --bind} (loopback by
 * default, and only loopback while the development key is trusted), requests capped at 1 MiB
 * (413, the unwanted body read away first: {@link Linger}), a silent connection given up after
 * {@code --timeout}, a body received whole before Jersey sees it and cut if it lags
 * ({@link WholeBody}; 408), at most {@code --max-connections} held open, as many requests
 * served at once as there are threads and the rest kept waiting no longer than
 * {@code --queue-wait} (then 503: {@link Admission}). Errors Jetty answers itself (413,
 * malformed HTTP) are OperationOutcomes too. Every request gets a correlation id first
 * ({@link RequestIds}). Before {@link #start} returns, the hot paths are warmed up
 * ({@link Warmup}) and {@code /health/ready} turns 200. Stops cleanly on SIGTERM.
 */
public final class RecoveryLinkServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveryLinkServer.class);

  private final Server jetty;
  private final ServerConnector connector;
  private final Supplier<URI> publicBase;
  private final String issuer;
  private final Store store;
  private final AuditTrail trail;
  private final Screenings screenings;
  private final Dispatcher dispatcher;
  private final ServerSettings settings;
  private final Optional<DataDirectoryLock> lock;
  private final Readiness readiness;
  private final Metrics metrics;
  private final CapacityService capacities;
  private final HearBackSender hearBack;
  private final Escalations escalations;

  private RecoveryLinkServer(Server jetty, ServerConnector connector, Supplier<URI> publicBase,
      String issuer, Store store, AuditTrail trail, Screenings screenings,
      Dispatcher dispatcher, ServerSettings settings, Optional<DataDirectoryLock> lock,
      Readiness readiness, Metrics metrics, CapacityService capacities,
      HearBackSender hearBack, Escalations escalations) {
    this.hearBack = hearBack;
    this.escalations = escalations;
    this.jetty = jetty;
    this.connector = connector;
    this.publicBase = publicBase;
    this.issuer = issuer;
    this.store = store;
    this.trail = trail;
    this.screenings = screenings;
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.lock = lock;
    this.readiness = readiness;
    this.metrics = metrics;
    this.capacities = capacities;
  }

  /**
   * Starts a server with these settings; returns once it serves.
   *
   * @throws IllegalArgumentException before anything is opened, if the development key would
   *     be trusted on an address other than loopback
   */
  public static RecoveryLinkServer start(ServerSettings settings) throws Exception {
    ServerOptions options = settings.options();
    // Every time the server records, checks or reports by comes from here.
    Clock clock = settings.clock();
    if (options.jwks().isEmpty() && options.trust().isEmpty()) {
      requireLoopback(options.bind());
    }
    // Read before anything opens: a wrong settings file stops the start with every problem.
    Optional<SignInSettings> staffSignIn = options.staffSignIn().map(file ->
        SignInSettings.read(file, settings.staffClientSecret()));
    staffSignIn.ifPresentOrElse(staff -> LOG.info("Provider inbox on: staff sign in at {}",
        staff.issuer()), () -> LOG.info("Provider inbox off: no --staff-sign-in"));
    FhirContext fhir = FhirContext.forR4();
    // Everything we answer refers by urn:uuid or by id, never to a resource waiting to be
    // contained: skipping HAPI's search for such references saves a third of each encoding.
    fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    // Lenient, as HAPI's own server is, but silent: its warnings quote references, which can
    // hold patient data. What matters about the input is checked and answered, not logged.
    fhir.setParserErrorHandler(new LenientErrorHandler(false));
    // Inputs are read against our profiles: loaded and warmed while the rest starts, and
    // waited for before the server listens.
    InputProfiles profiles = InputProfiles.loadInBackground(fhir);
    FhirIo io = new FhirIo(fhir, profiles);
    // --threads serve requests (Admission lets no more in at once); as many again accept
    // connections, read requests and their bodies, and turn away those that waited too long,
    // so that these never queue behind the requests being served.
    QueuedThreadPool threads = new QueuedThreadPool(2 * options.threads());
    threads.setName("recoverylink-request");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    // Jetty keeps, for each connection, a cache of the header lines it has seen; at its default
    // 1,024 characters that is 96 KB a connection. A quarter holds every line a client repeats
    // (a bearer token is longer, and was never worth caching), so a thousand connections cost
    // 24 MB of the heap rather than 96 (benchmarks/README.md, "More referrals than the hub can
    // take").
    http.setHeaderCacheSize(256);
    // No "Server: Jetty(12.0.x)" on every answer: it tells a caller which advisories to try.
    http.setSendServerVersion(false);
    if (!options.trustedProxies().isEmpty()) {
      http.addCustomizer(new TrustedProxies(options.trustedProxies()));
    }
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    // Where it listens is known once it does (--port 0: any free port).
    Supplier<URI> publicBase = () -> options.baseUrl().orElseGet(() -> base(connector));
    TokenVerifier verifier;
    String issuer;
    if (options.jwks().isPresent() || !options.trust().isEmpty()) {
      TrustedIssuers issuers = trustedIssuers(options);
      issuer = issuers.describe();
      verifier = new TokenVerifier(issuers, publicBase, clock);
    } else {
      DevelopmentIssuer development = DevelopmentIssuer.in(options.data(), clock);
      issuer = options.issuer().orElse(development.issuer());
      verifier = new TokenVerifier(development.publicKeys(), issuer, publicBase, clock);
      LOG.warn("No --jwks: trusting the development key in {} (no --trust either). Anyone"
          + " who can read that directory can mint tokens this server accepts; for development"
          + " only, never for production (and so served on loopback only)", options.data());
    }
    DirectoryBundle directories = new DirectoryBundle(fhir);
    Directory directory = directory(settings, directories);
    CodeLists codeLists = options.codeLists().isPresent()
        ? CodeLists.read(options.codeLists().get()) : CodeLists.defaults();
    // The embedded database is one server's: a second on the same folder is told so plainly.
    Optional<DataDirectoryLock> lock = options.db().isPresent() ? Optional.empty()
        : Optional.of(DataDirectoryLock.take(options.data()));
    Metrics metrics = new Metrics();
    Store store;
    try {
      store = options.db().isPresent()
          ? Store.connect(options.db().get(), settings.dbUser().orElse(null),
              settings.dbPassword().orElse(null), metrics.pool())
          : Store.embedded(options.data(), metrics.pool());
    } catch (RuntimeException | Error e) {
      metrics.close();
      release(lock);
      throw e;
    }
    AuditTrail trail = new AuditTrail(store);
    Screenings screenings = new Screenings(store);
    metrics.screenings(screenings);
    Readiness readiness = new Readiness(new OutboxStatus(store), new Heartbeat(store),
        options.readyOutboxAge(), clock);
    metrics.outbox(readiness);
    try {
      QuestionnaireResource questionnaires = new QuestionnaireResource(io);
      AssessResource assess = new AssessResource(io, codeLists, new AssessmentService(
          settings.assessor(), clock));
      ProcedureResource procedures = new ProcedureResource(io, new InterventionService(
          new Interventions(store), clock));
      HarmReductionStore harmReduction = new HarmReductionStore(store);
      ClientPseudonyms pseudonyms = ClientPseudonyms.of(settings.pseudonymKey(), options.data(),
          fhir);
      harmReduction.adopt(pseudonyms); // before serving: no client code stays in the store
      HarmReductionService harmReductionRecords = new HarmReductionService(harmReduction,
          pseudonyms, clock);
      NspTransactionResource nsp = new NspTransactionResource(io, harmReductionRecords);
      NaloxoneSupplyResource naloxone = new NaloxoneSupplyResource(io, harmReductionRecords);
      Bundle directoryBundle = directories.write(directory);
      // Every routing call reads the services' capacities now: $route, intake (the front
      // door's too), re-routing; the map and HealthcareService show them.
      CapacityService capacities = new CapacityService(new CapacityStore(store), directory,
          trail, clock);
      HealthcareServiceResource services = new HealthcareServiceResource(io, directoryBundle,
          capacities);
      Router router = new Router(directory);
      ReferralStore referralStore = new ReferralStore(store);
      DeliveryCredentials credentials = options.deliveryCredentials().isPresent()
          ? DeliveryCredentials.read(options.deliveryCredentials().get(), directoryBundle)
          : DeliveryCredentials.none();
      // Providers answer, and people follow links, to where callers reach us.
      Dispatcher dispatcher = new Dispatcher(referralStore, fhir,
          () -> publicBase.get().toString(), directoryBundle, settings.delivery(), clock,
          credentials, new BarsHeaders(ServerCommand.version()))
          .countIn(metrics.registry());
      // Hearing back (issue 24): what tells referrers, people and leads, from its own outbox.
      HearBackSettings hearBackSettings = settings.hearBack();
      Notifications notifications = hearBackSettings.govNotify()
          .<Notifications>map(NotifyNotifications::new).orElse(Notifications.OFF);
      announce(hearBackSettings);
      HearBackStore hearBackStore = new HearBackStore(store);
      HearBackSender hearBack = new HearBackSender(hearBackStore, notifications, fhir,
          () -> publicBase.get().toString(), hearBackSettings, clock);
      Escalations escalations = new Escalations(hearBackStore, directory, hearBackSettings,
          notifications, clock, hearBack::wake);
      ReferralIntake intake = new ReferralIntake(router);
      ReferralIntakeService intakeService = new ReferralIntakeService(intake, capacities,
          referralStore, clock, dispatcher::wake);
      ReferralResource referrals = new ReferralResource(io, intakeService,
          new ReferralQueries(referralStore));
      TaskService taskService = new TaskService(referralStore, intake.rules(), capacities, fhir,
          clock, dispatcher::wake, new HearBack(hearBackSettings.referrerEndpoints(), directory,
              fhir), hearBack::wake);
      TaskResource tasks = new TaskResource(io, taskService);
      ProcessMessageResource messages = new ProcessMessageResource(io,
          new MessageIntakeService(new MessageReferral(fhir), intakeService));
      RouteResource route = new RouteResource(io, RecoveryLinkFhir.builder().fhirContext(fhir)
          .directory(directory).clock(clock).build(), capacities);
      OstService ost = new OstService(new OstStore(store), new OstRules(settings.ost()), fhir,
          clock);
      MedicationRequestResource prescriptions = new MedicationRequestResource(io, ost);
      MedicationDispenseResource dispenses = new MedicationDispenseResource(io, ost);
      ActivityReports reports = new ActivityReports(new ActivityQueries(store, screenings),
          settings.smallNumbers(), settings.rounding(), clock);
      MeasureResource measures = new MeasureResource(io, new ReportService(reports,
          directory.geography(), organisations(options, directory)));
      ConformanceResource definitions = new ConformanceResource(io, Definitions.all());
      connector.setHost(options.bind());
      connector.setPort(options.port());
      connector.setIdleTimeout(options.timeout() * 1000L);
      jetty.addConnector(connector);
      // Beyond it, new connections wait in the system's queue to be accepted.
      jetty.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
      // The public pages: the self-check scores with the assessor $assess uses, a referral
      // goes through the same intake as a GP's.
      PublicPages pages = new PublicPages(new FrontDoor(new Pages(),
          new Journeys(options.journeys(), clock), new SelfCheck(settings.assessor()),
          intakeService, directory, reports::typicalDaysToAcceptance, clock),
          new PageRate(options.pageRate(), clock));
      // The provider inbox: on only with staff sign-in settings (secure by default).
      InboxPages inboxPages = new InboxPages(staffSignIn.map(staff -> new SignIn(staff,
          directory)), new StaffSessions(clock, staffSignIn.map(SignInSettings::idle)
          .orElse(Duration.ZERO), staffSignIn.map(SignInSettings::absolute)
          .orElse(Duration.ZERO)), new Inbox(referralStore, taskService, fhir,
              escalations::deadline),
          capacities, new InboxScreens(directory), new PageRate(options.pageRate(), clock),
          publicBase, clock);
      List<Object> resources = List.of(questionnaires, assess, route, procedures, services,
          referrals, tasks, messages, prescriptions, dispenses, nsp, naloxone, measures,
          new MapResource(directory, capacities::recent), pages, inboxPages,
          new HealthResource(readiness),
          definitions, new MetricsResource(metrics, settings.metricsToken()),
          new MetadataResource(io, List.of(questionnaires::describe, assess::describe,
              route::describe, procedures::describe, services::describe, referrals::describe,
              tasks::describe, messages::describe, prescriptions::describe,
              dispenses::describe, nsp::describe, naloxone::describe, measures::describe,
              definitions::describe), Definitions.profiles(), ServerCommand.version(),
              () -> publicBase.get().toString()));
      Audit audit = new Audit(trail, screenings, resources, clock);
      Authentication authentication = new Authentication(verifier);
      ResourceConfig config = new ResourceConfig()
          .property(ServerProperties.WADL_FEATURE_DISABLE, true) // FHIR has its metadata
          .register(new Headers())
          .register(pages.trailingSlash())
          .register(authentication)
          .register(new PathIds())
          .register(new Errors(io))
          .register(audit)
          .register(new RequestObserver(metrics.registry()))
          .register(new HeldBody());
      if (options.baseUrl().isPresent() || !options.trustedProxies().isEmpty()) {
        config.register(new PublicAddress(options.baseUrl()));
      }
      resources.forEach(config::register);
      JettyHttpContainer container = ContainerFactory.createContainer(JettyHttpContainer.class,
          config);
      WholeBody whole = new WholeBody(options.bodyRate(), options.bodyDeadline(),
          authentication::accepts);
      Admission admission = new Admission(options.threads(), options.queueWait(),
          options.maxConnections(), pages.busyPage()).countIn(metrics.registry());
      admission.setHandler(container);
      whole.setHandler(admission);
      Linger linger = new Linger();
      linger.setHandler(whole);
      RequestIds requestIds = new RequestIds();
      requestIds.setHandler(linger);
      jetty.setHandler(requestIds);
      jetty.setErrorHandler(new OutcomeErrorHandler(audit));
      jetty.setStopTimeout(5_000);
      profiles.ready();
      jetty.start();
      // Listening already: /health/live answers, /health/ready says the warm-up is pending.
      Warmup.run(container.getApplicationHandler(), base(connector).resolve("/"), clock);
      readiness.warmedUp();
      return new RecoveryLinkServer(jetty, connector, publicBase, issuer, store, trail,
          screenings, options.delivery() ? dispatcher.start() : dispatcher, settings, lock,
          readiness, metrics, capacities, options.delivery() ? hearBack.start() : hearBack,
          escalations.start());
    } catch (Exception | Error e) { // e.g. the port is taken: let go of the database
      try {
        jetty.stop(); // the warm-up runs while it listens
      } catch (Exception stopping) {
        e.addSuppressed(stopping);
      }
      readiness.close();
      trail.close();
      screenings.close();
      store.close();
      metrics.close();
      release(lock);
      throw e;
    }
  }

  private static void release(Optional<DataDirectoryLock> lock) throws IOException {
    if (lock.isPresent()) {
      lock.get().close();
    }
  }

  /** Says at start who hears back and how; never the Notify key. */
  private static void announce(HearBackSettings settings) {
    if (settings.govNotify().isEmpty()) {
      LOG.info("GOV.UK Notify is not configured ({} with notify.sms-template or"
          + " notify.email-template, and {}): people who refer themselves on the public pages"
          + " are not sent texts or emails, and services' leads are not told of escalations",
          HearBackSettings.FILE, HearBackSettings.NOTIFY_KEY);
    } else {
      HearBackSettings.Notify notify = settings.govNotify().get();
      LOG.info("GOV.UK Notify at {}: texts {}, emails {}", notify.baseUrl(),
          notify.smsTemplate().isPresent() ? "on" : "off (no template)",
          notify.emailTemplate().isPresent() ? "on" : "off (no template)");
    }
    LOG.info("hearing back: BaRS status messages to {} referrer(s); referrals escalated after"
        + " {} working day(s) unless their service says otherwise ({} do)",
        settings.referrerEndpoints().size(), settings.respondWithin(),
        settings.perService().size());
  }

  /** The directory the settings give, else the {@code --directory} file, else Essex's. */
  private static Directory directory(ServerSettings settings, DirectoryBundle directories)
      throws IOException {
    if (settings.directory().isPresent()) {
      return settings.directory().get();
    }
    Optional<Path> file = settings.options().directory();
    return file.isPresent() ? directories.read(Files.readString(file.get(),
        StandardCharsets.UTF_8)) : EssexDirectory.directory();
  }

  /** Which district each reporting organisation is in, from {@code --organisations}. */
  private static OrganisationDistricts organisations(ServerOptions options,
      Directory directory) throws IOException {
    if (options.organisations().isEmpty()) {
      return OrganisationDistricts.none();
    }
    return OrganisationDistricts.parse(Files.readString(options.organisations().get(),
        StandardCharsets.UTF_8), directory.geography());
  }

  /** {@code --jwks} with {@code --issuer}, then each {@code --trust}. */
  private static TrustedIssuers trustedIssuers(ServerOptions options) {
    TrustedIssuers.Builder issuers = TrustedIssuers.builder();
    if (options.jwks().isPresent()) {
      issuers.keys(options.issuer().orElseThrow(), readKeys(options),
          options.jwks().get().toString());
    }
    for (Map.Entry<String, String> trusted : options.trust().entrySet()) {
      try {
        issuers.trust(trusted.getKey(), trusted.getValue());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --trust " + trusted.getKey() + "="
            + trusted.getValue(), e);
      }
    }
    return issuers.build();
  }

  private static JWKSet readKeys(ServerOptions options) {
    try {
      return JWKSet.parse(Files.readString(options.jwks().orElseThrow(),
          StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --jwks " + options.jwks().get(), e);
    } catch (ParseException e) {
      throw new IllegalArgumentException("--jwks " + options.jwks().get()
          + " is not a JWK set", e);
    }
  }

  /**
   * The development key may only be trusted where no one else can reach: a loopback address,
   * or a name all of whose addresses are loopback.
   */
  public static void requireLoopback(String bind) {
    boolean loopback;
    try {
      loopback = Arrays.stream(InetAddress.getAllByName(bind))
          .allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + bind + " is not a known address");
    }
    if (!loopback) {
      throw new IllegalArgumentException("refusing --bind " + bind + " without --jwks (or"
          + " --trust): the development key in --data is trusted, so anyone who can read that"
          + " directory could sign in; serve beyond loopback only with --trust, or --jwks and"
          + " --issuer");
    }
  }

  /** Where this server listens: the base URL of the FHIR API, e.g. http://127.0.0.1:8080/fhir. */
  public URI base() {
    return base(connector);
  }

  /** The public base URL of the FHIR API ({@code --base-url}, or where it listens). */
  public URI publicBase() {
    return publicBase.get();
  }

  private static URI base(ServerConnector connector) {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + connector.getLocalPort() + "/fhir");
  }

  /**
   * The services' capacities: what the provider inbox sets ({@link CapacityService#set}) and
   * every routing call reads.
   */
  public CapacityService capacities() {
    return capacities;
  }

  /**
   * The escalation job: for the inbox, {@link Escalations#deadline} tells where a Task stands
   * against its service's working days; {@link Escalations#escalateDue} looks now.
   */
  public Escalations escalations() {
    return escalations;
  }

  /** What this server was built from, its clock among them. */
  public ServerSettings settings() {
    return settings;
  }

  /** The issuers whose tokens this server trusts (and where their keys come from). */
  public String issuer() {
    return issuer;
  }

  /**
   * Stops taking requests, lets those in flight finish, stops delivering, then writes the last
   * audit rows and the screening counts held.
   */
  @Override
  public void close() throws Exception {
    try {
      stopServing();
      escalations.close();
      dispatcher.close();
      hearBack.close();
    } finally {
      readiness.close();
      trail.close();
      screenings.close();
      store.close();
      metrics.close();
      release(lock);
    }
  }

  /**
   * Stops Jetty, which waits up to its stop timeout for the connections still open. A client
   * that keeps one open longer is cut off then, and the stop goes on: what it leaves unfinished
   * is that client's, while the audit rows and counts held are everyone's.
   */
  private void stopServing() throws Exception {
    try {
      jetty.stop();
    } catch (TimeoutException e) {
      LOG.warn("connections still open {} ms into the stop were closed", jetty.getStopTimeout());
    }
  }
}
