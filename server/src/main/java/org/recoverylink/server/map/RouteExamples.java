package org.recoverylink.server.map;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;

/**
 * Typical people routed by the real {@link Router} over the directory, one district per area:
 * the routes on the map are what RecoveryLink would do, not a second copy of its rules.
 */
final class RouteExamples {

  /** Any fixed date: only the ages matter, and they are whole years before it. */
  private static final LocalDate ON = LocalDate.of(2026, 1, 1);

  /**
   * A typical person.
   *
   * @param label      how the table names them
   * @param age        age in years
   * @param substances substances, the main one first
   * @param injecting  whether they inject
   * @param flag       a flag from their screening, if any
   */
  record Person(String label, int age, List<Substance> substances, boolean injecting,
      Optional<FlagCode> flag) {

    RouteRequest in(District district) {
      RouteRequest.Builder request = RouteRequest.builder(ON.minusYears(age), ON)
          .district(district.code()).substances(substances.toArray(Substance[]::new));
      if (injecting) {
        request.circumstances(Circumstance.INJECTING);
      }
      flag.ifPresent(request::flags);
      return request.build();
    }
  }

  static final List<Person> PEOPLE = List.of(
      new Person("Adult, 30: alcohol", 30, List.of(Substance.ALCOHOL), false, Optional.empty()),
      new Person("Adult, 40: alcohol, with anxiety or depression", 40,
          List.of(Substance.ALCOHOL), false,
          Optional.of(FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE)),
      new Person("Adult, 30: crack cocaine", 30, List.of(Substance.CRACK_COCAINE), false,
          Optional.empty()),
      new Person("Adult, 35: opioids, injecting", 35, List.of(Substance.OPIOIDS), true,
          Optional.empty()),
      new Person("Adult, 45: prescribed or over-the-counter medicines", 45,
          List.of(Substance.PRESCRIBED_OR_OTC_MEDICINES), false, Optional.empty()),
      new Person("Young adult, 20: ketamine", 20, List.of(Substance.KETAMINE), false,
          Optional.empty()),
      new Person("Young person, 16: cannabis", 16, List.of(Substance.CANNABIS), false,
          Optional.empty()));

  /**
   * One column of the table: an area's first district, routed.
   *
   * @param district  where the people live
   * @param decisions one per {@link #PEOPLE}, in order
   */
  record Column(District district, List<RouteDecision> decisions) {
  }

  private RouteExamples() {
  }

  /** The table over the services' capacities now, as the hub would route today. */
  static List<Column> columns(Directory directory, Sections sections, Capacities capacities) {
    Router router = new Router(directory);
    return sections.areas().stream().filter(area -> !area.districts().isEmpty())
        .map(area -> area.districts().get(0))
        .map(district -> new Column(district, PEOPLE.stream()
            .map(person -> router.route(person.in(district), capacities)).toList()))
        .toList();
  }
}
