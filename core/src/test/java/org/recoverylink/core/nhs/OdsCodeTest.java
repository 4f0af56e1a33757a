package org.recoverylink.core.nhs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one ODS code form every module checks against, and England's zone. */
class OdsCodeTest {

  @Test
  void codesOfEveryKindOfOrganisationAreValid() {
    // an ICB, a trust, a pharmacy, a trust site, a GP practice, a branch surgery, the longest
    for (String code : List.of("QH8", "RXX", "FA123", "RXX01", "A81001", "Y01234",
        "ABCDE12345")) {
      assertTrue(OdsCode.isValid(code), code);
    }
  }

  @Test
  void lowerCaseShortLongPunctuatedBlankAndNullAreNot() {
    for (String code : List.of("fa123", "Fa123", "A8", "ABCDE123456", "FA-123", "FA 123",
        " FA123", "FA123\n", "", "FÀ123", "Ａ81001")) {
      assertFalse(OdsCode.isValid(code), code);
    }
    assertFalse(OdsCode.isValid(null));
  }

  @Test
  void thePatternMatchesWholeCodesOnly() {
    assertTrue(OdsCode.PATTERN.matcher("A81001").matches());
    assertFalse(OdsCode.PATTERN.matcher("XA81001 and more").matches());
  }

  @Test
  void englandKeepsLondonTime() {
    assertEquals(ZoneId.of("Europe/London"), England.ZONE);
  }
}
