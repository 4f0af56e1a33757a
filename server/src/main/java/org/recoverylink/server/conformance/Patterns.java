package org.recoverylink.server.conformance;

import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.recoverylink.core.text.Quote;

/**
 * FHIR's fixed values and patterns: a fixed value is matched exactly; a pattern is matched by
 * a value holding at least what the pattern holds (each of its repeats somewhere among the
 * value's), whatever else the value holds.
 */
final class Patterns {

  private Patterns() {
  }

  /** Whether {@code value} is exactly {@code fixed}. */
  static boolean equal(Base fixed, Base value) {
    if (fixed instanceof PrimitiveType<?> primitive) {
      return value instanceof PrimitiveType<?> other && !other.hasExtension()
          && primitive.getValueAsString().equals(other.getValueAsString());
    }
    return fixed.fhirType().equals(value.fhirType()) && fixed.equalsDeep(value);
  }

  /** Whether {@code value} holds everything {@code pattern} holds. */
  static boolean matches(Base pattern, Base value) {
    if (pattern instanceof PrimitiveType<?> primitive) {
      return value instanceof PrimitiveType<?> other
          && primitive.getValueAsString().equals(other.getValueAsString());
    }
    if (!pattern.fhirType().equals(value.fhirType())) {
      return false;
    }
    for (Property property : pattern.children()) {
      if (!property.hasValues()) {
        continue;
      }
      String name = property.getName().replace("[x]", "");
      Base[] found = value.getProperty(name.hashCode(), name, false);
      List<Base> values = found == null ? List.of() : List.of(found);
      for (Base wanted : property.getValues()) {
        if (values.stream().noneMatch(candidate -> candidate != null
            && matches(wanted, candidate))) {
          return false;
        }
      }
    }
    return true;
  }

  /** A fixed value or pattern as an error message shows it. */
  static String describe(Base value) {
    if (value instanceof PrimitiveType<?> primitive) {
      return Quote.of(primitive.getValueAsString());
    }
    StringBuilder text = new StringBuilder(value.fhirType()).append(" with");
    describe(value, "", text);
    return text.toString();
  }

  private static void describe(Base value, String prefix, StringBuilder text) {
    for (Property property : value.children()) {
      for (Base part : property.getValues()) {
        String name = prefix + property.getName();
        if (part instanceof PrimitiveType<?> primitive) {
          text.append(' ').append(name).append(" = ").append(Quote.of(
              primitive.getValueAsString()));
        } else {
          describe(part, name + ".", text);
        }
      }
    }
  }
}
