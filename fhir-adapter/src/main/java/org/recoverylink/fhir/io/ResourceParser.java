package org.recoverylink.fhir.io;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.text.Quote;

/**
 * Parses FHIR JSON or XML once, into the resource type expected, turning every parse failure
 * into an {@link InvalidFhirInputException} (never a stack trace). Every body passes
 * {@link StrictBody}: what HAPI's lenient parser would repair or let the last value win on is
 * refused; JSON is read by it, once, and HAPI builds its model from that reading. A new parser
 * per call: HAPI parsers are not thread-safe, the {@link FhirContext} is shared.
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
    if (body != null && StrictBody.isAscii(body) && first(body) == '{') {
      // Most bodies: JSON read straight from the bytes, with no String of the whole between
      return json(StrictBody.readJson(body), () -> new String(body, StandardCharsets.US_ASCII),
          type);
    }
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
    if (isXml(text)) {
      StrictBody.checkXml(text);
      return typed(read(() -> context.newXmlParser().parseResource(text)), type);
    }
    return json(StrictBody.readJson(text), () -> text, type);
  }

  /**
   * HAPI's model of a JSON tree {@link StrictBody} read. A Bundle is read again from its text,
   * by HAPI's JSON parser as a whole, which also gives each entry's resource the id its
   * {@code fullUrl} says. A resource from a body that names no extension is marked so, and
   * {@link Extensions#check} then has nothing to walk.
   */
  private <T extends IBaseResource> T json(StrictBody.Json json, Supplier<String> text,
      Class<T> type) {
    JsonNode resourceType = json.tree().get("resourceType");
    IBaseResource resource;
    if (resourceType != null && "Bundle".equals(resourceType.textValue())) {
      resource = read(() -> context.newJsonParser().parseResource(text.get()));
    } else {
      JacksonStructure structure = new JacksonStructure();
      structure.setNativeObject(json.tree());
      resource = read(() -> ((JsonParser) context.newJsonParser())
          .doParseResource(null, structure));
    }
    if (!json.namesExtension()) {
      Extensions.noneSent(resource);
    }
    return typed(resource, type);
  }

  /** HAPI's parse, every failure of it a refusal of the input. */
  private static IBaseResource read(Supplier<IBaseResource> parse) {
    try {
      return parse.get();
    } catch (DataFormatException e) {
      throw invalid(IssueType.STRUCTURE, "not well-formed FHIR: "
          + Quote.prefix(String.valueOf(e.getMessage()), 160));
    } catch (RuntimeException e) { // HAPI tripping over input it did not expect: still input
      throw invalid(IssueType.STRUCTURE, "not well-formed FHIR: the parser cannot read it ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private <T extends IBaseResource> T typed(IBaseResource resource, Class<T> type) {
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

  /** Whether a body is XML rather than JSON: its first non-blank byte opens a tag. */
  public static boolean isXml(byte[] body) {
    return first(body) == '<';
  }

  /** The first byte that is not white space, or -1; a byte of a multi-byte character is not. */
  private static int first(byte[] body) {
    for (byte b : body) {
      if (b < 0 || !Character.isWhitespace(b)) {
        return b;
      }
    }
    return -1;
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
