package org.recoverylink.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each JMH benchmark set up and run once, as the benchmark jar would: a benchmark whose classes
 * went missing from the classpath (as HAPI's FHIRPath engine lost UCUM when the validator left
 * the adapter's compile scope) fails here, in the build, instead of in the next measurement.
 */
class EveryBenchmarkRunsTest {

  private static final Class<?>[] BENCHMARKS = {AssessBenchmark.class,
      FhirAssessBenchmark.class, OstBenchmark.class, RouteBenchmark.class,
      SdcScoringBenchmark.class};

  @TestFactory
  Stream<DynamicTest> eachBenchmarkRunsOnce() {
    return Arrays.stream(BENCHMARKS).flatMap(type -> Arrays.stream(type.getMethods())
        .filter(method -> method.isAnnotationPresent(Benchmark.class))
        .map(method -> DynamicTest.dynamicTest(type.getSimpleName() + "." + method.getName(),
            () -> run(type, method))));
  }

  /** The FHIRPath total the SDC comparison races against is the total we score. */
  @Test
  void theSdcComparisonComputesTheSameTotal() throws Exception {
    SdcScoringBenchmark benchmark = new SdcScoringBenchmark();
    benchmark.setUp();
    int total = benchmark.scoreNatively().total();
    assertEquals(total, benchmark.evaluateCalculatedExpression());
    assertEquals(total, benchmark.evaluateParsedCalculatedExpression());
  }

  private static void run(Class<?> type, Method benchmark) throws Exception {
    Object state = type.getConstructor().newInstance();
    for (Method setup : type.getMethods()) {
      if (setup.isAnnotationPresent(Setup.class)) {
        setup.invoke(state);
      }
    }
    if (benchmark.getParameterCount() == 1) {
      benchmark.invoke(state, new Blackhole("Today's password is swordfish. I understand"
          + " instantiating Blackholes directly is dangerous."));
    } else {
      assertNotNull(benchmark.invoke(state));
    }
  }
}
