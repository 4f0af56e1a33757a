package org.recoverylink.fhir.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Period;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.nhs.England;

/**
 * A service's capacity on its HealthcareService, in base elements only: {@code
 * availabilityExceptions} says it in plain words ("Capacity: waiting list of 6 weeks, set on
 * 2026-12-03"), and a paused service also has a {@code notAvailable} from when it was paused,
 * open-ended (it is paused until the service says otherwise). {@code active} stays true: a
 * paused service is still in the directory, and the single point of contact still takes
 * referrals when paused.
 */
public final class ServiceCapacity {

  private ServiceCapacity() {
  }

  /**
   * Writes the capacity onto {@code service} (a copy the caller owns), replacing any written
   * before.
   *
   * @param since when the service set it; empty when it never did (then it is accepting)
   */
  public static HealthcareService write(HealthcareService service, Capacity capacity,
      Optional<Instant> since) {
    String words = capacity.describe();
    String text = "Capacity: " + words + since.map(at -> ", set on "
        + LocalDate.ofInstant(at, England.ZONE)).orElse("");
    service.setAvailabilityExceptions(text);
    service.getNotAvailable().clear();
    if (capacity.isPaused()) {
      HealthcareService.HealthcareServiceNotAvailableComponent paused =
          service.addNotAvailable().setDescription("Paused: not taking new referrals");
      since.ifPresent(at -> paused.setDuring(new Period().setStart(Date.from(at))));
    }
    return service;
  }
}
