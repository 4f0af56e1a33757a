package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.fhir.conformance.Operations;
import org.recoverylink.fhir.conformance.UkCore;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.conformance.Definitions;

/**
 * Writes {@code docs/fhir-reference.md} from the definitions the server serves, with an example
 * request and answer for every operation that this test sends to a running server (fixed clock)
 * and validates, request and answer, against the published package with zero errors. The test
 * fails when the committed file is not what the code gives; run it with
 * {@code -Drecoverylink.docs.write=true} to write the file anew.
 */
class ReferenceDocsTest {

  private static final Instant AT = Instant.parse("2026-11-20T16:05:00Z");
  private static final Path DOC = Path.of("..", "docs", "fhir-reference.md");
  private static final String PUBLIC_BASE = "https://recoverylink.example/fhir";
  private static final String GP = "A81001";
  private static final String PHARMACY = "FA123";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.with(settings -> settings.clock(
      Clock.fixed(AT, ZoneOffset.UTC)));

  private final List<String> problems = new ArrayList<>();

  @Test
  void theReferenceIsWhatTheCodeGivesAndEveryExampleIsAnsweredAndValid() throws Exception {
    String generated = reference();
    assertEquals(List.of(), problems);
    if (Boolean.getBoolean("recoverylink.docs.write")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertEquals(generated, Files.readString(DOC, StandardCharsets.UTF_8), DOC + " is out of"
        + " date: run this test with -Drecoverylink.docs.write=true and commit the file");
  }

  private String reference() throws Exception {
    StringBuilder doc = new StringBuilder();
    doc.append("# FHIR reference\n\n")
        .append("<!-- Written by ReferenceDocsTest from the definitions the server serves;"
            + " do not edit by hand. -->\n\n")
        .append("Every operation RecoveryLink defines, with its parameters and an example a test"
            + " sends to the server and checks; every profile of what the server writes; every"
            + " extension and code system of ours. The same definitions are served, without a"
            + " token, at `GET [base]/StructureDefinition`, `CodeSystem`, `ValueSet` and"
            + " `OperationDefinition` (each searchable by `url`, `_id` and `name`, and readable"
            + " by id), and packaged as the FHIR package `" + Definitions.PACKAGE_NAME + "`"
            + " (`" + Definitions.PACKAGE + "` inside the server jar), which HAPI's"
            + " `NpmPackageValidationSupport` and other FHIR tools load. Example answers show"
            + " each generated id as `" + ID + "`, a client's pseudonym as `" + PSEUDONYM
            + "` and the server as `" + PUBLIC_BASE + "`.\n\n");
    doc.append("## Operations\n\n");
    for (MetadataResource resource : Definitions.all()) {
      if (resource instanceof OperationDefinition operation) {
        operation(doc, operation);
      }
    }
    doc.append("## Profiles\n\n").append("What the server writes declares its profile in"
        + " `meta.profile`. A profile of a resource that UK Core (" + UkCore.PACKAGE_NAME + " "
        + UkCore.PACKAGE_VERSION + ") profiles derives from UK Core's profile, named beside it;"
        + " the others derive from base FHIR R4. Elements not listed are as the base has"
        + " them.\n\n");
    for (MetadataResource resource : Definitions.all()) {
      if (resource instanceof StructureDefinition definition
          && definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
        structure(doc, definition);
      }
    }
    doc.append("## Data types\n\n").append("Profiles of the values some operation"
        + " parameters hold (named by the parameter's `operationdefinition-profile`"
        + " extension).\n\n");
    for (MetadataResource resource : Definitions.all()) {
      if (resource instanceof StructureDefinition definition
          && definition.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE
          && !definition.getType().equals("Extension")) {
        structure(doc, definition);
      }
    }
    doc.append("## Extensions\n\n");
    for (MetadataResource resource : Definitions.all()) {
      if (resource instanceof StructureDefinition definition
          && definition.getType().equals("Extension")) {
        structure(doc, definition);
      }
    }
    doc.append("## Code systems\n\n").append("Each has a value set of all its codes at the"
        + " same path under `ValueSet/`.\n\n");
    for (MetadataResource resource : Definitions.all()) {
      if (resource instanceof CodeSystem codes) {
        doc.append("### ").append(codes.getTitle()).append("\n\n`").append(codes.getUrl())
            .append("` - ").append(codes.getDescription()).append("\n\n| Code | Display |\n")
            .append("| --- | --- |\n");
        codes.getConcept().forEach(c -> doc.append("| `").append(c.getCode()).append("` | ")
            .append(cell(c.getDisplay())).append(" |\n"));
        doc.append("\n");
      }
    }
    return doc.toString();
  }

  private void operation(StringBuilder doc, OperationDefinition operation) throws Exception {
    Example example = example(operation.getIdPart());
    doc.append("### $").append(operation.getCode()).append(" - ").append(operation.getTitle())
        .append("\n\n`POST [base]/").append(example.path().replaceAll(UUID, ID)).append("` - ")
        .append(operation.getDescription()).append(" Definition: `").append(operation.getUrl())
        .append("`. Token role: ").append(example.role().name().toLowerCase()).append(".")
        .append(operation.hasInputProfile() ? " The rules across its parameters: `"
            + operation.getInputProfile() + "`." : "").append("\n\n");
    parameters(doc, operation, "in", "In");
    parameters(doc, operation, "out", "Out");
    HttpResponse<String> answer = SERVER.hub().send("POST", example.path(), example.role(),
        example.org(), example.body());
    check("request of " + operation.getCode(), example.body());
    IBaseResource answered = TestHub.FHIR.newJsonParser().parseResource(answer.body());
    check("answer of " + operation.getCode(), answered);
    if (answer.statusCode() / 100 != 2) {
      problems.add(operation.getCode() + " answered " + answer.statusCode() + ": "
          + answer.body());
    }
    doc.append("Example request:\n\n```json\n").append(pretty(example.body()))
        .append("\n```\n\nIts answer, ").append(answer.statusCode()).append(":\n\n```json\n")
        .append(pretty(answered)).append("\n```\n\n");
  }

  private static void parameters(StringBuilder doc, OperationDefinition operation, String use,
      String heading) {
    doc.append("| ").append(heading).append(" | Card. | Type | What |\n| --- | --- | --- | --- |\n");
    for (OperationDefinitionParameterComponent parameter : operation.getParameter()) {
      if (parameter.getUse().toCode().equals(use)) {
        row(doc, "`" + parameter.getName() + "`", parameter);
        parameter.getPart().forEach(part -> row(doc, "`" + parameter.getName() + "."
            + part.getName() + "`", part));
      }
    }
    doc.append("\n");
  }

  private static void row(StringBuilder doc, String name,
      OperationDefinitionParameterComponent parameter) {
    String type = parameter.hasType() ? parameter.getType() : "(parts)";
    if (parameter.getBinding().hasValueSet()) {
      type += " from `" + parameter.getBinding().getValueSet() + "`";
    }
    if (parameter.hasExtension(Operations.PARAMETER_PROFILE)) {
      type += " `" + parameter.getExtensionByUrl(Operations.PARAMETER_PROFILE).getValue()
          .primitiveValue() + "`";
    }
    doc.append("| ").append(name).append(" | ").append(parameter.getMin()).append("..")
        .append(parameter.getMax()).append(" | ").append(type).append(" | ")
        .append(cell(parameter.getDocumentation())).append(" |\n");
  }

  private static void structure(StringBuilder doc, StructureDefinition definition) {
    doc.append("### ").append(definition.getTitle()).append("\n\n`").append(definition.getUrl())
        .append("` (").append(definition.getType())
        .append(definition.getBaseDefinition().startsWith(UkCore.STRUCTURE_BASE)
            ? ", derived from `" + definition.getBaseDefinition() + "`" : "").append(") - ")
        .append(definition.getDescription()).append("\n\n| Element | Card. | Constraint | What |\n")
        .append("| --- | --- | --- | --- |\n");
    for (ElementDefinition element : definition.getDifferential().getElement()) {
      if (element.getId().equals(definition.getType()) && !element.hasConstraint()) {
        continue;
      }
      String card = element.hasMin() || element.hasMax()
          ? (element.hasMin() ? element.getMin() : "") + ".." + (element.hasMax()
              ? element.getMax() : "") : "";
      List<String> constraint = new ArrayList<>();
      element.getType().forEach(t -> constraint.add(t.getCode() + (t.hasProfile() ? " `"
          + t.getProfile().get(0).getValue() + "`" : "")));
      if (element.hasFixed()) {
        constraint.add("= " + value(element.getFixed()));
      }
      if (element.hasPattern()) {
        constraint.add("= " + value(element.getPattern()));
      }
      if (element.getBinding().hasValueSet()) {
        constraint.add(element.getBinding().getStrength().toCode() + " `"
            + element.getBinding().getValueSet() + "`");
      }
      element.getExample().forEach(e -> constraint.add("e.g. " + value(e.getValue())));
      element.getConstraint().forEach(c -> constraint.add(c.getKey() + ": `"
          + c.getExpression() + "`"));
      if (element.hasSlicing()) {
        constraint.add("sliced by " + element.getSlicing().getDiscriminatorFirstRep()
            .getPath());
      }
      doc.append("| `").append(element.getId()).append("` | ").append(card).append(" | ")
          .append(String.join("; ", constraint)).append(" | ")
          .append(cell(element.hasShort() ? element.getShort() : "")).append(" |\n");
    }
    doc.append("\n");
  }

  private static String value(Type value) {
    if (value.isPrimitive()) {
      return "`" + value.primitiveValue() + "`";
    }
    return "`" + TestHub.FHIR.newJsonParser().encodeToString(value) + "`";
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  private void check(String what, IBaseResource resource) {
    ServerValidator.get().errors(resource).forEach(e -> problems.add(what + ": " + e));
  }

  /** Shown as {@code ID}: every UUID, as each run makes new ones. */
  private static final String ID = "00000000-0000-0000-0000-000000000000";
  /** Shown for a client's pseudonym, a keyed hash whose key each server makes its own. */
  private static final String PSEUDONYM = "(the client code's pseudonym)";
  private static final String UUID =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private static String pretty(IBaseResource resource) {
    return TestHub.FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource)
        .replace(SERVER.base().toString(), PUBLIC_BASE)
        .replaceAll(UUID, ID).replaceAll("\\b[0-9a-f]{64}\\b", PSEUDONYM);
  }

  /** How an operation is called in its example. */
  private record Example(String path, Role role, String org, IBaseResource body) {
  }

  private Example example(String operation) throws Exception {
    return switch (operation) {
      case "assess" -> new Example("QuestionnaireResponse/$assess", Role.GP, GP,
          TestHub.FHIR.newJsonParser().parseResource(QuestionnaireResponse.class,
              Files.readString(Path.of("..", "examples", "src", "main", "resources",
                  "examples", "audit-response.json"))));
      case "route" -> {
        Parameters in = new Parameters();
        Patient patient = new Patient().setBirthDateElement(new DateType("1985-04-02"));
        patient.addAddress().setPostalCode("CM1 1ES");
        in.addParameter().setName("patient").setResource(patient);
        in.addParameter().setName("substance").setValue(new Coding(CodeSystems.SUBSTANCE,
            "alcohol", null));
        yield new Example("ServiceRequest/$route", Role.GP, GP, in);
      }
      case "ost-check" -> {
        registerPrescription();
        yield new Example("MedicationDispense/$check?prescription=MedicationRequest/"
            + prescriptionId + "&date=2026-11-20", Role.PHARMACY, PHARMACY, new Parameters()
            .addParameter("intoxicated", false));
      }
      case "prescriber-review" -> {
        registerPrescription();
        Parameters in = new Parameters();
        in.addParameter().setName("prescription").setValue(new StringType("rx-2026-0001"));
        in.addParameter().setName("date").setValue(new DateType("2026-11-20"));
        in.addParameter().setName("id").setValue(new StringType(
            "5b0e6a1c-3f1d-4c59-9a55-0e8f2b7c4d11"));
        yield new Example("MedicationRequest/$prescriber-review", Role.PHARMACY, PHARMACY, in);
      }
      case "nsp-transaction" -> new Example(NspResources.OPERATION, Role.PHARMACY, PHARMACY,
          NspResources.toParameters(Examples.fullVisit(PHARMACY)));
      case "naloxone-supply" -> new Example(NaloxoneResources.OPERATION, Role.PHARMACY,
          PHARMACY, NaloxoneResources.toParameters(Examples.firstSupply(PHARMACY)));
      default -> throw new AssertionError("no example for " + operation);
    };
  }

  private String prescriptionId;

  /** The OST prescription the OST examples are about, registered once. */
  private void registerPrescription() throws Exception {
    if (prescriptionId != null) {
      return;
    }
    OstPrescription prescription = new OstPrescription("rx-2026-0001", "9434765919",
        OstMedicine.METHADONE, new BigDecimal("60"), InstalmentSchedule.daily(),
        Optional.of(LocalDate.of(2026, 11, 22)), LocalDate.of(2026, 11, 16),
        LocalDate.of(2026, 11, 29), new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER,
            "Dr A Patel", "F81001"), new Contact(Contact.Role.KEYWORKER, "Sam Jones",
            "phoenix-futures"));
    HttpResponse<String> registered = SERVER.hub().send("POST", "MedicationRequest",
        Role.PHARMACY, PHARMACY, OstResources.write(prescription));
    assertEquals(201, registered.statusCode(), registered.body());
    String location = registered.headers().firstValue("Location").orElseThrow();
    prescriptionId = location.replaceAll(".*/MedicationRequest/([^/]+).*", "$1");
  }
}
