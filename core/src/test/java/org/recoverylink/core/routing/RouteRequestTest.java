package org.recoverylink.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A birth date gives an age from 0 to {@value RouteRequest#MAX_AGE}; anything else is refused. */
class RouteRequestTest {

  static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

  @Test
  void anAgeOfOneHundredAndThirtyIsTakenAndOneMoreIsNot() {
    LocalDate oldest = TODAY.minusYears(131).plusDays(1);
    assertEquals(130, RouteRequest.builder(oldest, TODAY).build().age());
    assertEquals(Optional.empty(), RouteRequest.birthDateProblem(oldest, TODAY));

    LocalDate older = TODAY.minusYears(131);
    assertTrue(RouteRequest.birthDateProblem(older, TODAY).orElseThrow()
        .contains("over 130 years"));
    assertThrows(IllegalArgumentException.class,
        () -> RouteRequest.builder(older, TODAY).build());
  }

  @Test
  void aBirthDateAfterTheReferralIsRefusedAndOnItsDayTaken() {
    assertEquals(0, RouteRequest.builder(TODAY, TODAY).build().age());
    assertTrue(RouteRequest.birthDateProblem(TODAY.plusDays(1), TODAY).isPresent());
  }
}
