package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
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

  /** What {@code GET Questionnaire?} takes besides what every search does. */
  private static final Set<String> PARAMETERS = parameters();

  private final FhirIo io;

  public QuestionnaireResource(FhirIo io) {
    this.io = io;
  }

  @GET
  public Response search(@Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    Search search = Search.read(uri, headers, PARAMETERS);
    return io.respond(200, search.page(uri, "Questionnaire", Questionnaires.all().stream()
        .filter(form -> search.id(form)
            && search.canonical("url", form.getUrl(), form.getVersion())
            && search.string("name", form.getName()) && search.string("title", form.getTitle()))
        .toList()), headers, uri);
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
    resource.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("url").setType(SearchParamType.URI)
        .setDocumentation("the form's canonical URL, with or without |version");
    resource.addSearchParam().setName("name").setType(SearchParamType.STRING);
    resource.addSearchParam().setName("title").setType(SearchParamType.STRING);
  }

  private static Set<String> parameters() {
    Set<String> parameters = new HashSet<>(Set.of("_id", "url", Search.OFFSET));
    parameters.addAll(Search.stringParameter("name"));
    parameters.addAll(Search.stringParameter("title"));
    return Set.copyOf(parameters);
  }
}
