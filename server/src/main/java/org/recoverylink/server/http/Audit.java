package org.recoverylink.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.server.http.Authentication;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.Screenings;

/**
 * Writes the audit row of every request for patient data, refused ones included, before the
 * answer leaves: who (from the token), what (method, path, the resource and the patient the
 * method named with {@link #entity} and {@link #patient}), when, and the status. A request is
 * for patient data when it reached a {@link PatientData} method, or, refused before reaching any
 * (a malformed header, an unknown path or method, a bad id), when its path lies under a resource
 * that has one: a refusal is audited whatever its status. Rows are stamped by the server's
 * clock, which the filter hands each request for {@link #entry}. The server's own warm-up
 * requests ({@link Warmup}) are about no one and leave no row.
 */
@Priority(Priorities.USER)
public final class Audit implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String ENTITY = Audit.class.getName() + ".entity";
  private static final String PATIENT = Audit.class.getName() + ".patient";
  private static final String WRITTEN = Audit.class.getName() + ".written";
  private static final String CLOCK = Audit.class.getName() + ".clock";
  private static final String COUNTED = Audit.class.getName() + ".counted";

  private final AuditTrail trail;
  private final Screenings screenings;
  private final Clock clock;
  /** The resource methods with patient data, found once rather than asked of each request. */
  private final Set<Method> methods;
  /** The first path segments (under {@link FhirIo#BASE}) of resources with patient data. */
  private final Set<String> roots;

  /**
   * Audits the patient-data methods of these resources (instances of {@code @Path} classes),
   * stamping rows by {@code clock}, and hands {@code screenings} what an answer counts.
   */
  public Audit(AuditTrail trail, Screenings screenings, Collection<?> resources, Clock clock) {
    this.trail = trail;
    this.screenings = screenings;
    this.clock = clock;
    this.methods = resources.stream()
        .flatMap(resource -> Arrays.stream(resource.getClass().getMethods()))
        .filter(Audit::patientData)
        .collect(Collectors.toUnmodifiableSet());
    this.roots = resources.stream().map(Object::getClass)
        .filter(type -> Arrays.stream(type.getMethods()).anyMatch(methods::contains))
        .map(type -> root(type.getAnnotation(Path.class).value()))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static boolean patientData(Method method) {
    return method.isAnnotationPresent(PatientData.class)
        || method.getDeclaringClass().isAnnotationPresent(PatientData.class);
  }

  /** Names the resource a request read or wrote, e.g. {@code Procedure/123}. */
  static void entity(ContainerRequestContext request, String reference) {
    request.setProperty(ENTITY, reference);
  }

  /**
   * Names the patient whose data a request concerned, by NHS number as written (spaces
   * allowed); a value that is not a valid NHS number is not recorded.
   */
  static void patient(ContainerRequestContext request, String nhsNumber) {
    if (nhsNumber != null) {
      try {
        request.setProperty(PATIENT, NhsNumber.parse(nhsNumber).value());
      } catch (IllegalArgumentException e) {
        // not an NHS number: the row names no patient rather than a wrong one
      }
    }
  }

  /**
   * The audit row of a request that will be answered with {@code status}, for a resource to
   * write in the transaction of what it audits (then {@link #written}).
   */
  static AuditTrail.Entry entry(ContainerRequestContext request, int status) {
    if (Warmup.isWarmUp(request)) { // what this row would go with must not be stored either
      throw new FhirProblem(503, IssueType.TRANSIENT, "a warm-up request stores nothing");
    }
    Clock clock = (Clock) request.getProperty(CLOCK);
    if (clock == null) { // only a resource method calls this, after every request filter ran
      throw new IllegalStateException("the request was not seen by the audit filter");
    }
    return entry(request, status, clock.instant());
  }

  private static AuditTrail.Entry entry(ContainerRequestContext request, int status,
      Instant at) {
    Optional<AuditTrail.Who> who = Authentication.caller(request).map(caller ->
        new AuditTrail.Who(caller.subject(), caller.role().claim(), caller.organisation()));
    String path = request.getUriInfo().getPath();
    String operation = request.getMethod() + " " + (path.startsWith(FhirIo.BASE)
        ? path.substring(FhirIo.BASE.length()) : path);
    return new AuditTrail.Entry(at, who, action(request.getMethod(), path),
        operation, Optional.ofNullable((String) request.getProperty(ENTITY)),
        Optional.ofNullable((String) request.getProperty(PATIENT)), status);
  }

  /**
   * Records a request Jetty refused before Jersey saw it (a body over the limit, bad HTTP) when
   * its path is for patient data. Nobody was authenticated: the row names no caller.
   *
   * @param path the path under the server root, e.g. {@code fhir/Procedure}
   */
  public void refused(String method, String path, int status) {
    if (roots.contains(root(path))) {
      String under = path.startsWith(FhirIo.BASE) ? path.substring(FhirIo.BASE.length()) : path;
      trail.record(new AuditTrail.Entry(clock.instant(), Optional.empty(), action(method, path),
          method + " " + under, Optional.empty(), Optional.empty(), status));
    }
  }

  /**
   * The screenings a successful answer counts for the reports: counted once its audit row is
   * committed, and only if it is answered 200.
   */
  static void count(ContainerRequestContext request, List<Screenings.Screened> counted) {
    request.setProperty(COUNTED, counted);
  }

  /** The request's audit row was committed with its work: the filter writes no second one. */
  static void written(ContainerRequestContext request) {
    request.setProperty(WRITTEN, Boolean.TRUE);
  }

  /** Hands the request the clock its audit row is stamped by. */
  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(CLOCK, clock);
  }

  /**
   * Writes the row before the answer leaves. Not for a 503: that is the answer to a database
   * that could not be reached or written (the only 503 Jersey answers here, from {@link Errors}),
   * so the row could not be written either, and trying would hold the answer for another wait;
   * that request read and changed nothing. Any other answer whose row cannot be written is not
   * sent: the failure is answered instead (503 when the database is unavailable). The
   * screenings a 200 counts ({@link #count}) are counted once its row is committed, so an
   * assessment whose row failed is neither answered nor counted.
   */
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() != 503 && request.getProperty(WRITTEN) == null
        && !Warmup.isWarmUp(request)
        && forPatientData(request)) {
      trail.record(entry(request, response.getStatus(), clock.instant()));
      if (response.getStatus() == 200) {
        screenings.count(counted(request));
      }
    }
  }

  @SuppressWarnings("unchecked") // only count() sets it
  private static List<Screenings.Screened> counted(ContainerRequestContext request) {
    Object counted = request.getProperty(COUNTED);
    return counted == null ? List.of() : (List<Screenings.Screened>) counted;
  }

  private boolean forPatientData(ContainerRequestContext request) {
    // The method Jersey matched, read from the request itself: an injected ResourceInfo is a
    // proxy that looks the request up again on every call (a percent of $assess's time).
    ResourceMethod matched = request.getUriInfo() instanceof ExtendedUriInfo info
        ? info.getMatchedResourceMethod() : null;
    if (matched != null) {
      return methods.contains(matched.getInvocable().getDefinitionMethod());
    }
    return roots.contains(root(request.getUriInfo().getPath()));
  }

  /** A path's first segment under the FHIR base, e.g. {@code Procedure} of Procedure/1. */
  private static String root(String path) {
    String under = path.startsWith(FhirIo.BASE) ? path.substring(FhirIo.BASE.length()) : path;
    int slash = under.indexOf('/');
    return slash < 0 ? under : under.substring(0, slash);
  }

  /** FHIR AuditEvent.action: operations execute, otherwise by method. */
  private static char action(String method, String path) {
    if (path.contains("$")) {
      return 'E';
    }
    return switch (method) {
      case "POST" -> 'C';
      case "PUT", "PATCH" -> 'U';
      case "DELETE" -> 'D';
      default -> 'R';
    };
  }
}
