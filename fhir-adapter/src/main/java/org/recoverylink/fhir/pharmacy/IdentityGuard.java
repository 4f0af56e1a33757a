package org.recoverylink.fhir.pharmacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Refuses identity data in a needle exchange or naloxone record, pseudonymous by design
 * (clinical reference 8.2): anywhere in the resource, an identifier in the NHS number system,
 * any value holding ten digits standing alone that pass the NHS number's modulus 11 check
 * (spaces or hyphens between the groups allowed), a {@code HumanName}, or an {@code Address}
 * with more than a district ({@code district}, {@code country} and {@code use}/{@code type} are
 * taken; a line, city, postcode, state or text is not). Each issue names the element by FHIRPath
 * and never quotes the value.
 */
public final class IdentityGuard {

  /**
   * Ten digits, optionally in 3-3-4 groups, standing alone: not part of a longer run of letters
   * and digits, so a UUID's hexadecimal groups never read as one.
   */
  private static final Pattern TEN_DIGITS = Pattern.compile(
      "(?<![0-9A-Za-z])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9A-Za-z])");

  private IdentityGuard() {
  }

  /**
   * Checks the whole resource, contained and nested resources included.
   *
   * @throws InvalidFhirInputException (422) naming every element that carries identity data
   */
  public static void refuseIdentity(Resource resource) {
    List<FhirIssue> issues = new ArrayList<>();
    walk(resource, resource.fhirType(), issues);
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
  }

  private static void walk(Base element, String path, List<FhirIssue> issues) {
    if (element instanceof HumanName) {
      issues.add(FhirIssue.error(IssueType.SECURITY, path, "a name is not taken: needle"
          + " exchange and naloxone records are pseudonymous, the client known by a client code;"
          + " nothing was recorded"));
      return;
    }
    if (element instanceof Address address && beyondDistrict(address)) {
      issues.add(FhirIssue.error(IssueType.SECURITY, path, "an address is not taken beyond a"
          + " district: needle exchange and naloxone records are pseudonymous; nothing was"
          + " recorded"));
      return;
    }
    if (element instanceof Identifier identifier
        && Systems.NHS_NUMBER.equals(identifier.getSystem())) {
      issues.add(FhirIssue.error(IssueType.SECURITY, path, "an NHS number is not taken: needle"
          + " exchange and naloxone records are pseudonymous; nothing was recorded"));
      return;
    }
    if (element instanceof PrimitiveType<?> primitive) {
      String value = primitive.hasValue() ? primitive.getValueAsString() : null;
      if (value != null && holdsNhsNumber(value)) {
        issues.add(FhirIssue.error(IssueType.SECURITY, path, "this value holds what reads as an"
            + " NHS number, which is not taken: needle exchange and naloxone records are"
            + " pseudonymous; nothing was recorded"));
      }
    }
    for (Property property : element.children()) {
      List<Base> values = property.getValues();
      for (int i = 0; i < values.size(); i++) {
        Base value = values.get(i);
        if (value == null) {
          continue;
        }
        String name = property.getName();
        if (name.endsWith("[x]")) {
          String type = value.fhirType();
          name = name.substring(0, name.length() - 3)
              + Character.toUpperCase(type.charAt(0)) + type.substring(1);
        }
        String child = path + "." + name + (property.getMaxCardinality() > 1 ? "[" + i + "]"
            : "");
        walk(value, child, issues);
      }
    }
  }

  /** Whether some ten digits in {@code text} pass the NHS number check. */
  static boolean holdsNhsNumber(String text) {
    Matcher digits = TEN_DIGITS.matcher(text);
    while (digits.find()) {
      if (NhsNumber.problem(NhsNumber.digits(digits.group())).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean beyondDistrict(Address address) {
    return address.hasLine() || address.hasCity() || address.hasPostalCode()
        || address.hasState() || address.hasText();
  }
}
