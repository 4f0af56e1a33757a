package org.recoverylink.benchmarks;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;

/** Cost of one routing decision over the Essex directory. See README.md for the figures. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class RouteBenchmark {

  private final Router router = new Router(EssexDirectory.directory());
  private final LocalDate today = LocalDate.of(2026, 11, 22);

  /** An adult drinking in Harlow, district from the postcode: the common route. */
  private final RouteRequest alcohol = RouteRequest.builder(LocalDate.of(1981, 2, 14), today)
      .postcode("CM20 2AB").substances(Substance.ALCOHOL).build();

  /**
   * The busiest route: injecting opioids and alcohol, pregnant, released from prison, 22 years
   * old, co-occurring mental health: five co-referrals and urgency.
   */
  private final RouteRequest busiest = RouteRequest.builder(LocalDate.of(2004, 6, 1), today)
      .postcode("CO15 1AA").substances(Substance.OPIOIDS, Substance.ALCOHOL)
      .circumstances(Circumstance.INJECTING, Circumstance.PREGNANT, Circumstance.PRISON_RELEASE)
      .flags(FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE, FlagCode.URGENT_RISK).build();

  @Benchmark
  public RouteDecision routeAlcoholByPostcode() {
    return router.route(alcohol);
  }

  @Benchmark
  public RouteDecision routeBusiest() {
    return router.route(busiest);
  }
}
