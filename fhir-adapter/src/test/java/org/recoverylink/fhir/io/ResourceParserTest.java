package org.recoverylink.fhir.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The parser a vendor embeds is as strict as the server (issue 17 point 10): what HAPI alone
 * would repair, or let the last value win on, is refused with an {@link
 * InvalidFhirInputException}; good FHIR, tab and new lines in strings and XHTML narrative
 * included, still parses.
 */
class ResourceParserTest {

  private static final ResourceParser PARSER = new ResourceParser(FhirContext.forR4Cached());
  private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

  private static String patient(String members) {
    return "{\"resourceType\":\"Patient\"," + members + "}";
  }

  @TestFactory
  Stream<DynamicTest> bodiesALenientParserWouldTakeAreRefused() {
    Map<String, String> refused = Map.ofEntries(
        Map.entry("two values of one identifier", patient("\"identifier\":[{\"system\":\"" + NHS
            + "\",\"value\":\"9434765919\",\"value\":\"9434765870\"}]")),
        Map.entry("two resourceTypes", patient("\"resourceType\":\"Patient\"")),
        Map.entry("an empty member name", patient("\"\":1")),
        Map.entry("a single-quoted name", patient("'active':true")),
        Map.entry("an unquoted name", patient("active:true")),
        Map.entry("a plus sign", patient("\"multipleBirthInteger\":+1")),
        Map.entry("a leading zero", patient("\"multipleBirthInteger\":01")),
        Map.entry("NaN", patient("\"multipleBirthInteger\":NaN")),
        Map.entry("a comment", patient("/* x */\"active\":true")),
        Map.entry("a trailing comma", patient("\"active\":true,")),
        Map.entry("a second value after the first", patient("\"active\":true") + "{}"),
        Map.entry("NUL", patient("\"gender\":\"male\\u0000\"")),
        Map.entry("a control character written as it is", patient("\"gender\":\"ma\u0001le\"")),
        Map.entry("a control character in a name", patient("\"gen\u0001der\":\"male\"")),
        Map.entry("an escape sequence", patient("\"gender\":\"\\u001b[2Jmale\"")),
        Map.entry("a lone high surrogate", patient("\"gender\":\"\\uD800male\"")),
        Map.entry("a lone low surrogate", patient("\"gender\":\"male\\uDC00\"")),
        Map.entry("XML in no namespace", "<Patient><active value=\"true\"/></Patient>"),
        Map.entry("XML in another namespace", "<Patient xmlns=\"urn:x\"/>"),
        Map.entry("a DTD", "<!DOCTYPE Patient []><Patient xmlns=\"http://hl7.org/fhir\"/>"),
        Map.entry("XHTML outside a div", "<Patient xmlns=\"http://hl7.org/fhir\"><p xmlns="
            + "\"http://www.w3.org/1999/xhtml\"/></Patient>"));
    // As text, and as the bytes a server receives: ASCII JSON is read from them directly
    return refused.entrySet().stream().flatMap(e -> Stream.of(
        DynamicTest.dynamicTest(e.getKey(), () -> refusedWithout("9434765870",
            () -> PARSER.parse(e.getValue(), Patient.class))),
        DynamicTest.dynamicTest(e.getKey() + ", as bytes", () -> refusedWithout("9434765870",
            () -> PARSER.parse(e.getValue().getBytes(StandardCharsets.UTF_8), Patient.class))),
        DynamicTest.dynamicTest(e.getKey() + ", checked alone", () -> refusedWithout(
            "9434765870", () -> StrictBody.check(e.getValue())))));
  }

  private static InvalidFhirInputException refusedWithout(String secret, Executable parse) {
    InvalidFhirInputException refusal = assertThrows(InvalidFhirInputException.class, parse);
    assertFalse(refusal.issues().get(0).diagnostics().contains(secret),
        refusal.issues().toString());
    return refusal;
  }

  @Test
  void aRefusedStringIsNamedByItsJsonPointer() {
    String body = patient("\"name\":[{\"given\":[\"Ann\",\"B\\u0007b\"]}]");
    for (Executable parse : List.<Executable>of(() -> PARSER.parse(body, Patient.class),
        () -> PARSER.parse(body.getBytes(StandardCharsets.US_ASCII), Patient.class))) {
      String diagnostics = assertThrows(InvalidFhirInputException.class, parse).issues().get(0)
          .diagnostics();
      assertTrue(diagnostics.contains("U+0007") && diagnostics.endsWith("(at /name/0/given/1)"),
          diagnostics);
    }
    String name = patient("\"a/b~\\u0001\":1");
    String diagnostics = assertThrows(InvalidFhirInputException.class,
        () -> PARSER.parse(name, Patient.class)).issues().get(0).diagnostics();
    assertTrue(diagnostics.endsWith("(at /a~1b~0?)"), diagnostics); // RFC 6901; no control sent
  }

  @Test
  void jsonThatIsNotAnObjectIsRefusedAsFhir() {
    for (String body : List.of("[{\"resourceType\":\"Patient\"}]", "\"Patient\"", "1", "null")) {
      String diagnostics = assertThrows(InvalidFhirInputException.class,
          () -> PARSER.parse(body.getBytes(StandardCharsets.US_ASCII), Patient.class))
          .issues().get(0).diagnostics();
      assertTrue(diagnostics.startsWith("not well-formed FHIR"), body + ": " + diagnostics);
    }
  }

  @Test
  void bytesAndTextGiveTheSameResource() {
    // Decimals exactly as written (trailing zeros and all), extensions, a contained resource
    String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{"
        + "\"text\":\"x\"},\"valueQuantity\":{\"value\":12.50,\"unit\":\"mg\"},"
        + "\"component\":[{\"code\":{\"text\":\"y\"},\"valueQuantity\":{\"value\":"
        + "0.000000000000000000012345678901234567890}}],\"contained\":[{\"resourceType\":"
        + "\"Patient\",\"id\":\"p\",\"active\":true}],\"subject\":{\"reference\":\"#p\"},"
        + "\"_status\":{\"extension\":[{\"url\":\"http://example.org/x\",\"valueInteger\":"
        + "-3}]}}";
    Observation fromBytes = PARSER.parse(body.getBytes(StandardCharsets.US_ASCII),
        Observation.class);
    Observation fromText = PARSER.parse(body, Observation.class);
    assertEquals("12.50", fromBytes.getValueQuantity().getValueElement().getValueAsString());
    assertEquals("0.000000000000000000012345678901234567890", fromBytes.getComponentFirstRep()
        .getValueQuantity().getValueElement().getValueAsString());
    assertTrue(fromBytes.equalsDeep(fromText));
    IParser hapi = FhirContext.forR4Cached().newJsonParser();
    assertEquals(hapi.encodeResourceToString(hapi.parseResource(body)),
        hapi.encodeResourceToString(fromBytes)); // what HAPI reads by itself
  }

  @Test
  void aBundleEntryStillTakesTheIdOfItsFullUrl() {
    String body = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{"
        + "\"fullUrl\":\"https://example.org/fhir/Patient/123\",\"resource\":{"
        + "\"resourceType\":\"Patient\"}}]}";
    Bundle bundle = PARSER.parse(body.getBytes(StandardCharsets.US_ASCII), Bundle.class);
    assertEquals("123", bundle.getEntryFirstRep().getResource().getIdElement().getIdPart());
    refusedWithout("9434765870", () -> PARSER.parse(("{\"resourceType\":\"Bundle\","
        + "\"type\":\"collection\",\"type\":\"9434765870\"}").getBytes(
            StandardCharsets.US_ASCII), Bundle.class));
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedNotReplaced() {
    byte[] latin1 = patient("\"gender\":\"m\u00e4le\"").getBytes(StandardCharsets.ISO_8859_1);
    byte[] overlong = {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'};
    byte[] surrogate = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'};
    for (byte[] body : new byte[][] {latin1, overlong, surrogate}) {
      InvalidFhirInputException refusal = assertThrows(InvalidFhirInputException.class,
          () -> PARSER.parse(body, Patient.class));
      assertTrue(refusal.issues().get(0).diagnostics().contains("UTF-8"),
          refusal.issues().toString());
    }
  }

  @Test
  void goodFhirStillParsesWithTabsNewLinesNarrativeAndAstralCharacters() {
    Patient json = PARSER.parse(patient("\"text\":{\"status\":\"generated\",\"div\":\"<div"
        + " xmlns=\\\"http://www.w3.org/1999/xhtml\\\">a\\tb\\r\\nc</div>\"},\"name\":[{"
        + "\"family\":\"O\u2019Brien \uD83D\uDE00\"}]").getBytes(StandardCharsets.UTF_8),
        Patient.class);
    assertEquals("O\u2019Brien \uD83D\uDE00", json.getNameFirstRep().getFamily());

    Patient xml = PARSER.parse("<Patient xmlns=\"http://hl7.org/fhir\"><text><status"
        + " value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a\tb</p></div>"
        + "</text><name><family value=\"Smith&#10;Jones\"/><given value=\"A&amp;B\"/></name>"
        + "</Patient>", Patient.class);
    assertEquals("Smith\nJones", xml.getNameFirstRep().getFamily());
    assertEquals("A&B", xml.getNameFirstRep().getGivenAsSingleString());
  }
}
