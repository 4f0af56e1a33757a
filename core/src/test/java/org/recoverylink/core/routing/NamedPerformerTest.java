package org.recoverylink.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Substance;

/**
 * A referrer may name the service (docs/http-api.md "Refer": performer): the service must be one
 * that can take the person, or the referral is refused with the reason.
 */
class NamedPerformerTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final Router ROUTER = new Router(EssexDirectory.directory());

  @ParameterizedTest(name = "age {0} in {1} with {2} to {3}: {4}")
  @CsvSource(nullValues = "-", value = {
      // eligible: the quadrant's drug service, any-substance peer support, the county-wide SPoC
      "30, Basildon,   opioids, open-road-south,                   -",
      "30, Basildon,   -,       erf-basildon,                      -",
      "70, Basildon,   alcohol, open-road-single-point-of-contact, -",
      // another quadrant's service does not cover the district
      "30, Basildon,   opioids, open-road-north,                   does not cover Basildon",
      // a drug service does not treat alcohol only
      "30, Basildon,   alcohol, open-road-south,                   does not treat alcohol",
      // adults only; young people's service up to 24
      "16, Basildon,   cannabis, open-road-south,                  takes people aged 18 and over; this person is 16",
      "30, Basildon,   cannabis, eypdas,                           takes people aged 0 to 24; this person is 30",
      // inpatient detox is a specialist's decision
      "30, Chelmsford, alcohol, topaz-ward,                        takes referrals only from specialist services",
  })
  void theNamedServiceMustBeAbleToTakeThePerson(int age, String district, String substance,
      String service, String problem) {
    RouteRequest.Builder request = RouteRequest.builder(TODAY.minusYears(age).minusDays(1), TODAY)
        .district(district);
    if (substance != null) {
      request.substances(Substance.valueOf(substance.toUpperCase().replace('-', '_')));
    }

    List<String> problems = ROUTER.ineligibility(request.build(),
        EssexDirectory.directory().service(service).orElseThrow());

    if (problem == null) {
      assertEquals(List.of(), problems);
    } else {
      assertEquals(1, problems.size(), problems::toString);
      assertTrue(problems.get(0).endsWith(problem), problems.get(0));
    }
  }
}
