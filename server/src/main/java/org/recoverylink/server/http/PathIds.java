package org.recoverylink.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Every id in a path ({@code {id}}) must be a FHIR id (R4 datatypes, "id": 1 to 64 letters,
 * digits, '-' or '.'); anything else names no resource here: 404, before any resource or store
 * sees it. The id is not quoted back: it may be anything, even patient data.
 */
@Priority(Priorities.AUTHORIZATION)
public final class PathIds implements ContainerRequestFilter {

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  @Override
  public void filter(ContainerRequestContext request) {
    String id = request.getUriInfo().getPathParameters().getFirst("id");
    if (id != null) {
      require(id, "resource");
    }
  }

  /**
   * @throws FhirProblem 404 when {@code id} is not a FHIR id, naming the type sought
   */
  static void require(String id, String type) {
    if (!FHIR_ID.matcher(id).matches()) {
      throw new FhirProblem(404, IssueType.NOTFOUND, "no " + type + " with that id: a FHIR id"
          + " is 1 to 64 letters, digits, '-' or '.'");
    }
  }
}
