package org.recoverylink.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;
import org.recoverylink.server.observe.Logs;
import org.slf4j.MDC;

/**
 * Watches each request Jersey serves: puts its correlation id ({@link RequestIds}) in the MDC of
 * the thread serving it until it is answered, and times it into
 * {@code http.server.requests{method, uri, status}}, where {@code uri} is the matched route
 * TEMPLATE ({@code /fhir/Task/{id}}), never the path asked for (paths and queries can hold
 * identifiers), and {@code unmatched} for a path no resource serves. Warm-up requests
 * ({@link Warmup}) are not counted. Requests Jetty answers before Jersey sees them (a body over
 * 1 MiB, one too slow, malformed HTTP) are not in these figures.
 */
public final class RequestObserver implements ApplicationEventListener {

  /** Templates joined may meet at a doubled slash. */
  /** A variable's pattern in a template, {@code {type: A|B}}: the label keeps its name only. */
  private static final Pattern REGEX = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");
  private static final Pattern SLASHES = Pattern.compile("/{2,}");

  /** Methods named as themselves; any other is {@code other}, so callers cannot add series. */
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
      "PATCH", "OPTIONS");

  private final MeterRegistry registry;
  /**
   * Each series' timer, found by the route's templates as written: building the label and
   * registering the timer for every answer was a hundredth of {@code $assess}'s processor time.
   */
  private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

  /** One series: the method as labelled, the route's templates as Jersey lists them, the status. */
  private record Series(String method, List<String> templates, int status) {
  }

  public RequestObserver(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onEvent(ApplicationEvent event) {
    // nothing to watch in the application's own life
  }

  @Override
  public RequestEventListener onRequest(RequestEvent start) {
    long began = System.nanoTime();
    ContainerRequest request = start.getContainerRequest();
    boolean warmUp = Warmup.isWarmUp(request);
    String id = request.getHeaderString(RequestIds.INTERNAL);
    if (id != null) {
      MDC.put(Logs.REQUEST_ID, id);
    }
    return event -> {
      if (event.getType() == RequestEvent.Type.FINISHED) {
        try {
          if (!warmUp) {
            record(event, System.nanoTime() - began);
          }
        } finally {
          MDC.remove(Logs.REQUEST_ID);
        }
      }
    };
  }

  private void record(RequestEvent event, long nanos) {
    ContainerResponse response = event.getContainerResponse();
    int status = response == null ? 500 : response.getStatus();
    String method = event.getContainerRequest().getMethod().toUpperCase(Locale.ROOT);
    List<UriTemplate> matched = event.getUriInfo().getMatchedTemplates();
    List<String> templates = new ArrayList<>(matched.size());
    for (UriTemplate template : matched) {
      templates.add(template.getTemplate());
    }
    timers.computeIfAbsent(new Series(METHODS.contains(method) ? method : "other", templates,
        status), this::timer).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Series series) {
    return Timer.builder("http.server.requests")
        .description("Requests served, by method, route template and status")
        .tag("method", series.method())
        .tag("uri", template(series.templates()))
        .tag("status", Integer.toString(series.status()))
        .publishPercentileHistogram()
        .register(registry);
  }

  /** The route's template, outermost first (Jersey lists the innermost first). */
  static String template(List<String> matched) {
    if (matched.isEmpty()) {
      return "unmatched";
    }
    StringBuilder path = new StringBuilder();
    for (int i = matched.size() - 1; i >= 0; i--) {
      path.append('/').append(matched.get(i));
    }
    String joined = SLASHES.matcher(REGEX.matcher(path).replaceAll("{$1}")).replaceAll("/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1) : joined;
  }
}
