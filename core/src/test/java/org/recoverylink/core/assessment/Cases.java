package org.recoverylink.core.assessment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.screening.Fixtures;
import org.recoverylink.core.screening.Response;

/** Reads the compact case notation of the rule tables. */
final class Cases {

  private Cases() {
  }

  /**
   * Responses from tokens such as {@code audit=16} (a complete AUDIT totalling 16),
   * {@code phq-9=10/1} (PHQ-9 items 1-8 totalling 10, item 9 scoring 1) and
   * {@code fast=1,1,1,0} (the points of the FAST questions asked).
   */
  static List<Response> responses(String spec) {
    List<Response> responses = new ArrayList<>();
    for (String token : spec.trim().split("\\s+")) {
      String[] parts = token.split("=");
      String id = parts[0];
      String value = parts[1];
      if (id.equals("phq-9")) {
        String[] split = value.split("/");
        responses.add(Fixtures.phq9(Integer.parseInt(split[0]), Integer.parseInt(split[1])));
      } else if (id.equals("fast")) {
        responses.add(Fixtures.fast(
            Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray()));
      } else {
        responses.add(Fixtures.withTotal(id, Integer.parseInt(value)));
      }
    }
    return responses;
  }

  static Set<KnownCondition> conditions(String spec) {
    Set<KnownCondition> conditions = EnumSet.noneOf(KnownCondition.class);
    if (spec != null) {
      for (String code : spec.trim().split("\\s+")) {
        conditions.add(Coded.fromCode(KnownCondition.class, code)
            .orElseThrow(() -> new IllegalArgumentException(code)));
      }
    }
    return conditions;
  }

  static List<String> codes(String spec) {
    return spec == null ? List.of() : List.of(spec.trim().split("\\s+"));
  }
}
