package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/**
 * A client that knows FHIR R4 and nothing of RecoveryLink's code: from the CapabilityStatement
 * it finds an operation's OperationDefinition, and from that alone - each required parameter's
 * type, the value set it is bound to (its code system's first code), the profile of its type
 * ({@code operationdefinition-profile}: fixed values and the example) and the rules across
 * parameters in its {@code inputProfile} (met by adding optional parameters in turn) - builds
 * the request, and the server records it (201). Of itself the client knows only what any NHS system knows: its
 * own ODS code, and the time.
 */
class DefinitionDrivenClientTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
  private static final String PARAMETER_PROFILE =
      "http://hl7.org/fhir/StructureDefinition/operationdefinition-profile";
  private static final String OWN_ODS = "FB789";
  private static final String CODE_SYSTEMS = "https://recoverylink.org/fhir/CodeSystem/";
  /** A valid NHS number (check digit 9), of the client's own patient. */
  private static final String NHS_NUMBER = "9434765919";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  @ParameterizedTest
  @ValueSource(strings = {"nsp-transaction", "naloxone-supply"})
  void aClientBuildsTheRequestFromTheDefinitionAloneAndItIsRecorded(String name)
      throws Exception {
    CapabilityStatement statement = get("metadata", CapabilityStatement.class);
    String definition = statement.getRestFirstRep().getOperation().stream()
        .filter(o -> o.getName().equals(name)).findFirst().orElseThrow().getDefinition();
    OperationDefinition operation = byUrl(OperationDefinition.class, definition);

    Parameters request = new Parameters();
    List<OperationDefinitionParameterComponent> optional = new ArrayList<>();
    for (OperationDefinitionParameterComponent parameter : operation.getParameter()) {
      if (parameter.getUse() == OperationDefinition.OperationParameterUse.IN) {
        if (parameter.getMin() > 0) {
          fill(request.addParameter().setName(parameter.getName()), parameter);
        } else {
          optional.add(parameter);
        }
      }
    }
    // the operation's inputProfile holds its rules across parameters: the request claims it,
    // and what a rule wants that the required parameters lack, an optional one gives
    if (operation.hasInputProfile()) {
      request.getMeta().addProfile(operation.getInputProfile());
    }
    for (OperationDefinitionParameterComponent parameter : optional) {
      if (ServerValidator.get().errors(request).isEmpty()) {
        break;
      }
      fill(request.addParameter().setName(parameter.getName()), parameter);
    }
    assertEquals(List.of(), ServerValidator.get().errors(request));

    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.base()
            + "/$" + operation.getCode()))
        .header("Authorization", "Bearer " + SERVER.hub().token(Role.PHARMACY, OWN_ODS))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(TestHub.FHIR.newJsonParser()
            .encodeResourceToString(request))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, answer.statusCode(), TestHub.FHIR.newJsonParser().setPrettyPrint(true)
        .encodeResourceToString(request) + "\n" + answer.body());
    Parameters recorded = TestHub.FHIR.newJsonParser().parseResource(Parameters.class,
        answer.body());
    assertEquals(List.of(), ServerValidator.get().errors(recorded));
    for (OperationDefinitionParameterComponent out : operation.getParameter()) {
      if (out.getUse() == OperationDefinition.OperationParameterUse.OUT && out.getMin() > 0) {
        assertNotNull(recorded.getParameter(out.getName()), out.getName() + " answered");
      }
    }
  }

  /**
   * An OST prescription, from the profile the CapabilityStatement names for MedicationRequest:
   * the client brings its clinical facts (methadone, 60 mg a day, collected Monday to Saturday,
   * its patient, prescriber and keyworker); where each goes, the fixed systems and values, the
   * extensions' urls and value types and the codes come from the served definitions.
   */
  @Test
  void aClientBuildsAnOstPrescriptionFromTheProfileAndItIsRegistered() throws Exception {
    CapabilityStatement statement = get("metadata", CapabilityStatement.class);
    List<String> profiles = statement.getRestFirstRep().getResource().stream()
        .filter(r -> r.getType().equals("MedicationRequest")).findFirst().orElseThrow()
        .getSupportedProfile().stream().map(p -> p.getValue()).toList();
    assertEquals(1, profiles.size(), profiles.toString());
    StructureDefinition profile = byUrl(StructureDefinition.class, profiles.get(0));
    String at = "MedicationRequest";

    MedicationRequest prescription = new MedicationRequest();
    prescription.getMeta().addProfile(profile.getUrl());
    prescription.addIdentifier().setSystem(fixedUri(profile, at + ".identifier:prescription"
        + ".system")).setValue("RX-" + System.nanoTime());
    prescription.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(
        ((CodeType) element(profile, at + ".status").getPattern()).getValue()));
    prescription.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    // "a contained Medication or a concept, coded in ost-medicine"
    prescription.setMedication(new CodeableConcept(concept(CODE_SYSTEMS + "ost-medicine",
        "methadone")));
    prescription.getSubject().getIdentifier().setSystem(((UriType) element(profile,
        at + ".subject.identifier.system").getPattern()).getValue()).setValue(NHS_NUMBER);
    // "the prescriber: a contained PractitionerRole (role coded in ost-contact-role, the
    // person by display, the organisation by identifier)"
    prescription.setRequester(contact(prescription, "prescriber", "Dr A Jones", "A81001"));
    Extension keyworker = extensionSlice(profile, at + ".extension:keyworker");
    prescription.addExtension(keyworker.setValue(contact(prescription, "keyworker",
        "S Patel", "phoenix-futures")));
    prescription.addDosageInstruction().addDoseAndRate().setDose(new Quantity()
        .setValue(60).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));
    prescription.getDosageInstructionFirstRep().getTiming().getRepeat().setFrequency(1)
        .setPeriod(1).setPeriodUnit(org.hl7.fhir.r4.model.Timing.UnitsOfTime.D);
    for (String day : List.of("mon", "tue", "wed", "thu", "fri", "sat")) {
      Extension collection = extensionSlice(profile,
          at + ".dispenseRequest.extension:collectionDay");
      collection.setValue(new CodeType(day));
      prescription.getDispenseRequest().addExtension(collection);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    prescription.getDispenseRequest().getValidityPeriod()
        .setStartElement(new DateTimeType(today.toString()))
        .setEndElement(new DateTimeType(today.plusDays(13).toString()));
    // UK Core's profile, which ours derives from, asks whether substitution is allowed
    prescription.getSubstitution().setAllowed(new BooleanType(false));
    assertEquals(List.of(), ServerValidator.get().errors(prescription));

    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.base()
            + "/MedicationRequest"))
        .header("Authorization", "Bearer " + SERVER.hub().token(Role.PHARMACY, OWN_ODS))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(TestHub.FHIR.newJsonParser()
            .encodeResourceToString(prescription))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, answer.statusCode(), TestHub.FHIR.newJsonParser().setPrettyPrint(true)
        .encodeResourceToString(prescription) + "\n" + answer.body());
    assertEquals(List.of(), ServerValidator.get().errors(TestHub.FHIR.newJsonParser()
        .parseResource(MedicationRequest.class, answer.body())));
  }

  /** A contained PractitionerRole: its role coded in ost-contact-role, as the profile says. */
  private Reference contact(MedicationRequest prescription, String role, String name,
      String organisation) throws Exception {
    PractitionerRole contact = new PractitionerRole();
    contact.setId(role);
    contact.addCode(new CodeableConcept(concept(CODE_SYSTEMS + "ost-contact-role", role)));
    contact.getPractitioner().setDisplay(name);
    contact.getOrganization().getIdentifier().setSystem(ODS).setValue(organisation);
    prescription.addContained(contact);
    return new Reference("#" + role);
  }

  /** The code system's concept whose code or display names {@code what}. */
  private Coding concept(String system, String what) throws Exception {
    CodeSystem codes = byUrl(CodeSystem.class, system);
    CodeSystem.ConceptDefinitionComponent found = codes.getConcept().stream()
        .filter(c -> c.getCode().equalsIgnoreCase(what)
            || c.getDisplay().toLowerCase(java.util.Locale.ROOT).contains(what))
        .findFirst().orElseThrow(() -> new AssertionError(system + " has no " + what));
    return new Coding(system, found.getCode(), found.getDisplay());
  }

  /** An empty extension of the slice's url, checked to take a value. */
  private Extension extensionSlice(StructureDefinition profile, String id) throws Exception {
    String url = element(profile, id).getTypeFirstRep().getProfile().get(0).getValue();
    StructureDefinition extension = byUrl(StructureDefinition.class, url);
    assertEquals(1, element(extension, "Extension.value[x]").getMin(), url);
    return new Extension(url);
  }

  private static String fixedUri(StructureDefinition profile, String id) {
    return ((UriType) element(profile, id).getFixed()).getValue();
  }

  /** A parameter (or part) as its definition asks: its required parts, or a value. */
  private void fill(ParametersParameterComponent given,
      OperationDefinitionParameterComponent definition) throws Exception {
    if (!definition.hasType()) {
      for (OperationDefinitionParameterComponent part : definition.getPart()) {
        if (part.getMin() > 0) {
          fill(given.addPart().setName(part.getName()), part);
        }
      }
      return;
    }
    given.setValue(value(definition));
  }

  private Type value(OperationDefinitionParameterComponent definition) throws Exception {
    Extension profiled = definition.getExtensionByUrl(PARAMETER_PROFILE);
    StructureDefinition profile = profiled == null ? null : byUrl(StructureDefinition.class,
        profiled.getValue().primitiveValue());
    return switch (definition.getType()) {
      case "Coding" -> firstCode(definition.getBinding().getValueSet());
      case "integer" -> new IntegerType(1);
      case "boolean" -> new BooleanType(false);
      case "date" -> new DateType(LocalDate.now(ZoneOffset.UTC).toString());
      // an Instant prints its seconds even when they are zero; an OffsetDateTime drops them
      case "dateTime" -> new DateTimeType(Instant.now().truncatedTo(ChronoUnit.SECONDS)
          .toString());
      case "string" -> new StringType(example(profile, "string.value").primitiveValue());
      case "Identifier" -> {
        String system = ((UriType) element(profile, "Identifier.system").getFixed())
            .getValue();
        yield new Identifier().setSystem(system).setValue(system.equals(ODS) ? OWN_ODS
            : example(profile, "Identifier.value").primitiveValue());
      }
      default -> throw new AssertionError("a type this client does not build: "
          + definition.getType());
    };
  }

  private Coding firstCode(String valueSetUrl) throws Exception {
    ValueSet valueSet = byUrl(ValueSet.class, valueSetUrl);
    String system = valueSet.getCompose().getIncludeFirstRep().getSystem();
    CodeSystem codes = byUrl(CodeSystem.class, system);
    CodeSystem.ConceptDefinitionComponent first = codes.getConcept().get(0);
    return new Coding(system, first.getCode(), first.getDisplay());
  }

  private static ElementDefinition element(StructureDefinition profile, String id) {
    return profile.getDifferential().getElement().stream().filter(e -> e.getId().equals(id))
        .findFirst().orElseThrow(() -> new AssertionError(profile.getUrl() + " has no " + id));
  }

  private static Type example(StructureDefinition profile, String id) {
    return element(profile, id).getExampleFirstRep().getValue();
  }

  private static <T extends Resource> T get(String path, Class<T> type) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.base()
        + "/" + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), path + ": " + answer.body());
    return TestHub.FHIR.newJsonParser().parseResource(type, answer.body());
  }

  private static <T extends MetadataResource> T byUrl(Class<T> type, String url)
      throws Exception {
    Bundle found = get(type.getSimpleName() + "?url="
        + URLEncoder.encode(url, StandardCharsets.UTF_8), Bundle.class);
    assertEquals(1, found.getTotal(), url);
    return type.cast(found.getEntryFirstRep().getResource());
  }
}
