package org.recoverylink.benchmarks.peer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * The peer of the load benchmark: what a FHIR integrator would stand up with HAPI's plain server
 * in an afternoon. Its {@code $assess} parses the response, sums the ordinal values of the
 * answers and returns an Observation, a GuidanceResponse and a RequestGroup in a Bundle: no
 * authentication, no rules, no audit. Only for measuring side by side; never shipped.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar
 * org.recoverylink.benchmarks.peer.PlainHapiServer [port]} serves {@code /fhir} on loopback.
 */
public final class PlainHapiServer {

  private PlainHapiServer() {
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    RestfulServer fhir = new RestfulServer(FhirContext.forR4());
    fhir.setResourceProviders(List.of(new AssessProvider()));
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    jetty.setHandler(context);
    jetty.setStopAtShutdown(true);
    jetty.start();
    System.out.println("plain HAPI server ready at http://127.0.0.1:" + port + "/fhir");
    jetty.join();
  }

  /** {@code POST /fhir/QuestionnaireResponse/$assess}. */
  public static final class AssessProvider implements IResourceProvider {

    /** Answer code to points, from the ordinal values of the AUDIT form's options. */
    private final Map<String, Integer> points = new HashMap<>();

    AssessProvider() {
      Questionnaire audit = Questionnaires.find("audit").orElseThrow();
      for (Questionnaire.QuestionnaireItemComponent item : audit.getItem()) {
        for (Questionnaire.QuestionnaireItemAnswerOptionComponent option
            : item.getAnswerOption()) {
          Type ordinal = option.getExtensionByUrl(Questionnaires.ORDINAL_VALUE).getValue();
          points.put(item.getLinkId() + "|" + option.getValueCoding().getCode(),
              ((DecimalType) ordinal).getValue().intValue());
        }
      }
    }

    @Override
    public Class<QuestionnaireResponse> getResourceType() {
      return QuestionnaireResponse.class;
    }

    @Operation(name = "$assess")
    public Bundle assess(@ResourceParam QuestionnaireResponse response) {
      int total = 0;
      for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : response.getItem()) {
        for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer
            : item.getAnswer()) {
          Coding coding = answer.getValueCoding();
          total += points.getOrDefault(item.getLinkId() + "|" + coding.getCode(), 0);
        }
      }
      Observation score = new Observation().setStatus(Observation.ObservationStatus.FINAL)
          .setValue(new IntegerType(total));
      score.getCode().addCoding().setSystem("http://loinc.org").setCode("75624-7");
      score.setId(UUID.randomUUID().toString());
      RequestGroup actions = new RequestGroup()
          .setStatus(RequestGroup.RequestStatus.ACTIVE)
          .setIntent(RequestGroup.RequestIntent.PROPOSAL);
      actions.setId(UUID.randomUUID().toString());
      actions.addAction().setTitle(total >= 8 ? "Give brief advice" : "Give feedback");
      GuidanceResponse guidance = new GuidanceResponse()
          .setStatus(GuidanceResponse.GuidanceResponseStatus.SUCCESS)
          .setModule(new org.hl7.fhir.r4.model.UriType("urn:peer:assess"))
          .setResult(new Reference("urn:uuid:" + actions.getIdPart()));
      guidance.setId(UUID.randomUUID().toString());
      Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
      for (Resource resource : List.of(score, guidance, actions)) {
        bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdPart()).setResource(resource);
      }
      return bundle;
    }
  }
}
