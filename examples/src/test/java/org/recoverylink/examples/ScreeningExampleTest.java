package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The README's first command runs this example: it must keep working and say what it shows. */
class ScreeningExampleTest {

  @Test
  void printsScoresAdviceFlagsAndRefusesTheCarelessForm() {
    String out = Stdout.of(ScreeningExample::main);

    // The sample AUDIT totals 18 (UK zone 16-19: higher risk) with a known alcohol-related
    // condition, and PHQ-9 question 9 is answered "several days".
    assertTrue(out.contains("audit    18  Higher risk"), out);
    assertTrue(out.contains("Refer for specialist alcohol assessment"), out);
    assertTrue(out.indexOf("Same-day clinician review") < out.indexOf("Give simple"), out);
    assertTrue(out.contains("Urgent risk"), out);
    assertTrue(out.contains("RL-0004") && out.contains("RL-0005") && out.contains("RL-0002"), out);
  }
}
