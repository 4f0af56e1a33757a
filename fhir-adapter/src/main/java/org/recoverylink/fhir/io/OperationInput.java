package org.recoverylink.fhir.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.text.Quote;

/**
 * The {@code Parameters} of an operation, checked against the operation's parameter names and
 * cardinalities in one pass. Problems (an unknown name, a missing or repeated parameter, a value
 * of the wrong kind) are collected with their FHIRPath, so the caller hears of all of them at
 * once; {@link #ifInvalidThrow()} ends the reading.
 */
public final class OperationInput {

  /** One parameter an operation takes. */
  public record Slot(String name, boolean required, boolean repeats) {

    public static Slot one(String name) {
      return new Slot(name, true, false);
    }

    public static Slot optional(String name) {
      return new Slot(name, false, false);
    }

    public static Slot many(String name, boolean required) {
      return new Slot(name, required, true);
    }
  }

  /** A parameter as given, with the FHIRPath of where it was. */
  public record Given(ParametersParameterComponent parameter, String at) {
  }

  private final Map<String, List<Given>> given = new LinkedHashMap<>();
  private final List<FhirIssue> issues = new ArrayList<>();

  private OperationInput() {
  }

  /**
   * Sorts the parameters by name and notes every unknown, missing or repeated one.
   *
   * @param operation the operation's name, e.g. {@code $route}, for the diagnostics
   */
  public static OperationInput of(Parameters parameters, String operation, Slot... slots) {
    OperationInput input = new OperationInput();
    for (Slot slot : slots) {
      input.given.put(slot.name(), new ArrayList<>());
    }
    List<ParametersParameterComponent> all = parameters.getParameter();
    for (int i = 0; i < all.size(); i++) {
      String at = "Parameters.parameter[" + i + "]";
      String name = all.get(i).getName() == null ? "" : all.get(i).getName();
      if (input.given.containsKey(name)) {
        input.given.get(name).add(new Given(all.get(i), at));
      } else {
        input.issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, at + ".name",
            "unknown parameter " + Quote.of(name) + "; " + operation + " takes "
                + String.join(", ", input.given.keySet())));
      }
    }
    for (Slot slot : slots) {
      List<Given> found = input.given.get(slot.name());
      if (slot.required() && found.isEmpty()) {
        input.issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters",
            "the " + slot.name() + " parameter is required"));
      }
      if (!slot.repeats() && found.size() > 1) {
        input.issues.add(FhirIssue.error(IssueType.STRUCTURE, found.get(1).at(),
            "the " + slot.name() + " parameter may be given once, not " + found.size()
                + " times"));
      }
    }
    return input;
  }

  /** Every parameter of that name, in order. */
  public List<Given> all(String name) {
    return given.getOrDefault(name, List.of());
  }

  /**
   * The resources held by every parameter of that name, by their FHIRPath (e.g.
   * {@code Parameters.parameter[0].resource}); a parameter holding another kind is a problem.
   */
  public <T extends Resource> Map<String, T> resources(String name, Class<T> type) {
    Map<String, T> resources = new LinkedHashMap<>();
    for (Given parameter : all(name)) {
      Resource resource = parameter.parameter().getResource();
      if (type.isInstance(resource)) {
        resources.put(parameter.at() + ".resource", type.cast(resource));
      } else {
        issues.add(FhirIssue.error(IssueType.INVALID, parameter.at(), name + " must hold a "
            + type.getSimpleName() + " resource"));
      }
    }
    return resources;
  }

  /** The resource of the one parameter of that name, if given. */
  public <T extends Resource> Optional<T> resource(String name, Class<T> type) {
    return resources(name, type).values().stream().findFirst();
  }

  /**
   * The constants of {@code type} coded by every parameter of that name, as {@code valueCode} or
   * as a {@code valueCoding} in {@code system}; anything else, or a code {@code type} does not
   * have, is a problem.
   */
  public <E extends Enum<E> & Coded> List<E> codes(String name, String system, Class<E> type) {
    List<E> codes = new ArrayList<>();
    for (Given parameter : all(name)) {
      var value = parameter.parameter().getValue();
      String code;
      String at;
      if (value instanceof CodeType given && given.hasValue()) {
        code = given.getValue();
        at = parameter.at() + ".valueCode";
      } else if (value instanceof Coding coding && coding.hasCode()
          && (!coding.hasSystem() || coding.getSystem().equals(system))) {
        code = coding.getCode();
        at = parameter.at() + ".valueCoding";
      } else {
        issues.add(FhirIssue.error(IssueType.INVALID, parameter.at(), name + " must be a"
            + " valueCode, or a valueCoding in " + system));
        continue;
      }
      Coded.fromCode(type, code).ifPresentOrElse(codes::add, () -> issues.add(FhirIssue.error(
          IssueType.CODEINVALID, at, Quote.of(code) + " is not a code of " + system)));
    }
    return codes;
  }

  /** The text of the first parameter of that name ({@code valueString} or {@code valueCode}). */
  public Optional<String> text(String name) {
    if (all(name).isEmpty()) {
      return Optional.empty();
    }
    Given parameter = all(name).get(0);
    var value = parameter.parameter().getValue();
    if ((value instanceof StringType || value instanceof CodeType)
        && !value.primitiveValue().isBlank()) {
      return Optional.of(value.primitiveValue().strip());
    }
    issues.add(FhirIssue.error(IssueType.INVALID, parameter.at(), name
        + " must be a non-empty valueString"));
    return Optional.empty();
  }

  /** Notes a problem found while reading a parameter's content. */
  public void problem(FhirIssue issue) {
    issues.add(issue);
  }

  /** @throws InvalidFhirInputException listing every problem found so far */
  public void ifInvalidThrow() {
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
  }
}
