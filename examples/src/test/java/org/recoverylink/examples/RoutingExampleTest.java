package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The routing example prints the decisions the Essex seeds' routing rules ask for. */
class RoutingExampleTest {

  @Test
  void routesTheThreePeopleAsTheSeedsAsk() {
    String[] people = Stdout.of(RoutingExample::main).split("\\R\\R");

    // Under 18 -> the young people's service, always.
    assertTrue(people[0].contains("Primary destination: Essex Young People's"), people[0]);
    // Possible dependence -> the alcohol service; PHQ-9 14 with AUDIT 24 -> dual diagnosis worker.
    assertTrue(people[1].contains("Primary destination: Phoenix Futures"), people[1]);
    assertTrue(people[1].contains("Co-referral: EPUT dual diagnosis worker, West Essex"), people[1]);
    // Pregnant and injecting heroin in Clacton -> urgent, Open Road North, STaRS, naloxone.
    assertTrue(people[2].contains("URGENT") && people[2].contains("Open Road North Essex")
        && people[2].contains("STaRS") && people[2].contains("naloxone"), people[2]);
  }
}
