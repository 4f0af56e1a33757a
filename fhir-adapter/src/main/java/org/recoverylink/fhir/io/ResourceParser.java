package org.recoverylink.fhir.io;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.lang.reflect.Modifier;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.text.Quote;

/**
 * Parses FHIR JSON or XML once, into the resource type expected, turning every parse failure
 * into an {@link InvalidFhirInputException} (never a stack trace). Every body first passes
 * {@link StrictBody}: what HAPI's lenient parser would repair or let the last value win on is
 * refused. A new parser per call: HAPI parsers are not thread-safe, the {@link FhirContext} is
 * shared.
 */
public final class ResourceParser {

  private final FhirContext context;

  public ResourceParser(FhirContext context) {
    this.context = context;
  }

  /**
   * Parses a body as received: bytes, decoded as UTF-8 strictly.
   *
   * @throws InvalidFhirInputException when the bytes are not UTF-8, or as {@link #parse(String,
   *     Class)}
   */
  public <T extends IBaseResource> T parse(byte[] body, Class<T> type) {
    return parse(body == null ? null : StrictBody.decode(body), type);
  }

  /**
   * @throws InvalidFhirInputException when the text is not strict, well-formed FHIR or not a
   *     {@code type}
   */
  public <T extends IBaseResource> T parse(String text, Class<T> type) {
    if (text == null || text.isBlank()) {
      throw invalid(IssueType.REQUIRED, "the body is empty; expected a " + expected(type));
    }
    StrictBody.check(text);
    IParser parser = isXml(text) ? context.newXmlParser() : context.newJsonParser();
    IBaseResource resource;
    try {
      resource = parser.parseResource(text);
    } catch (DataFormatException e) {
      throw invalid(IssueType.STRUCTURE, "not well-formed FHIR: "
          + Quote.prefix(String.valueOf(e.getMessage()), 160));
    } catch (RuntimeException e) { // HAPI tripping over input it did not expect: still input
      throw invalid(IssueType.STRUCTURE, "not well-formed FHIR: the parser cannot read it ("
          + e.getClass().getSimpleName() + ")");
    }
    if (!type.isInstance(resource)) {
      throw invalid(IssueType.INVALID, "expected a " + expected(type) + ", got a "
          + context.getResourceType(resource));
    }
    return type.cast(resource);
  }

  /** Whether a text is XML rather than JSON: its first non-blank character opens a tag. */
  public static boolean isXml(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return text.charAt(i) == '<';
      }
    }
    return false;
  }

  /** The type's name for messages; only refusals need it. */
  private String expected(Class<? extends IBaseResource> type) {
    return Modifier.isAbstract(type.getModifiers()) ? "FHIR resource"
        : context.getResourceType(type);
  }

  private static InvalidFhirInputException invalid(IssueType type, String diagnostics) {
    return new InvalidFhirInputException(List.of(FhirIssue.error(type, "", diagnostics)));
  }
}
