package org.recoverylink.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.core.routing.Router;
import org.recoverylink.fhir.JsonEncoder;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.assess.FhirAssessor;
import org.recoverylink.fhir.report.ActivityQueries;
import org.recoverylink.fhir.report.ActivityReports;
import org.recoverylink.fhir.report.OrganisationDistricts;
import org.recoverylink.fhir.store.AuditTrail;
import org.recoverylink.fhir.referral.Dispatcher;
import org.recoverylink.fhir.referral.MessageReferral;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.fhir.store.HarmReductionStore;
import org.recoverylink.fhir.store.Interventions;
import org.recoverylink.fhir.store.OstStore;
import org.recoverylink.fhir.store.ReferralStore;
import org.recoverylink.fhir.store.Screenings;
import org.recoverylink.fhir.store.Store;

/**
 * The endpoint: Jersey's container on a Jetty connector bound to {@code --bind} (loopback by
 * default), requests capped at 1 MiB (413), a silent connection given up after {@code --timeout}
 * (408 when a body stops arriving). Errors Jetty
 * answers itself (413, malformed HTTP) are OperationOutcomes too. Stops cleanly on SIGTERM.
 */
public final class RecoveryLinkServer implements AutoCloseable {

  /** API.md: bodies over 1 MiB are refused with 413. */
  static final long MAX_BODY = 1024 * 1024;
  static final String VERSION = "0.1.0";

  private final Server jetty;
  private final ServerConnector connector;
  private final String issuer;
  private final Store store;
  private final AuditTrail trail;
  private final Dispatcher dispatcher;

  private RecoveryLinkServer(Server jetty, ServerConnector connector, String issuer,
      Store store, AuditTrail trail, Dispatcher dispatcher) {
    this.jetty = jetty;
    this.connector = connector;
    this.issuer = issuer;
    this.store = store;
    this.trail = trail;
    this.dispatcher = dispatcher;
  }

  /** Starts a server with these options; returns once it serves. */
  public static RecoveryLinkServer start(ServerOptions options) throws Exception {
    FhirContext fhir = FhirContext.forR4();
    // Everything we answer refers by urn:uuid or by id, never to a resource waiting to be
    // contained: skipping HAPI's search for such references saves a third of each encoding.
    fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    // Lenient, as HAPI's own server is, but silent: its warnings quote references, which can
    // hold patient data. What matters about the input is checked and answered, not logged.
    fhir.setParserErrorHandler(new LenientErrorHandler(false));
    FhirIo io = new FhirIo(fhir);
    TokenVerifier verifier;
    String issuer;
    if (options.jwks().isPresent()) {
      issuer = options.issuer().orElseThrow();
      verifier = new TokenVerifier(readKeys(options), issuer);
    } else {
      DevelopmentIssuer development = DevelopmentIssuer.in(options.data());
      issuer = options.issuer().orElse(development.issuer());
      verifier = new TokenVerifier(development.publicKeys(), issuer);
    }
    FhirAssessor assessor = new FhirAssessor(Assessor.standard());
    DirectoryBundle directories = new DirectoryBundle(fhir);
    Directory directory = options.directory().isPresent()
        ? directories.read(Files.readString(options.directory().get(), StandardCharsets.UTF_8))
        : EssexDirectory.directory();
    Store store = options.db().isPresent()
        ? Store.connect(options.db().get(), System.getenv("RECOVERYLINK_DB_USER"),
            System.getenv("RECOVERYLINK_DB_PASSWORD"))
        : Store.embedded(options.data());
    AuditTrail trail = new AuditTrail(store);
    try {
      QuestionnaireResource questionnaires = new QuestionnaireResource(io);
      AssessResource assess = new AssessResource(io, assessor, new Screenings(store));
      ProcedureResource procedures = new ProcedureResource(io, new Interventions(store));
      HarmReductionStore harmReduction = new HarmReductionStore(store);
      NspTransactionResource nsp = new NspTransactionResource(io, harmReduction);
      NaloxoneSupplyResource naloxone = new NaloxoneSupplyResource(io, harmReduction);
      Bundle directoryBundle = directories.write(directory);
      HealthcareServiceResource services = new HealthcareServiceResource(io, directoryBundle);
      QueuedThreadPool threads = new QueuedThreadPool(options.threads());
      threads.setName("recoverylink-request");
      Server jetty = new Server(threads);
      ServerConnector connector = new ServerConnector(jetty);
      Router router = new Router(directory);
      ReferralStore referralStore = new ReferralStore(store);
      Dispatcher dispatcher = new Dispatcher(referralStore, fhir,
          () -> base(connector).toString(), directoryBundle, Dispatcher.Settings.of(
              options.firstRetry(), options.deliveryMaxAge()), Clock.systemUTC());
      ReferralIntake intake = new ReferralIntake(router);
      ReferralResource referrals = new ReferralResource(io, intake, referralStore,
          dispatcher::wake);
      TaskResource tasks = new TaskResource(io, referralStore, directory, intake,
          dispatcher::wake);
      ProcessMessageResource messages = new ProcessMessageResource(io,
          new MessageReferral(fhir), referrals);
      RouteResource route = new RouteResource(io, router);
      OstStore ost = new OstStore(store);
      OstRules ostRules = new OstRules(OstSettings.ukDefault());
      MedicationRequestResource prescriptions = new MedicationRequestResource(io, ost,
          ostRules);
      MedicationDispenseResource dispenses = new MedicationDispenseResource(io, ost, ostRules);
      MeasureResource measures = new MeasureResource(io, new ActivityReports(
          new ActivityQueries(store), SmallNumbers.DEFAULT, Clock.systemUTC()),
          directory.geography(), organisations(options, directory));
      connector.setHost(options.bind());
      connector.setPort(options.port());
      connector.setIdleTimeout(options.timeout() * 1000L);
      jetty.addConnector(connector);
      ResourceConfig config = new ResourceConfig()
          .property(ServerProperties.WADL_FEATURE_DISABLE, true) // FHIR has its metadata
          .register(new Authentication(verifier))
          .register(new Errors(io))
          .register(new Audit(trail))
          .register(questionnaires)
          .register(assess)
          .register(route)
          .register(procedures)
          .register(services)
          .register(referrals)
          .register(tasks)
          .register(messages)
          .register(prescriptions)
          .register(dispenses)
          .register(nsp)
          .register(naloxone)
          .register(measures)
          .register(new MapResource(directory))
          .register(new MetadataResource(io, List.of(questionnaires::describe,
              assess::describe, route::describe, procedures::describe, services::describe,
              referrals::describe, tasks::describe, messages::describe,
              prescriptions::describe, dispenses::describe, nsp::describe,
              naloxone::describe, measures::describe), VERSION,
              () -> base(connector).toString()));
      JettyHttpContainer container = ContainerFactory.createContainer(JettyHttpContainer.class,
          config);
      SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY, -1);
      limit.setHandler(container);
      jetty.setHandler(limit);
      jetty.setErrorHandler(new OutcomeErrorHandler());
      jetty.setStopTimeout(5_000);
      jetty.start();
      return new RecoveryLinkServer(jetty, connector, issuer, store, trail,
          options.delivery() ? dispatcher.start() : dispatcher);
    } catch (Exception | Error e) { // e.g. the port is taken: let go of the database
      trail.close();
      store.close();
      throw e;
    }
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

  /** The base URL of the FHIR API, e.g. {@code http://127.0.0.1:8080/fhir}. */
  public URI base() {
    return base(connector);
  }

  private static URI base(ServerConnector connector) {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + connector.getLocalPort() + "/fhir");
  }

  /** The issuer whose tokens this server trusts. */
  public String issuer() {
    return issuer;
  }

  /**
   * Stops taking requests, lets those in flight finish, stops delivering, then writes the last
   * audit rows.
   */
  @Override
  public void close() throws Exception {
    try {
      jetty.stop();
      dispatcher.close();
    } finally {
      trail.close();
      store.close();
    }
  }

  /** What Jetty answers itself (413, bad HTTP) as an OperationOutcome, closing the connection. */
  private static final class OutcomeErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      OperationOutcome outcome = new OperationOutcome();
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(status == 413 ? OperationOutcome.IssueType.TOOLONG
              : OperationOutcome.IssueType.INVALID)
          .setDiagnostics(status == 413 ? "the body is over the 1 MiB limit"
              : "the request cannot be served: HTTP " + status);
      byte[] body = JsonEncoder.encode(outcome);
      response.getHeaders().put("Content-Type", FhirIo.FHIR_JSON + ";charset=UTF-8");
      // Jetty drops the connection after what it refuses itself (bad HTTP, a body over the
      // limit); saying so keeps a client from sending its next request down a dead connection.
      response.getHeaders().put("Connection", "close");
      response.write(true, java.nio.ByteBuffer.wrap(body), callback);
      return true;
    }
  }
}
