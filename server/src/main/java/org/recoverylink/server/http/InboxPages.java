package org.recoverylink.server.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.referral.TaskStatus;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.hub.CapacityService;
import org.recoverylink.server.inbox.Inbox;
import org.recoverylink.server.inbox.InboxScreens;
import org.recoverylink.server.inbox.SignIn;
import org.recoverylink.server.inbox.StaffSessions;
import org.recoverylink.server.store.StoreException;
import org.recoverylink.server.usecase.Refused;
import org.recoverylink.server.web.PageRate;
import org.recoverylink.server.web.View;

/**
 * The provider inbox's pages (docs/inbox.md) under {@code /inbox}: sign-in through the
 * deployment's OpenID Connect provider, the referral lists, a referral, and the forms that
 * change it. Thin: {@link Inbox} decides, {@link InboxScreens} renders; this keeps the session
 * cookie, checks every form's CSRF token, and sets the headers every page has (those of the
 * public pages). Every page that shows a referral, and every change, is audited with the
 * member of staff it was for ({@link PatientData}). Referral ids are the Task's random id: no
 * patient data in any URL.
 */
@Path("inbox")
public final class InboxPages {

  /** The session cookie: a random id, and nothing else. */
  static final String SESSION = "rl-staff";
  /** Binds a sign-in under way to the browser that began it. */
  static final String SIGN_IN = "rl-sign-in";
  private static final String HTML = "text/html; charset=utf-8";

  private final Optional<SignIn> signIn;
  private final StaffSessions sessions;
  private final Inbox inbox;
  private final CapacityService capacities;
  private final InboxScreens screens;
  private final PageRate rate;
  private final Supplier<URI> publicBase;
  private final Clock clock;

  /**
   * @param signIn     empty when the server has no staff sign-in settings: the inbox is off
   * @param publicBase where callers reach the FHIR API ({@code .../fhir}); the inbox is beside it
   */
  public InboxPages(Optional<SignIn> signIn, StaffSessions sessions, Inbox inbox,
      CapacityService capacities, InboxScreens screens, PageRate rate,
      Supplier<URI> publicBase, Clock clock) {
    this.signIn = signIn;
    this.sessions = sessions;
    this.inbox = inbox;
    this.capacities = capacities;
    this.screens = screens;
    this.rate = rate;
    this.publicBase = publicBase;
    this.clock = clock;
  }

  /** Whether a request was matched to these pages: they check their own sessions. */
  static boolean isInbox(ContainerRequestContext request) {
    return request.getUriInfo().getMatchedResources().stream()
        .anyMatch(InboxPages.class::isInstance);
  }

  /** Whether a request sends a form to these pages. */
  static boolean takesForm(String method, String path) {
    return method.equals("POST") && path.startsWith("/inbox/");
  }

  @GET
  @PatientData
  public Response list(@QueryParam("status") String status, @QueryParam("after") String after,
      @QueryParam("done") String done, @CookieParam(SESSION) String id,
      @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = session(id, request);
    if (session.isEmpty()) {
      return page(200, screens.signIn(id == null ? "" : "Your session has ended. Sign in"
          + " again."), request);
    }
    Optional<TaskStatus> list = status == null ? Optional.of(TaskStatus.REQUESTED)
        : Coded.fromCode(TaskStatus.class, status).filter(InboxScreens.LISTS::contains);
    if (list.isEmpty()) {
      return notFound(session, request);
    }
    try {
      Inbox.Listing listing = inbox.list(session.get().staff(), list.get(),
          Optional.ofNullable(after), new RequestAudit(request));
      return page(200, screens.listing(session.get(), list.get(), listing, ""), request);
    } catch (Refused refused) {
      return notFound(session, request);
    } catch (StoreException unavailable) {
      return unavailable(session, request);
    }
  }

  @GET
  @Path("sign-in")
  public Response beginSignIn(@Context Request jetty, @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    if (!rate.allow(Request.getRemoteAddr(jetty))) {
      return headers(Response.status(429).entity(screens.message(Optional.empty(),
          "Too many requests", "Too many requests", List.of("Wait a minute, then try again."),
          "", "")).type(HTML).header(HttpHeaders.RETRY_AFTER,
          rate.retryAfter(Request.getRemoteAddr(jetty))));
    }
    try {
      SignIn.Begun begun = signIn.get().begin(callback(), clock.instant());
      String waiting = sessions.waiting(begun.pending());
      return headers(Response.seeOther(begun.authorize()).cookie(cookie(SIGN_IN, waiting,
          request)));
    } catch (SignIn.Refused refused) {
      return page(503, screens.message(Optional.empty(), "Cannot sign in", "You cannot sign in"
          + " just now", List.of(refused.getMessage()), "Try again", "/inbox/sign-in"), request);
    } catch (StaffSessions.Full full) {
      return page(503, screens.message(Optional.empty(), "Cannot sign in", "You cannot sign in"
          + " just now", List.of("Too many people are signing in. Try again in a few minutes."),
          "Try again", "/inbox/sign-in"), request);
    }
  }

  @GET
  @Path("signed-in")
  public Response signedIn(@QueryParam("code") String code, @QueryParam("state") String state,
      @QueryParam("error") String error, @CookieParam(SIGN_IN) String waiting,
      @Context Request jetty, @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    if (!rate.allow(Request.getRemoteAddr(jetty))) {
      return headers(Response.status(429).entity(screens.message(Optional.empty(),
          "Too many requests", "Too many requests", List.of("Wait a minute, then try again."),
          "", "")).type(HTML));
    }
    Optional<SignIn.Pending> pending = sessions.comeBack(waiting, state);
    Response.ResponseBuilder answer;
    if (pending.isEmpty() || code == null || error != null) {
      // Not a sign-in this browser began, or the provider said no: start again.
      answer = Response.status(400).entity(screens.message(Optional.empty(), "Sign-in failed",
          "Sign-in did not work", List.of("The sign-in was not finished, or took too long."),
          "Try again", "/inbox/sign-in")).type(HTML);
    } else {
      try {
        StaffSessions.Session session = sessions.start(signIn.get().finish(pending.get(),
            code, callback()));
        answer = Response.seeOther(URI.create("/inbox")).cookie(cookie(SESSION, session.id(),
            request));
      } catch (SignIn.Refused refused) {
        answer = Response.status(403).entity(screens.message(Optional.empty(),
            "Cannot sign in", "You cannot use the inbox", List.of(refused.getMessage()), "",
            "")).type(HTML);
      } catch (StaffSessions.Full full) {
        answer = Response.status(503).entity(screens.message(Optional.empty(),
            "Cannot sign in", "You cannot sign in just now", List.of("Too many people are"
                + " signed in. Try again in a few minutes."), "Try again", "/inbox/sign-in"))
            .type(HTML);
      }
    }
    return headers(answer.cookie(expired(SIGN_IN, request)));
  }

  @POST
  @Path("sign-out")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signOut(@CookieParam(SESSION) String id, MultivaluedMap<String, String> form,
      @Context ContainerRequestContext request) {
    Optional<StaffSessions.Session> session = sessions.find(id);
    if (session.isPresent() && !session.get().sentBy(form.getFirst("csrf"))) {
      return forbidden(session, request);
    }
    sessions.end(id);
    return headers(Response.ok(screens.signIn("You have signed out."), HTML)
        .cookie(expired(SESSION, request)));
  }

  @GET
  @Path("referrals/{task}")
  @PatientData
  public Response referral(@PathParam("task") String task, @QueryParam("done") String done,
      @CookieParam(SESSION) String id, @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = session(id, request);
    if (session.isEmpty()) {
      return signedOut(id, request);
    }
    try {
      Inbox.Row row = inbox.referral(session.get().staff(), task, new RequestAudit(request));
      return page(200, screens.referral(session.get(), row, today(), notice(done), List.of(),
          "", ""), request);
    } catch (Refused refused) {
      return notFound(session, request);
    } catch (StoreException unavailable) {
      return unavailable(session, request);
    }
  }

  @POST
  @Path("referrals/{task}/{action: accept|decline|first-contact|complete}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @PatientData
  public Response act(@PathParam("task") String task, @PathParam("action") String action,
      @CookieParam(SESSION) String id, MultivaluedMap<String, String> form,
      @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = session(id, request);
    if (session.isEmpty()) {
      return signedOut(id, request);
    }
    if (!session.get().sentBy(form.getFirst("csrf"))) {
      return forbidden(session, request);
    }
    RequestAudit audit = new RequestAudit(request);
    Inbox.Action asked = Inbox.Action.valueOf(action.toUpperCase(Locale.ROOT)
        .replace('-', '_'));
    int version;
    try {
      version = Integer.parseInt(String.valueOf(form.getFirst("version")));
    } catch (NumberFormatException e) {
      return notFound(session, request);
    }
    String reasonSent = Optional.ofNullable(form.getFirst("reason")).orElse("");
    String details = Optional.ofNullable(form.getFirst("details")).orElse("").strip();
    Optional<Inbox.DeclineReason> reason = Optional.empty();
    try {
      if (asked == Inbox.Action.DECLINE) {
        List<View.Problem> problems = new ArrayList<>();
        if (!InboxScreens.DECLINE_REASONS.contains(reasonSent)) {
          problems.add(new View.Problem("reason-0", "Select why you are declining the"
              + " referral"));
        }
        if (details.length() > InboxScreens.DETAILS) {
          problems.add(new View.Problem("details", "Anything the referrer should know must be "
              + InboxScreens.DETAILS + " characters or fewer"));
        }
        if (reasonSent.equals("other") && details.isEmpty()) {
          problems.add(new View.Problem("details", "Say why you are declining the referral"));
        }
        if (!problems.isEmpty()) {
          Inbox.Row row = inbox.referral(session.get().staff(), task, audit);
          return page(422, screens.referral(session.get(), row, today(), "", problems,
              InboxScreens.DECLINE_REASONS.contains(reasonSent) ? reasonSent : "",
              details.length() > InboxScreens.DETAILS ? details.substring(0,
                  InboxScreens.DETAILS) : details), request);
        }
        reason = Optional.of(new Inbox.DeclineReason(reasonSent,
            CodeSystems.REJECTION_REASONS.get(reasonSent), details));
      }
      inbox.act(session.get().staff(), task, asked, version, reason, audit);
      return headers(Response.seeOther(URI.create("/inbox/referrals/" + task + "?done="
          + action)));
    } catch (Refused refused) {
      if (refused.reason() == Refused.Reason.STALE) {
        return page(409, screens.message(session, "Referral changed", "Someone else changed"
            + " this referral", List.of("Nothing was changed. Look at the referral again"
            + " before you do anything else."), "See the referral", "/inbox/referrals/"
            + task), request);
      }
      return notFound(session, request);
    } catch (InvalidFhirInputException refused) {
      List<String> why = refused.issues().stream().map(FhirIssue::diagnostics).toList();
      return page(409, screens.message(session, "Cannot change referral", "You cannot make"
          + " that change", why, "See the referral", "/inbox/referrals/" + task), request);
    } catch (StoreException unavailable) {
      return unavailable(session, request);
    }
  }

  @GET
  @Path("capacity")
  public Response capacity(@QueryParam("done") String done, @CookieParam(SESSION) String id,
      @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = session(id, request);
    if (session.isEmpty()) {
      return signedOut(id, request);
    }
    try {
      List<InboxScreens.ServiceCapacity> services = session.get().staff().services().stream()
          .map(service -> new InboxScreens.ServiceCapacity(service,
              capacities.current(service.id()), capacities.setting(service.id())
                  .map(set -> LocalDate.ofInstant(set.setAt(), England.ZONE)))).toList();
      return page(200, screens.capacities(session.get(), services, done == null ? ""
          : "Your service's capacity is saved. The map and new referrals use it now."), request);
    } catch (StoreException unavailable) {
      return unavailable(session, request);
    }
  }

  @GET
  @Path("capacity/{service}")
  public Response capacityForm(@PathParam("service") String service,
      @CookieParam(SESSION) String id, @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = session(id, request);
    if (session.isEmpty()) {
      return signedOut(id, request);
    }
    Optional<Service> theirs = theirs(session.get(), service);
    if (theirs.isEmpty()) {
      return notFound(session, request);
    }
    try {
      Capacity now = capacities.current(service);
      return page(200, screens.capacityForm(session.get(), theirs.get(), now.code(),
          now instanceof Capacity.WaitingList list ? Integer.toString(list.weeks()) : "",
          List.of()), request);
    } catch (StoreException unavailable) {
      return unavailable(session, request);
    }
  }

  @POST
  @Path("capacity/{service}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response setCapacity(@PathParam("service") String service,
      @CookieParam(SESSION) String id, MultivaluedMap<String, String> form,
      @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = session(id, request);
    if (session.isEmpty()) {
      return signedOut(id, request);
    }
    if (!session.get().sentBy(form.getFirst("csrf"))) {
      return forbidden(session, request);
    }
    Optional<Service> theirs = theirs(session.get(), service);
    if (theirs.isEmpty()) {
      return notFound(session, request);
    }
    String status = Optional.ofNullable(form.getFirst("status")).orElse("");
    String weeksSent = Optional.ofNullable(form.getFirst("weeks")).orElse("").strip();
    List<View.Problem> problems = new ArrayList<>();
    Integer weeks = null;
    if (!List.of("accepting", "waiting-list", "paused").contains(status)) {
      problems.add(new View.Problem("status-0", "Select whether your service is taking new"
          + " referrals"));
    } else if (status.equals("waiting-list")) {
      try {
        weeks = Integer.valueOf(weeksSent);
      } catch (NumberFormatException e) {
        weeks = null;
      }
      if (weeks == null || weeks < 1 || weeks > 52) {
        problems.add(new View.Problem("weeks", "Enter the waiting list in weeks, a whole"
            + " number from 1 to 52"));
      }
    }
    Optional<Capacity> capacity = problems.isEmpty() ? Capacity.of(status, weeks)
        : Optional.empty();
    if (capacity.isEmpty()) {
      if (problems.isEmpty()) {
        problems.add(new View.Problem("status-0", "Select whether your service is taking new"
            + " referrals"));
      }
      return page(422, screens.capacityForm(session.get(), theirs.get(),
          List.of("accepting", "waiting-list", "paused").contains(status) ? status : "",
          weeksSent.length() > 2 ? weeksSent.substring(0, 2) : weeksSent, problems), request);
    }
    try {
      capacities.set(service, capacity.get(), session.get().staff().caller(),
          new RequestAudit(request));
      return headers(Response.seeOther(URI.create("/inbox/capacity?done=saved")));
    } catch (Refused refused) {
      return notFound(session, request);
    } catch (StoreException unavailable) {
      return unavailable(session, request);
    }
  }

  private static Optional<Service> theirs(StaffSessions.Session session, String service) {
    return session.staff().services().stream().filter(s -> s.id().equals(service)).findFirst();
  }

  /** The session the cookie names, if it has not ended; the audit then names its staff. */
  private Optional<StaffSessions.Session> session(String id, ContainerRequestContext request) {
    Optional<StaffSessions.Session> session = sessions.find(id);
    session.ifPresent(s -> Authentication.signedIn(request, s.staff().caller()));
    return session;
  }

  private static String notice(String done) {
    if (done == null) {
      return "";
    }
    return switch (done) {
      case "accept" -> "You accepted this referral. The referrer has been told.";
      case "decline" -> "You declined this referral. The referrer has been told.";
      case "first-contact" -> "You recorded first contact with the person.";
      case "complete" -> "You marked this referral as complete.";
      default -> "";
    };
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), England.ZONE);
  }

  private URI callback() {
    return publicBase.get().resolve("inbox/signed-in");
  }

  private Response off() {
    return headers(Response.status(404).entity(screens.message(Optional.empty(),
        "Inbox not set up", "The provider inbox is not set up here", List.of("Staff sign-in has"
            + " not been set up on this server."), "", "")).type(HTML));
  }

  private Response signedOut(String id, ContainerRequestContext request) {
    return headers(Response.status(401).entity(screens.signIn(id == null ? "Sign in to see"
        + " this page." : "Your session has ended. Nothing was changed. Sign in again."))
        .type(HTML).cookie(expired(SESSION, request)));
  }

  private Response forbidden(Optional<StaffSessions.Session> session,
      ContainerRequestContext request) {
    return page(403, screens.message(session, "Form not accepted", "The form was not"
        + " accepted", List.of("Nothing was changed. Go back to the page, reload it and try"
        + " again."), "Go to your referrals", "/inbox"), request);
  }

  private Response notFound(Optional<StaffSessions.Session> session,
      ContainerRequestContext request) {
    return page(404, screens.message(session, "Not found", "Referral not found", List.of(
        "There is no referral here for your service."), "Go to your referrals", "/inbox"),
        request);
  }

  private Response unavailable(Optional<StaffSessions.Session> session,
      ContainerRequestContext request) {
    return page(503, screens.message(session, "Service problem", "Sorry, there is a problem"
        + " with the service", List.of("Nothing was changed. Try again in a few minutes."),
        "Try again", "/inbox"), request);
  }

  private Response page(int status, String html, ContainerRequestContext request) {
    return headers(Response.status(status).entity(html).type(HTML));
  }

  /** A cookie for these pages: not readable by scripts, sent only over HTTPS where used. */
  private NewCookie cookie(String name, String value, ContainerRequestContext request) {
    // Lax, not Strict: the browser comes back from the identity provider, another site, and
    // must bring the sign-in cookie and then the session's. Forms carry a CSRF token as well.
    return new NewCookie.Builder(name).value(value).path("/inbox").httpOnly(true)
        .secure(secure(request)).sameSite(NewCookie.SameSite.LAX).build();
  }

  private NewCookie expired(String name, ContainerRequestContext request) {
    return new NewCookie.Builder(name).value("").path("/inbox").httpOnly(true)
        .secure(secure(request)).sameSite(NewCookie.SameSite.LAX).maxAge(0).build();
  }

  private boolean secure(ContainerRequestContext request) {
    return "https".equals(publicBase.get().getScheme())
        || "https".equals(request.getUriInfo().getRequestUri().getScheme());
  }

  private static Response headers(Response.ResponseBuilder response) {
    return PublicPages.headers(response);
  }
}
