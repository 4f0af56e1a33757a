package org.recoverylink.benchmarks;

import java.util.List;
import java.util.Set;
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
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.screening.Answer;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.screening.Score;

/**
 * Cost of assessing one complete AUDIT response: validation, score, band, the derived AUDIT-C,
 * advice and flags. Responses are built once, as a GP system would hold the form's answers
 * before asking for an assessment. See README.md for the command and the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap keeps page faults of a growing heap out of the figures.
@Fork(value = 4, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class AssessBenchmark {

  private final Assessor assessor = Assessor.standard();

  /** Increasing risk (total 12), answers given as option codes: brief advice, no flags. */
  private final List<Response> increasingRisk = List.of(Response.builder("audit")
      .choose("audit-1", "2-3-times-a-week").choose("audit-2", "3-4")
      .choose("audit-3", "monthly").choose("audit-4", "less-than-monthly")
      .choose("audit-5", "never").choose("audit-6", "never")
      .choose("audit-7", "monthly").choose("audit-8", "less-than-monthly")
      .choose("audit-9", "no").choose("audit-10", "yes-in-last-year").build());

  /**
   * Higher risk (total 18) with a known alcohol-related condition, answers given as points: the
   * busiest AUDIT path (three advices, a referral and a flag).
   */
  private final List<Response> higherRiskWithHarm = List.of(Response.builder("audit")
      .points("audit-1", 3).points("audit-2", 2).points("audit-3", 3).points("audit-4", 2)
      .points("audit-5", 1).points("audit-6", 0).points("audit-7", 2).points("audit-8", 1)
      .points("audit-9", 0).points("audit-10", 4).build());

  /**
   * The increasing-risk response with every id and code a fresh string, as a FHIR parser hands
   * them over: no identity shortcut when matching items and options.
   */
  private final List<Response> increasingRiskParsed = List.of(copyStrings(increasingRisk.get(0)));

  private final Set<KnownCondition> none = Set.of();
  private final Set<KnownCondition> alcoholRelated =
      Set.of(KnownCondition.ALCOHOL_RELATED_CONDITION);

  @Benchmark
  public Assessment assessAuditIncreasingRisk() {
    return assessor.assess(increasingRisk, none);
  }

  @Benchmark
  public Assessment assessAuditHigherRiskWithHarm() {
    return assessor.assess(higherRiskWithHarm, alcoholRelated);
  }

  @Benchmark
  public Assessment assessAuditIncreasingRiskParsedStrings() {
    return assessor.assess(increasingRiskParsed, none);
  }

  @Benchmark
  public Score scoreAuditOnly() {
    return assessor.score(increasingRisk.get(0));
  }

  private static Response copyStrings(Response response) {
    Response.Builder copy = Response.builder(new String(response.instrumentId()));
    for (Answer answer : response.answers()) {
      Answer.Choice choice = (Answer.Choice) answer;
      copy.choose(new String(choice.itemId()), new String(choice.optionCode()));
    }
    return copy.build();
  }
}
