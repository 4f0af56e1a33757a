package org.recoverylink.server.http;

import java.util.function.Supplier;
import org.recoverylink.server.pharmacy.PharmacyRefused;

/** A use case's refusal as the HTTP answer: what is not the caller's 404, a taken id 409. */
final class Refusals {

  private Refusals() {
  }

  static <T> T answer(Supplier<T> call) {
    try {
      return call.get();
    } catch (PharmacyRefused refused) {
      throw new FhirProblem(refused.reason() == PharmacyRefused.Reason.NOT_FOUND ? 404 : 409,
          refused.issues());
    }
  }
}
