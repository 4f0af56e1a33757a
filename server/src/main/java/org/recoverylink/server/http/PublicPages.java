package org.recoverylink.server.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.recoverylink.server.web.FrontDoor;
import org.recoverylink.server.web.PageRate;

/**
 * The public pages (docs/front-door.md), no token: {@code GET /}, the self-check and the
 * referral under {@code /self-check/} and {@code /refer/}, their stylesheet, and a friendly 404
 * page for any other path outside {@code /fhir} (a FHIR path keeps its OperationOutcome). Thin:
 * {@link FrontDoor} decides; this adds the journey cookie, the per-client rate
 * ({@code --page-rate}, 429) and the headers every page has (a strict Content-Security-Policy,
 * no caching, no referrer, no framing). Every form sent is audited ({@link PatientData}).
 */
@Path("")
public final class PublicPages {

  /** The cookie that carries a journey's random id, and nothing else. */
  static final String COOKIE = "rl-journey";
  /** Only our own stylesheet and pictures, forms only to us, no scripts, no framing. */
  static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
      + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  static final String HTML = "text/html; charset=utf-8";
  /** What every page is sent with. */
  static final Map<String, String> PAGE_HEADERS = Map.of("Content-Security-Policy", POLICY,
      "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY", "Cache-Control", "no-store");

  private final FrontDoor door;
  private final PageRate rate;
  private final byte[] css;

  public PublicPages(FrontDoor door, PageRate rate) {
    this.door = door;
    this.rate = rate;
    try (InputStream in = PublicPages.class.getResourceAsStream("/web/front-door.css")) {
      this.css = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the pages' stylesheet is missing from the jar", e);
    }
  }

  /**
   * Whether a request sends a form to these pages: its body is received whole, at
   * {@code --body-rate}, before a request thread reads it ({@link WholeBody}), as a token
   * holder's is.
   */
  static boolean takesForm(String method, String path) {
    return method.equals("POST") && (path.startsWith("/refer/")
        || path.startsWith("/self-check/")) || InboxPages.takesForm(method, path);
  }

    /** Whether a request was matched to these pages: anyone may, without a token. */
  static boolean isPublic(ContainerRequestContext request) {
    return request.getUriInfo().getMatchedResources().stream()
        .anyMatch(PublicPages.class::isInstance);
  }

  @GET
  public Response start(@Context Request jetty) {
    return limited(jetty).orElseGet(() -> answer(door.start(), false));
  }

  @GET
  @Path("privacy")
  public Response privacy(@Context Request jetty) {
    return limited(jetty).orElseGet(() -> answer(door.privacy(), false));
  }

  @GET
  @Path("assets/front-door.css")
  public Response stylesheet() {
    return Response.ok(css, "text/css; charset=utf-8")
        .cacheControl(CacheControl.valueOf("public, max-age=3600"))
        .header("X-Content-Type-Options", "nosniff").build();
  }

  @GET
  @Path("{section: self-check|refer}/{step}")
  public Response page(@PathParam("section") String section, @PathParam("step") String step,
      @CookieParam(COOKIE) String journey, @Context Request jetty) {
    return limited(jetty).orElseGet(() -> answer(door.get(section + "/" + step,
        Optional.ofNullable(journey)), secure(jetty)));
  }

  @POST
  @Path("{section: self-check|refer}/{step}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @PatientData
  public Response form(@PathParam("section") String section, @PathParam("step") String step,
      @CookieParam(COOKIE) String journey, MultivaluedMap<String, String> form,
      @Context Request jetty, @Context ContainerRequestContext request) {
    Optional<Response> limited = limited(jetty);
    if (limited.isPresent()) {
      return limited.get();
    }
    Map<String, List<String>> fields = new LinkedHashMap<>(form);
    return answer(door.post(section + "/" + step, Optional.ofNullable(journey), fields,
        new RequestAudit(request)), secure(jetty));
  }

  /** Any other path outside the FHIR API: a page saying so, not an OperationOutcome. */
  @GET
  @Path("{path: (?!fhir(?:/|$)).+}")
  public Response unknown(@Context Request jetty) {
    return limited(jetty).orElseGet(() -> answer(door.notFound(), false));
  }

  private Optional<Response> limited(Request jetty) {
    String client = Request.getRemoteAddr(jetty);
    if (rate.allow(client)) {
      return Optional.empty();
    }
    return Optional.of(headers(Response.status(429).entity(door.tooMany().html())
        .type(HTML).header(HttpHeaders.RETRY_AFTER, rate.retryAfter(client))));
  }

  private static boolean secure(Request jetty) {
    return jetty.isSecure();
  }

  private static Response answer(FrontDoor.Answer answer, boolean secure) {
    Response.ResponseBuilder response = answer.location().isEmpty()
        ? Response.status(answer.status()).entity(answer.html()).type(HTML)
        : Response.seeOther(URI.create(answer.location()));
    answer.started().ifPresent(journey -> response.cookie(new NewCookie.Builder(COOKIE)
        .value(journey.id()).path("/").httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.STRICT).build()));
    return headers(response);
  }

  static Response headers(Response.ResponseBuilder response) {
    PAGE_HEADERS.forEach(response::header);
    return response.build();
  }

  /** The "busy" page, for {@link Admission} to answer outside Jersey. */
  public String busyPage() {
    return door.busy().html();
  }

  /** The filter that runs before Jersey matches a request: {@link TrailingSlash}. */
  public TrailingSlash trailingSlash() {
    return new TrailingSlash(door);
  }

  /**
   * Before Jersey matches a request to a resource (so that its 404, 405 or 415 never reach a
   * person as an OperationOutcome): {@code GET /map/} is sent on to {@code /map}, where its
   * relative links work; any other method on a public path (outside {@code /fhir}, the health
   * probes and the metrics) than GET or HEAD, or a POST of a form to the self-check or the
   * referral, answers a page, 405 with {@code Allow}; a form to those sent as anything but a
   * form answers a page, 415.
   */
  @PreMatching
  public static final class TrailingSlash implements ContainerRequestFilter {

    private final FrontDoor door;

    TrailingSlash(FrontDoor door) {
      this.door = door;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      String path = request.getUriInfo().getPath();
      String method = request.getMethod();
      boolean read = method.equals("GET") || method.equals("HEAD");
      if (path.equals("map/") && read) {
        request.abortWith(Response.status(308).location(URI.create("/map")).build());
        return;
      }
      if (read || !outsideTheApi(path)) {
        return;
      }
      if (!takesForm(method, "/" + path)) {
        request.abortWith(headers(Response.status(405).entity(door.notAllowed().html())
            .type(HTML).header(HttpHeaders.ALLOW, "GET, HEAD")));
      } else if (!MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(
          request.getMediaType())) {
        request.abortWith(headers(Response.status(415).entity(door.notAForm().html())
            .type(HTML)));
      }
    }

    /** Not the FHIR API, the health probes or the metrics: a path of the public site. */
    private static boolean outsideTheApi(String path) {
      return !(path.equals("fhir") || path.startsWith("fhir/") || path.startsWith("health/")
          || path.equals("metrics"));
    }
  }
}
