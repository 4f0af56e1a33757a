package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.server.observe.Metrics;

/**
 * {@code GET /metrics}: the Prometheus text format, for a scraper holding the metrics token
 * ({@code RECOVERYLINK_METRICS_TOKEN}) as its bearer token. Without that token configured the
 * path answers 404: a server exposes nothing about itself unless its operator asks.
 */
@Path("metrics")
public final class MetricsResource {

  /** The path, which takes the metrics token rather than a user's JWT. */
  static final String PATH = "metrics";
  private static final String BEARER = "Bearer ";

  private final Metrics metrics;
  private final Optional<byte[]> token;

  /** @param token the scraper's bearer token; empty: metrics are not served */
  public MetricsResource(Metrics metrics, Optional<String> token) {
    this.metrics = metrics;
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @GET
  public Response scrape(@Context HttpHeaders headers) {
    byte[] expected = token.orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND,
        "metrics are not served: no metrics token is configured"));
    String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    boolean bearer = header != null
        && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    // Compared in constant time, so the answer's timing tells nothing of the token.
    if (!bearer || !MessageDigest.isEqual(expected, header.substring(BEARER.length()).strip()
        .getBytes(StandardCharsets.UTF_8))) {
      throw new FhirProblem(401, IssueType.LOGIN, "GET metrics needs the metrics token as"
          + " Authorization: Bearer");
    }
    return Response.ok(metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8")
        .header("Cache-Control", "no-store").build();
  }
}
