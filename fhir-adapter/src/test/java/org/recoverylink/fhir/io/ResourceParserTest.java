package org.recoverylink.fhir.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

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
        Map.entry("an escape sequence", patient("\"gender\":\"\\u001b[2Jmale\"")),
        Map.entry("a lone high surrogate", patient("\"gender\":\"\\uD800male\"")),
        Map.entry("a lone low surrogate", patient("\"gender\":\"male\\uDC00\"")),
        Map.entry("XML in no namespace", "<Patient><active value=\"true\"/></Patient>"),
        Map.entry("XML in another namespace", "<Patient xmlns=\"urn:x\"/>"),
        Map.entry("a DTD", "<!DOCTYPE Patient []><Patient xmlns=\"http://hl7.org/fhir\"/>"),
        Map.entry("XHTML outside a div", "<Patient xmlns=\"http://hl7.org/fhir\"><p xmlns="
            + "\"http://www.w3.org/1999/xhtml\"/></Patient>"));
    return refused.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      InvalidFhirInputException refusal = assertThrows(InvalidFhirInputException.class,
          () -> PARSER.parse(e.getValue(), Patient.class));
      assertFalse(refusal.issues().get(0).diagnostics().contains("9434765870"),
          refusal.issues().toString());
    }));
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
