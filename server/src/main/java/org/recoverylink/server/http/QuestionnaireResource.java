package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.http.Authentication;

/** The built-in instruments: {@code GET Questionnaire} and {@code GET Questionnaire/{id}}. */
@Path(FhirIo.BASE + "Questionnaire")
public final class QuestionnaireResource {

  private final FhirIo io;

  public QuestionnaireResource(FhirIo io) {
    this.io = io;
  }

  @GET
  public Response search(@Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    return io.respond(200, FhirIo.searchset(uri, Questionnaires.all()), headers, uri);
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    Questionnaire questionnaire = Questionnaires.find(id).orElseThrow(() -> new FhirProblem(
        404, IssueType.NOTFOUND, "no Questionnaire " + Quote.of(id) + "; the built-in ones are "
            + Instruments.all().stream().map(Instrument::id).toList()));
    return io.respond(200, questionnaire, headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("Questionnaire");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
  }
}
