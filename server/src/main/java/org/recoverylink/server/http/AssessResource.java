package org.recoverylink.server.http;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.ContainerRequest;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.codelist.CodeLists;
import org.recoverylink.fhir.assessment.AssessParameters;
import org.recoverylink.fhir.conformance.Operations;
import org.recoverylink.server.assessment.AssessmentService;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;

/**
 * {@code POST QuestionnaireResponse/$assess}: one QuestionnaireResponse, or a Parameters with
 * {@code response} (1..*), {@code questionnaire} (0..*), {@code patient} (0..1) and
 * {@code condition} (0..*) ({@link AssessParameters}); answers the result Bundle.
 */
@Path(FhirIo.BASE + "QuestionnaireResponse/$assess")
public final class AssessResource {

  private final FhirIo io;
  private final CodeLists codeLists;
  private final AssessmentService assessments;

  /** @param codeLists what recorded diagnoses mean: the shipped lists or the deployment's */
  public AssessResource(FhirIo io, CodeLists codeLists, AssessmentService assessments) {
    this.io = io;
    this.codeLists = codeLists;
    this.assessments = assessments;
  }

  // Jersey's request is its headers too, and gives the URI: one parameter looked up through
  // Jersey's injection rather than three (the three were 2% of this call's processor time).
  @POST
  @PatientData
  public Response assess(byte[] body, @Context ContainerRequest request) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    Resource input = io.parse(body, request, Resource.class);
    AssessParameters given;
    if (input instanceof QuestionnaireResponse response) {
      given = AssessParameters.of(response);
    } else if (input instanceof Parameters parameters) {
      given = AssessParameters.read(parameters, codeLists);
    } else {
      throw new FhirProblem(400, IssueType.INVALID, "$assess takes a QuestionnaireResponse or"
          + " a Parameters, not a " + input.fhirType());
    }
    AssessmentService.Assessed assessed = assessments.assess(given, caller.organisation());
    assessed.nhsNumber().ifPresent(nhs -> Audit.patient(request, nhs));
    Audit.count(request, assessed.counted());
    return io.respond(200, assessed.bundle(), request, request.getUriInfo());
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("QuestionnaireResponse");
    resource.addOperation().setName("assess")
        .setDefinition(Operations.ASSESS)
        .setDocumentation("Score, advise and flag: a QuestionnaireResponse, or Parameters with"
            + " response, questionnaire, valueSet, patient and condition; answers the result"
            + " Bundle.");
  }
}
