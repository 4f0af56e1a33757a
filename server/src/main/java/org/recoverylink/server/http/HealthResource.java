package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.recoverylink.server.observe.Readiness;

/**
 * {@code GET /health/live} and {@code GET /health/ready}, for orchestrators' probes, without a
 * token: live while the process answers; ready (200, else 503) while every check of
 * {@link Readiness} passes. The body names each check and its state, never data, a connection
 * string or an error's text.
 */
@Path("health")
public final class HealthResource {

  /** The paths anyone may GET without a token. */
  static final Set<String> PUBLIC = Set.of("health/live", "health/ready");

  private final Readiness readiness;

  public HealthResource(Readiness readiness) {
    this.readiness = readiness;
  }

  @GET
  @Path("live")
  public Response live() {
    return answer(200, "{\"status\":\"live\"}");
  }

  @GET
  @Path("ready")
  public Response ready() {
    Readiness.Report report = readiness.report();
    return answer(report.ready() ? 200 : 503, report.json());
  }

  private static Response answer(int status, String json) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-store").entity(json).build();
  }
}
