package org.recoverylink.fhir.pharmacy;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;

/** What the needle exchange and naloxone mappings share: writing and reading values. */
final class Values {

  static final String URN_UUID = "urn:uuid:";

  private Values() {
  }

  /** The pseudonymous Patient: the client code as its only identifier, nothing else. */
  static Patient patient(ClientCode client) {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(HarmReductionCodes.CLIENT_CODE).setValue(client.value());
    return patient;
  }

  /**
   * The answer with the client code of each Patient of its {@code record} Bundle replaced by
   * the code's pseudonym ({@link HarmReductionCodes#CLIENT_PSEUDONYM}): what the server
   * answers and stores.
   */
  static Parameters pseudonymised(Parameters answer,
      Function<ClientCode, ClientPseudonym> pseudonyms) {
    if (answer.getParameter("record") != null
        && answer.getParameter("record").getResource() instanceof Bundle record) {
      for (Bundle.BundleEntryComponent entry : record.getEntry()) {
        if (entry.getResource() instanceof Patient patient) {
          for (Identifier identifier : patient.getIdentifier()) {
            if (HarmReductionCodes.CLIENT_CODE.equals(identifier.getSystem())) {
              identifier.setSystem(HarmReductionCodes.CLIENT_PSEUDONYM).setValue(pseudonyms
                  .apply(ClientCode.parse(identifier.getValue())).value());
            }
          }
        }
      }
    }
    return answer;
  }

  /** A logical reference to the organisation with this ODS code. */
  static Reference organisation(String ods) {
    return new Reference().setType("Organization").setIdentifier(new Identifier()
        .setSystem(Systems.ODS).setValue(ods));
  }

  /** The instant with the offset it was given in, to the second. */
  static DateTimeType dateTime(OffsetDateTime at) {
    return new DateTimeType(java.util.Date.from(at.toInstant()), TemporalPrecisionEnum.SECOND,
        TimeZone.getTimeZone(at.getOffset()));
  }

  static Coding coding(String system, Coded value) {
    return new Coding(system, value.code(), value.display());
  }

  static CodeableConcept concept(String system, Coded value) {
    return new CodeableConcept(coding(system, value));
  }

  static CodeableConcept event(String code) {
    return new CodeableConcept(new Coding(HarmReductionCodes.EVENT, code,
        HarmReductionCodes.display(code)));
  }

  /** A stable urn:uuid for one part of one event, so writing the event twice gives one Bundle. */
  static String urn(String eventId, String part) {
    return URN_UUID + UUID.nameUUIDFromBytes((eventId + "/" + part)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Adds {@code resource} to a collection Bundle under {@code urn}, its id the UUID. */
  static Reference add(Bundle bundle, String urn, Resource resource) {
    resource.setId(urn.substring(URN_UUID.length()));
    bundle.addEntry().setFullUrl(urn).setResource(resource);
    return new Reference(urn);
  }

  static ParametersParameterComponent part(String name, Type value) {
    return new ParametersParameterComponent().setName(name).setValue(value);
  }

  /**
   * Reads values, noting every problem with its FHIRPath; the reading of one event. Not
   * thread-safe.
   */
  static final class Reader {

    final List<FhirIssue> issues = new ArrayList<>();
    /** The paths of what has a problem already: core's "required" about them is not repeated. */
    private final Set<String> troubled = new java.util.HashSet<>();

    void problem(IssueType type, String at, String message) {
      issues.add(FhirIssue.error(type, at, message));
      troubled.add(at);
    }

    boolean troubled(String at) {
      return troubled.stream().anyMatch(t -> t.equals(at) || t.startsWith(at + "."));
    }

    /** A value that must be there: its absence is a problem. */
    <T> Optional<T> required(Optional<T> value, String at, String what) {
      if (value.isEmpty() && !troubled(at)) {
        problem(IssueType.REQUIRED, at, what + " is required");
      }
      return value;
    }

    Optional<String> string(Type value, String at) {
      if (value == null) {
        return Optional.empty();
      }
      if ((value instanceof StringType || value instanceof CodeType
          || value instanceof org.hl7.fhir.r4.model.IdType) && value.primitiveValue() != null
          && !value.primitiveValue().isBlank()) {
        return Optional.of(value.primitiveValue().strip());
      }
      problem(IssueType.INVALID, at, "a non-empty valueString is expected");
      return Optional.empty();
    }

    /** The value of an Identifier in {@code system} (or without one), or of a string. */
    Optional<String> identifier(Type value, String at, String system) {
      if (value instanceof Identifier identifier) {
        if (identifier.hasSystem() && !system.equals(identifier.getSystem())) {
          problem(IssueType.VALUE, at + ".system", "the identifier's system must be " + system);
          return Optional.empty();
        }
        if (!identifier.hasValue() || identifier.getValue().isBlank()) {
          problem(IssueType.REQUIRED, at + ".value", "the identifier has no value");
          return Optional.empty();
        }
        return Optional.of(identifier.getValue().strip());
      }
      return string(value, at);
    }

    Optional<OffsetDateTime> dateTime(Type value, String at) {
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof DateTimeType dateTime && dateTime.hasValue()
          && dateTime.getPrecision().ordinal() >= TemporalPrecisionEnum.SECOND.ordinal()) {
        try {
          return Optional.of(OffsetDateTime.parse(dateTime.getValueAsString()));
        } catch (DateTimeParseException e) {
          // no offset: falls through
        }
      }
      problem(IssueType.VALUE, at, "a dateTime to the second with its UTC offset is expected,"
          + " e.g. 2026-11-20T09:40:00+00:00");
      return Optional.empty();
    }

    Optional<Integer> integer(Type value, String at) {
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof IntegerType integer && integer.hasValue()) {
        return Optional.of(integer.getValue());
      }
      problem(IssueType.INVALID, at, "a valueInteger is expected");
      return Optional.empty();
    }

    Optional<Boolean> bool(Type value, String at) {
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof BooleanType bool && bool.hasValue()) {
        return Optional.of(bool.getValue());
      }
      problem(IssueType.INVALID, at, "a valueBoolean is expected");
      return Optional.empty();
    }

    /** A code of {@code type}: a valueCode, or a valueCoding in {@code system}. */
    <E extends Enum<E> & Coded> Optional<E> code(Type value, String at, String system,
        Class<E> type) {
      if (value == null) {
        return Optional.empty();
      }
      String code = null;
      if (value instanceof CodeType given && given.hasValue()) {
        code = given.getValue();
      } else if (value instanceof Coding coding && coding.hasCode()
          && (!coding.hasSystem() || system.equals(coding.getSystem()))) {
        code = coding.getCode();
      } else if (value instanceof CodeableConcept concept) {
        return codeIn(concept, at, system, type);
      }
      if (code == null) {
        problem(IssueType.INVALID, at, "a valueCode, or a valueCoding in " + system
            + ", is expected");
        return Optional.empty();
      }
      Optional<E> found = Coded.fromCode(type, code);
      if (found.isEmpty()) {
        problem(IssueType.CODEINVALID, at, "not a code of " + system);
      }
      return found;
    }

    /** The code of {@code type} in a CodeableConcept's coding in {@code system}. */
    <E extends Enum<E> & Coded> Optional<E> codeIn(CodeableConcept concept, String at,
        String system, Class<E> type) {
      for (Coding coding : concept.getCoding()) {
        if (system.equals(coding.getSystem())) {
          Optional<E> found = Coded.fromCode(type, coding.getCode());
          if (found.isEmpty()) {
            problem(IssueType.CODEINVALID, at, "not a code of " + system);
          }
          return found;
        }
      }
      problem(IssueType.CODEINVALID, at, "a coding in " + system + " is expected");
      return Optional.empty();
    }

    /**
     * Parameters (or parts) by name, each with its path; an unknown name is a problem.
     *
     * @param at    the path of the list's owner, e.g. {@code Parameters} or
     *              {@code Parameters.parameter[3]}
     * @param list  the list's element, {@code parameter} or {@code part}
     * @param names the names taken
     */
    Map<String, List<Located>> byName(List<ParametersParameterComponent> given, String at,
        String list, String... names) {
      Map<String, List<Located>> byName = new LinkedHashMap<>();
      for (String name : names) {
        byName.put(name, new ArrayList<>());
      }
      for (int i = 0; i < given.size(); i++) {
        String path = at + "." + list + "[" + i + "]";
        String name = given.get(i).getName() == null ? "" : given.get(i).getName();
        if (byName.containsKey(name)) {
          byName.get(name).add(new Located(given.get(i), path));
        } else {
          problem(IssueType.NOTSUPPORTED, path + ".name", "unknown " + list + " " + Quote.of(name)
              + "; the names taken are " + String.join(", ", byName.keySet()));
        }
      }
      return byName;
    }

    /**
     * Turns core's refusal into issues: each problem at the path {@code where} gives for its
     * field, unless something there was reported already.
     */
    void refused(InvalidPharmacyDataException refused, Function<String, String> where) {
      for (Problem problem : refused.problems()) {
        String at = where.apply(problem.field());
        if (!(problem.message().equals("required") && troubled(at))) {
          issues.add(FhirIssue.error(IssueType.BUSINESSRULE, at, problem.field() + ": "
              + problem.message()));
          troubled.add(at);
        }
      }
    }

    /** @throws org.recoverylink.fhir.io.InvalidFhirInputException listing every problem */
    void ifInvalidThrow() {
      if (!issues.isEmpty()) {
        throw new org.recoverylink.fhir.io.InvalidFhirInputException(issues);
      }
    }
  }

  /** A parameter or part given, with the FHIRPath where it was. */
  record Located(ParametersParameterComponent parameter, String at) {

    Type value() {
      return parameter.getValue();
    }

    String valueAt() {
      return at + ".value";
    }
  }

  /** The one value of a part, or empty; a repeated part is a problem. */
  static Optional<Located> one(Reader reader, Map<String, List<Located>> given, String name) {
    List<Located> found = given.get(name);
    if (found.size() > 1) {
      reader.problem(IssueType.STRUCTURE, found.get(1).at(), "the " + name + " part may be"
          + " given once");
    }
    return found.stream().findFirst();
  }
}
