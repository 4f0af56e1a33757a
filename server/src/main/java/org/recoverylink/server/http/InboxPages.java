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
import java.util.function.Function;
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
import org.recoverylink.server.store.ConcurrentChangeException;
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
  private static final String FULL = "Too many people are signing in. Try again in a few"
      + " minutes.";
  /** The capacities a service may set, as the form sends them. */
  private static final List<String> CAPACITIES = List.of("accepting", "waiting-list",
      "paused");

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
      @CookieParam(SESSION) String id, @Context ContainerRequestContext request) {
    if (signIn.isPresent() && sessions.find(id).isEmpty()) { // the inbox's front page
      return page(200, screens.signIn(id == null ? "" : "Your session has ended. Sign in"
          + " again."));
    }
    return signedIn(id, request, session -> {
      Optional<TaskStatus> list = status == null ? Optional.of(TaskStatus.REQUESTED)
          : Coded.fromCode(TaskStatus.class, status).filter(InboxScreens.LISTS::contains);
      if (list.isEmpty()) {
        return notFound(session);
      }
      Inbox.Listing listing = inbox.list(session.staff(), list.get(),
          Optional.ofNullable(after), new RequestAudit(request));
      return page(200, screens.listing(session, list.get(), listing, ""));
    });
  }

  @GET
  @Path("sign-in")
  public Response beginSignIn(@Context Request jetty, @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<Response> limited = limited(jetty);
    if (limited.isPresent()) {
      return limited.get();
    }
    try {
      SignIn.Begun begun = signIn.get().begin(callback(), clock.instant());
      String waiting = sessions.waiting(begun.pending());
      return headers(Response.seeOther(begun.authorize()).cookie(cookie(SIGN_IN, waiting,
          request)));
    } catch (SignIn.Refused refused) {
      return page(503, notNow(refused.getMessage()));
    } catch (StaffSessions.Full full) {
      return page(503, notNow(FULL));
    }
  }

  @GET
  @Path("signed-in")
  public Response comeBack(@QueryParam("code") String code, @QueryParam("state") String state,
      @QueryParam("error") String error, @CookieParam(SIGN_IN) String waiting,
      @Context Request jetty, @Context ContainerRequestContext request) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<Response> limited = limited(jetty);
    if (limited.isPresent()) {
      return limited.get();
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
        answer = Response.status(503).entity(notNow(FULL)).type(HTML);
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
      return forbidden(session.get());
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
    return signedIn(id, request, session -> page(200, screens.referral(session,
        inbox.referral(session.staff(), task, new RequestAudit(request)), today(),
        notice(done), List.of(), "", "")));
  }

  @POST
  @Path("referrals/{task}/{action: accept|decline|first-contact|complete}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @PatientData
  public Response act(@PathParam("task") String task, @PathParam("action") String action,
      @CookieParam(SESSION) String id, MultivaluedMap<String, String> form,
      @Context ContainerRequestContext request) {
    return sent(id, form, request, session -> {
      RequestAudit audit = new RequestAudit(request);
      Inbox.Action asked = Inbox.Action.valueOf(action.toUpperCase(Locale.ROOT)
          .replace('-', '_'));
      int version;
      try {
        version = Integer.parseInt(String.valueOf(form.getFirst("version")));
      } catch (NumberFormatException e) {
        return notFound(session);
      }
      Optional<Inbox.DeclineReason> reason = Optional.empty();
      if (asked == Inbox.Action.DECLINE) {
        String code = Optional.ofNullable(form.getFirst("reason")).orElse("");
        String details = Optional.ofNullable(form.getFirst("details")).orElse("").strip();
        List<View.Problem> problems = new ArrayList<>();
        if (!InboxScreens.DECLINE_REASONS.contains(code)) {
          problems.add(new View.Problem("reason-0", "Select why you are declining the"
              + " referral"));
        }
        if (details.length() > InboxScreens.DETAILS) {
          problems.add(new View.Problem("details", "Anything the referrer should know must"
              + " be " + InboxScreens.DETAILS + " characters or fewer"));
        }
        if (code.equals("other") && details.isEmpty()) {
          problems.add(new View.Problem("details", "Say why you are declining the referral"));
        }
        if (!problems.isEmpty()) {
          return page(422, screens.referral(session, inbox.referral(session.staff(), task,
              audit), today(), "", problems, InboxScreens.DECLINE_REASONS.contains(code) ? code
              : "", details.substring(0, Math.min(details.length(), InboxScreens.DETAILS))));
        }
        reason = Optional.of(new Inbox.DeclineReason(code,
            CodeSystems.REJECTION_REASONS.get(code), details));
      }
      try {
        inbox.act(session.staff(), task, asked, version, reason, audit);
      } catch (Refused refused) {
        if (refused.reason() != Refused.Reason.STALE) {
          throw refused;
        }
        return changedMeanwhile(session, task);
      } catch (ConcurrentChangeException raced) { // changed between the read and the write
        return changedMeanwhile(session, task);
      } catch (InvalidFhirInputException refused) {
        return page(409, screens.message(Optional.of(session), "Cannot change referral",
            "You cannot make that change", refused.issues().stream()
                .map(FhirIssue::diagnostics).toList(), "See the referral", "/inbox/referrals/"
                + task));
      }
      return headers(Response.seeOther(URI.create("/inbox/referrals/" + task + "?done="
          + action)));
    });
  }

  @GET
  @Path("capacity")
  public Response capacity(@QueryParam("done") String done, @CookieParam(SESSION) String id,
      @Context ContainerRequestContext request) {
    return signedIn(id, request, session -> page(200, screens.capacities(session,
        session.staff().services().stream().map(service -> new InboxScreens.ServiceCapacity(
            service, capacities.current(service.id()), capacities.setting(service.id())
                .map(set -> LocalDate.ofInstant(set.setAt(), England.ZONE)))).toList(),
        done == null ? "" : "Your service's capacity is saved. The map and new referrals use"
            + " it now.")));
  }

  @GET
  @Path("capacity/{service}")
  public Response capacityForm(@PathParam("service") String service,
      @CookieParam(SESSION) String id, @Context ContainerRequestContext request) {
    return signedIn(id, request, session -> theirs(session, service).map(theirs -> {
      Capacity now = capacities.current(service);
      return page(200, screens.capacityForm(session, theirs, now.code(),
          now instanceof Capacity.WaitingList list ? Integer.toString(list.weeks()) : "",
          List.of()));
    }).orElseGet(() -> notFound(session)));
  }

  @POST
  @Path("capacity/{service}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response setCapacity(@PathParam("service") String service,
      @CookieParam(SESSION) String id, MultivaluedMap<String, String> form,
      @Context ContainerRequestContext request) {
    return sent(id, form, request, session -> {
      Optional<Service> theirs = theirs(session, service);
      if (theirs.isEmpty()) {
        return notFound(session);
      }
      String status = Optional.ofNullable(form.getFirst("status")).orElse("");
      String weeks = Optional.ofNullable(form.getFirst("weeks")).orElse("").strip();
      Optional<Capacity> capacity = Optional.empty();
      List<View.Problem> problems = new ArrayList<>();
      if (!CAPACITIES.contains(status)) {
        problems.add(new View.Problem("status-0", "Select whether your service is taking new"
            + " referrals"));
      } else if (status.equals("waiting-list") && !weeks.matches("[0-9]{1,2}")
          || (capacity = Capacity.of(status, status.equals("waiting-list")
              ? Integer.valueOf(weeks) : null)).isEmpty()) {
        problems.add(new View.Problem("weeks", "Enter the waiting list in weeks, a whole"
            + " number from 1 to 52"));
      }
      if (!problems.isEmpty()) {
        return page(422, screens.capacityForm(session, theirs.get(),
            CAPACITIES.contains(status) ? status : "", weeks.substring(0,
                Math.min(weeks.length(), 2)), problems));
      }
      capacities.set(service, capacity.orElseThrow(), session.staff().caller(),
          new RequestAudit(request));
      return headers(Response.seeOther(URI.create("/inbox/capacity?done=saved")));
    });
  }

  private static Optional<Service> theirs(StaffSessions.Session session, String service) {
    return session.staff().services().stream().filter(s -> s.id().equals(service)).findFirst();
  }

  /**
   * Answers a signed-in member of staff's request with {@code then}; otherwise the inbox is off
   * (404) or they are asked to sign in (401). The audit names them. A referral or service not
   * theirs is "not found"; a database away is a page saying so.
   */
  private Response signedIn(String id, ContainerRequestContext request,
      Function<StaffSessions.Session, Response> then) {
    if (signIn.isEmpty()) {
      return off();
    }
    Optional<StaffSessions.Session> session = sessions.find(id);
    if (session.isEmpty()) {
      return headers(Response.status(401).entity(screens.signIn(id == null ? "Sign in to see"
          + " this page." : "Your session has ended. Nothing was changed. Sign in again."))
          .type(HTML).cookie(expired(SESSION, request)));
    }
    Authentication.signedIn(request, session.get().staff().caller());
    try {
      return then.apply(session.get());
    } catch (Refused refused) {
      return notFound(session.get());
    } catch (StoreException unavailable) {
      return page(503, screens.message(session, "Service problem", "Sorry, there is a problem"
          + " with the service", List.of("Nothing was changed. Try again in a few minutes."),
          "Try again", "/inbox"));
    }
  }

  /** As {@link #signedIn}, for a form: one without the session's CSRF token changes nothing. */
  private Response sent(String id, MultivaluedMap<String, String> form,
      ContainerRequestContext request, Function<StaffSessions.Session, Response> then) {
    return signedIn(id, request, session -> session.sentBy(form.getFirst("csrf"))
        ? then.apply(session) : forbidden(session));
  }

  /** Over the page rate ({@code --page-rate}): sign-in is open to anyone, so it is limited. */
  private Optional<Response> limited(Request jetty) {
    String client = Request.getRemoteAddr(jetty);
    return rate.allow(client) ? Optional.empty() : Optional.of(headers(Response.status(429)
        .entity(screens.message(Optional.empty(), "Too many requests", "Too many requests",
            List.of("Wait a minute, then try again."), "", "")).type(HTML)
        .header(HttpHeaders.RETRY_AFTER, rate.retryAfter(client))));
  }

  private String notNow(String why) {
    return screens.message(Optional.empty(), "Cannot sign in", "You cannot sign in just now",
        List.of(why), "Try again", "/inbox/sign-in");
  }

  private static String notice(String done) {
    if (done == null) {
      return "";
    }
    return switch (done) {
      case "accept" -> "You accepted this referral. The referrer can see this on the"
          + " referral.";
      case "decline" -> "You declined this referral. The referrer can see this on the"
          + " referral.";
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

  private Response changedMeanwhile(StaffSessions.Session session, String task) {
    return page(409, screens.message(Optional.of(session), "Referral changed", "Someone else"
        + " changed this referral", List.of("Nothing was changed. Look at the referral again"
        + " before you do anything else."), "See the referral", "/inbox/referrals/" + task));
  }

  private Response forbidden(StaffSessions.Session session) {
    return page(403, screens.message(Optional.of(session), "Form not accepted", "The form was"
        + " not accepted", List.of("Nothing was changed. Go back to the page, reload it and try"
        + " again."), "Go to your referrals", "/inbox"));
  }

  private Response notFound(StaffSessions.Session session) {
    return page(404, screens.message(Optional.of(session), "Not found", "Not found", List.of(
        "There is nothing here for your service."), "Go to your referrals", "/inbox"));
  }

  private static Response page(int status, String html) {
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
