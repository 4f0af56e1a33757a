package org.recoverylink.examples;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.Destination;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.screening.Response;

/**
 * Routing three people over the Essex directory, as a GP system would before sending a referral:
 * a 16-year-old using cannabis in Basildon; a 45-year-old drinking at possible-dependence level
 * in Harlow with a PHQ-9 of 14; a pregnant woman injecting heroin in Clacton.
 */
public final class RoutingExample {

  private RoutingExample() {
  }

  public static void main(String[] args) {
    PrintStream out = System.out;
    LocalDate today = LocalDate.of(2026, 11, 22);
    Router router = new Router(EssexDirectory.directory());

    print("16-year-old, cannabis, Basildon", router.route(
        RouteRequest.builder(LocalDate.of(2010, 5, 3), today)
            .district("Basildon").substances(Substance.CANNABIS)
            .source(ReferralSource.GP).build()), out);

    // The 45-year-old's screening decides the route: AUDIT 24 and PHQ-9 14.
    Response audit = Response.builder("audit")
        .points("audit-1", 4).points("audit-2", 4).points("audit-3", 4).points("audit-4", 3)
        .points("audit-5", 2).points("audit-6", 2).points("audit-7", 2).points("audit-8", 1)
        .points("audit-9", 0).points("audit-10", 2).build();
    Response phq9 = Response.builder("phq-9")
        .points("phq-9-1", 2).points("phq-9-2", 2).points("phq-9-3", 2).points("phq-9-4", 2)
        .points("phq-9-5", 2).points("phq-9-6", 2).points("phq-9-7", 1).points("phq-9-8", 1)
        .points("phq-9-9", 0).build();
    Assessment assessment = Assessor.standard().assess(List.of(audit, phq9), Set.of());
    print("45-year-old, AUDIT 24 and PHQ-9 14, Harlow (postcode CM20 2AB)", router.route(
        RouteRequest.builder(LocalDate.of(1981, 2, 14), today)
            .postcode("CM20 2AB").substances(Substance.ALCOHOL).assessment(assessment)
            .source(ReferralSource.GP).build()), out);

    print("pregnant woman injecting heroin, Clacton (postcode CO15 1AA)", router.route(
        RouteRequest.builder(LocalDate.of(1997, 9, 30), today)
            .postcode("CO15 1AA").substances(Substance.OPIOIDS)
            .circumstances(Circumstance.INJECTING, Circumstance.PREGNANT)
            .source(ReferralSource.PHARMACY).build()), out);
  }

  static void print(String who, RouteDecision decision, PrintStream out) {
    out.println(who);
    out.println("  district: " + decision.district().map(Object::toString).orElse("unknown")
        + decision.area().map(a -> ", " + a + " quadrant").orElse(""));
    if (decision.urgent()) {
      out.println("  URGENT: " + String.join("; ", decision.urgency()));
    }
    for (Destination destination : decision.destinations()) {
      out.println("  " + destination.role().display() + ": " + destination.service().name());
      for (String reason : destination.reasons()) {
        out.println("      - " + reason);
      }
    }
    decision.offers().forEach(offer -> out.println("  Offer: " + offer.display()));
    out.println("  (rules " + decision.rules() + ", directory " + decision.directory() + ")");
    out.println();
  }
}
