package org.recoverylink.fhir.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.text.Quote;

/**
 * The gate every FHIR body passes before HAPI parses it, refusing what a lenient parser would
 * quietly repair or let the last value win on. Bytes must be UTF-8 (malformed input is reported,
 * never replaced with U+FFFD); JSON must be RFC 8259 JSON with no member named twice in an object
 * and no empty member names; XML must be FHIR's (every element in the FHIR namespace, XHTML only
 * inside a narrative {@code div}), with no DTD; and no string, name or attribute may hold a
 * control character other than tab, CR and LF, or half a surrogate pair (FHIR's string rule).
 * JSON is read once, into the tree HAPI's parser walks ({@link #readJson}); XML is checked in
 * one streaming pass ({@link #checkXml}) before HAPI reads it.
 */
public final class StrictBody {

  static final String FHIR_NS = "http://hl7.org/fhir";
  static final String XHTML_NS = "http://www.w3.org/1999/xhtml";

  /** Jackson's defaults are RFC 8259 (no comments, quotes, NaN, leading zeros...); plus this. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  /**
   * Builds the tree as HAPI's own JSON reading does (every decimal kept exactly as written), but
   * on the strict parser above: checking a body and reading it are one pass, not two.
   */
  private static final ObjectMapper TREES = JsonMapper.builder(JSON)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final XMLInputFactory XML = xmlFactory();

  private StrictBody() {
  }

  /**
   * The body's text, decoded as UTF-8 strictly.
   *
   * @throws InvalidFhirInputException when the bytes are not UTF-8
   */
  public static String decode(byte[] body) {
    if (isAscii(body)) { // most bodies: one copy, no decoder and no buffer of chars between
      return new String(body, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw invalid("", "the body is not valid UTF-8; FHIR bodies are UTF-8");
    }
  }

  /** Whether every byte is ASCII: such a body is UTF-8 as it is. */
  static boolean isAscii(byte[] body) {
    for (byte b : body) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a body's text: JSON, or XML when it opens a tag.
   *
   * @throws InvalidFhirInputException naming the first thing refused
   */
  public static void check(String text) {
    if (ResourceParser.isXml(text)) {
      checkXml(text);
    } else {
      readJson(text);
    }
  }

  /**
   * A JSON body as read: the tree HAPI's JSON parser takes, and whether any member in it, at any
   * depth and however its name was escaped, is named {@code extension} or
   * {@code modifierExtension}. FHIR JSON holds extensions under no other names, so a resource
   * read from a body that names none has none.
   */
  record Json(ObjectNode tree, boolean namesExtension) {
  }

  /**
   * Reads a JSON body of ASCII bytes (see {@link #isAscii}; any other body is decoded first)
   * into the tree HAPI's JSON parser takes.
   *
   * @throws InvalidFhirInputException naming the first thing refused
   */
  static Json readJson(byte[] ascii) {
    return readJson(() -> JSON.createParser(ascii), !contains(ascii, (byte) '\\'));
  }

  /**
   * Reads a JSON body into the tree HAPI's JSON parser takes.
   *
   * @throws InvalidFhirInputException naming the first thing refused
   */
  static Json readJson(String text) {
    return readJson(() -> JSON.createParser(text), false);
  }

  /** A parser over a body in memory. */
  private interface Body {
    JsonParser open() throws IOException;
  }

  /**
   * @param plain the body is ASCII and escapes nothing: Jackson refuses a control character
   *              written as it is, so no string or name in it can break FHIR's string rule, and
   *              only member names are looked at
   */
  private static Json readJson(Body body, boolean plain) {
    try (JsonParser json = body.open()) {
      JsonNode root = TREES.readTree(json);
      if (json.nextToken() != null) {
        throw invalid("", "the body goes on after its JSON value ends");
      }
      if (!(root instanceof ObjectNode resource)) {
        throw invalid("", "not well-formed FHIR: the body is JSON, but not an object ({...}),"
            + " as a FHIR resource is");
      }
      Walk walk = new Walk(plain);
      Refusal refusal = walk.refusal(resource);
      if (refusal != null) {
        throw invalid(Quote.prefix(refusal.at(), Quote.MAX), refusal.problem());
      }
      return new Json(resource, walk.namesExtension);
    } catch (JsonProcessingException e) { // a limit passed (e.g. nesting) has no location
      JsonLocation where = e.getLocation();
      throw invalid("", "not well-formed FHIR JSON (RFC 8259, each member named once): "
          + Quote.prefix(String.valueOf(e.getOriginalMessage()), 160) + (where == null ? ""
              : " at line " + where.getLineNr() + ", column " + where.getColumnNr()));
    } catch (IOException e) { // reading memory fails only as above
      throw invalid("", "the body cannot be read as JSON");
    }
  }

  private static boolean contains(byte[] bytes, byte wanted) {
    for (byte b : bytes) {
      if (b == wanted) {
        return true;
      }
    }
    return false;
  }

  /**
   * What breaks FHIR's string rule in a JSON value, and where, as a JSON pointer.
   *
   * @param at built only for a value refused, as the walk unwinds: building a pointer for every
   *           member was a fifth of what an {@code $assess} call allocated
   */
  private record Refusal(String problem, String at) {

    /** The same refusal, one member or item further out. */
    Refusal in(String step) {
      // RFC 6901 escapes; a control character in a member name is shown as '?', not sent back
      return new Refusal(problem, "/" + step.replace("~", "~0").replace("/", "~1")
          .replaceAll("\\p{Cntrl}", "?") + at);
    }
  }

  /** One walk of a tree, noting on the way whether a member is named as an extension. */
  private static final class Walk {

    private final boolean plain;
    private boolean namesExtension;

    Walk(boolean plain) {
      this.plain = plain;
    }

    /** The first member name or string FHIR's string rule refuses, or null. */
    Refusal refusal(JsonNode value) {
      if (value.isTextual()) {
        String problem = plain ? null : problem(value.textValue(), "a string");
        return problem == null ? null : new Refusal(problem, "");
      }
      if (value.isObject()) {
        for (Map.Entry<String, JsonNode> member : value.properties()) {
          String name = member.getKey();
          String problem = name.isEmpty() ? "a member has an empty name"
              : plain ? null : problem(name, "a member name");
          Refusal refusal = problem != null ? new Refusal(problem, "") : refusal(member.getValue());
          if (refusal != null) {
            return refusal.in(name);
          }
          namesExtension |= name.equals("extension") || name.equals("modifierExtension");
        }
      } else if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          Refusal refusal = refusal(value.get(i));
          if (refusal != null) {
            return refusal.in(Integer.toString(i));
          }
        }
      }
      return null;
    }
  }

  /**
   * Checks an XML body's text.
   *
   * @throws InvalidFhirInputException naming the first thing refused
   */
  static void checkXml(String text) {
    XMLStreamReader xml = null;
    try {
      xml = XML.createXMLStreamReader(new StringReader(text));
      int xhtmlDepth = 0; // > 0 inside a narrative div
      boolean root = true;
      while (xml.hasNext()) {
        int event = xml.next();
        switch (event) {
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
              throw invalid("", "a FHIR XML body has no DTD and no entities");
          case XMLStreamConstants.START_ELEMENT -> {
            String namespace = xml.getNamespaceURI();
            if (xhtmlDepth > 0 && XHTML_NS.equals(namespace)) {
              xhtmlDepth++;
            } else if (!root && XHTML_NS.equals(namespace)
                && xml.getLocalName().equals("div")) {
              xhtmlDepth = 1;
            } else if (!FHIR_NS.equals(namespace)) {
              throw invalid(element(xml), "element " + Quote.of(xml.getLocalName())
                  + " is not in the FHIR namespace " + FHIR_NS);
            }
            root = false;
            for (int i = 0; i < xml.getAttributeCount(); i++) {
              checkString(xml.getAttributeValue(i), element(xml), "an attribute");
            }
          }
          case XMLStreamConstants.END_ELEMENT -> xhtmlDepth = Math.max(0, xhtmlDepth - 1);
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA ->
              checkString(xml.getText(), "", "text");
          default -> {
            // comments, processing instructions, white space: nothing to hold patient data
          }
        }
      }
    } catch (XMLStreamException e) {
      throw invalid("", "not well-formed FHIR XML: "
          + Quote.prefix(String.valueOf(e.getMessage()), 160));
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException e) {
          // nothing was held open: the text is in memory
        }
      }
    }
  }

  private static String element(XMLStreamReader xml) {
    return Quote.prefix(xml.getLocalName(), Quote.MAX);
  }

  /**
   * FHIR's string rule: no control characters but tab, CR and LF; and text is Unicode, so no
   * half of a surrogate pair.
   */
  private static void checkString(String value, String at, String what) {
    String problem = problem(value, what);
    if (problem != null) {
      throw invalid(at, problem);
    }
  }

  /** What breaks FHIR's string rule in a value, or null. */
  private static String problem(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
        return what + " holds the control character U+" + String.format("%04X", (int) c)
            + "; FHIR strings allow only tab, CR and LF";
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return what + " holds half of a surrogate pair (U+" + String.format("%04X", (int) c)
            + "), which is not Unicode text";
      }
    }
    return null;
  }

  private static InvalidFhirInputException invalid(String at, String diagnostics) {
    return new InvalidFhirInputException(List.of(FhirIssue.error(IssueType.STRUCTURE, "",
        at.isEmpty() ? diagnostics : diagnostics + " (at " + at + ")")));
  }

  private static XMLInputFactory xmlFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    return factory;
  }
}
