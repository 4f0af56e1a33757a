package org.recoverylink.fhir.server;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.assess.FhirAssessor;
import org.recoverylink.fhir.assess.ResultBundle;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * {@code POST QuestionnaireResponse/$assess} (API.md "Assess"): one QuestionnaireResponse, or a
 * Parameters with {@code response} (1..*), {@code questionnaire} (0..*) and {@code condition}
 * (0..*); answers the result Bundle.
 */
@Path(FhirIo.BASE + "QuestionnaireResponse/$assess")
public final class AssessResource implements Served {

  private final FhirIo io;
  private final FhirAssessor assessor;

  AssessResource(FhirIo io, FhirAssessor assessor) {
    this.io = io;
    this.assessor = assessor;
  }

  @POST
  public Response assess(String body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.GP, Role.PHARMACY);
    Resource input = io.parse(body, headers, Resource.class);
    Map<String, QuestionnaireResponse> responses = new LinkedHashMap<>();
    List<Questionnaire> questionnaires = new ArrayList<>();
    Set<KnownCondition> conditions = EnumSet.noneOf(KnownCondition.class);
    if (input instanceof QuestionnaireResponse response) {
      responses.put("QuestionnaireResponse", response);
    } else if (input instanceof Parameters parameters) {
      read(parameters, responses, questionnaires, conditions);
    } else {
      throw new FhirProblem(400, IssueType.INVALID, "$assess takes a QuestionnaireResponse or"
          + " a Parameters, not a " + input.fhirType());
    }
    FhirAssessor.Result result = assessor.assess(responses, questionnaires, conditions);
    return io.respond(200, ResultBundle.of(result), headers, uri);
  }

  private static void read(Parameters parameters, Map<String, QuestionnaireResponse> responses,
      List<Questionnaire> questionnaires, Set<KnownCondition> conditions) {
    List<FhirIssue> issues = new ArrayList<>();
    for (int i = 0; i < parameters.getParameter().size(); i++) {
      Parameters.ParametersParameterComponent parameter = parameters.getParameter().get(i);
      String at = "Parameters.parameter[" + i + "]";
      Resource resource = parameter.getResource();
      String name = parameter.getName() == null ? "" : parameter.getName();
      switch (name) {
        case "response" -> {
          if (resource instanceof QuestionnaireResponse response) {
            responses.put(at + ".resource", response);
          } else {
            issues.add(FhirIssue.error(IssueType.INVALID, at, "response must hold a"
                + " QuestionnaireResponse"));
          }
        }
        case "questionnaire" -> {
          if (resource instanceof Questionnaire questionnaire) {
            questionnaires.add(questionnaire);
          } else {
            issues.add(FhirIssue.error(IssueType.INVALID, at, "questionnaire must hold a"
                + " Questionnaire"));
          }
        }
        case "condition" -> {
          if (resource instanceof Condition condition) {
            condition(condition, at, conditions, issues);
          } else {
            issues.add(FhirIssue.error(IssueType.INVALID, at, "condition must hold a"
                + " Condition"));
          }
        }
        default -> issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, at + ".name",
            "unknown parameter '" + name + "'; $assess takes response, questionnaire and"
                + " condition"));
      }
    }
    if (responses.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters",
          "at least one response parameter is required"));
    }
    if (!issues.isEmpty()) {
      throw new FhirProblem(400, issues);
    }
  }

  /**
   * A known condition, coded in RecoveryLink's known-condition system. SNOMED CT diagnoses need
   * the primary-care code lists (e.g. MH_COD) as configuration; until then they are refused, not
   * silently ignored.
   */
  private static void condition(Condition condition, String at, Set<KnownCondition> conditions,
      List<FhirIssue> issues) {
    for (Coding coding : condition.getCode().getCoding()) {
      var known = CodeSystems.decode(CodeSystems.KNOWN_CONDITION, coding, KnownCondition.class);
      if (known.isPresent()) {
        conditions.add(known.get());
        return;
      }
    }
    issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, at + ".resource.code", "the condition"
        + " is not coded in " + CodeSystems.KNOWN_CONDITION + "; SNOMED CT diagnosis lists are"
        + " not configured on this server yet"));
  }

  @Override
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("QuestionnaireResponse");
    resource.addOperation().setName("assess")
        .setDefinition("https://recoverylink.org/fhir/OperationDefinition/assess")
        .setDocumentation("Score, advise and flag: a QuestionnaireResponse, or Parameters with"
            + " response, questionnaire and condition; answers the result Bundle.");
  }
}
