package org.recoverylink.core.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.rules.RuleSet;

/** Every kind of invalid response, alone and together: one exception, every problem, no score. */
class ValidationTest {

  private final Scorer scorer = new Scorer(RuleSet.ukDefault());

  /** A complete, valid AUDIT-C to spoil one answer at a time. */
  private static Response.Builder auditC() {
    return Response.builder("audit-c")
        .choose("audit-c-1", "monthly-or-less")
        .choose("audit-c-2", "3-4");
  }

  private List<Problem> problemsOf(Response response) {
    return assertThrows(InvalidResponseException.class, () -> scorer.score(response)).problems();
  }

  private static Problem problem(ProblemCode code, String item, int answerIndex) {
    return new Problem(code, 0, "audit-c", Optional.of(item),
        answerIndex < 0 ? OptionalInt.empty() : OptionalInt.of(answerIndex), "");
  }

  /** Compares everything but the wording of the message. */
  private static void assertProblems(List<Problem> expected, List<Problem> actual) {
    assertEquals(expected.size(), actual.size(), () -> "problems: " + actual);
    for (int i = 0; i < expected.size(); i++) {
      Problem e = expected.get(i);
      Problem a = actual.get(i);
      assertEquals(List.of(e.code(), e.responseIndex(), e.instrumentId(), e.itemId(),
          e.answerIndex()), List.of(a.code(), a.responseIndex(), a.instrumentId(), a.itemId(),
          a.answerIndex()), () -> "problem " + a);
      assertTrue(a.message().contains(a.itemId().orElse(a.instrumentId())), a.message());
    }
  }

  @Test
  void missingItem() {
    assertProblems(List.of(problem(ProblemCode.MISSING_ITEM, "audit-c-3", -1)),
        problemsOf(auditC().build()));
  }

  @Test
  void unknownItem() {
    assertProblems(List.of(problem(ProblemCode.UNKNOWN_ITEM, "audit-c-4", 3)),
        problemsOf(auditC().choose("audit-c-3", "never").points("audit-c-4", 0).build()));
  }

  @Test
  void optionNotAllowed() {
    assertProblems(List.of(problem(ProblemCode.OPTION_NOT_ALLOWED, "audit-c-3", 2)),
        problemsOf(auditC().choose("audit-c-3", "sometimes").build()));
  }

  @Test
  void optionOfAnotherItemIsNotAllowed() {
    // "3-4" is an answer to question 2 (units), not to question 3 (how often).
    assertProblems(List.of(problem(ProblemCode.OPTION_NOT_ALLOWED, "audit-c-3", 2)),
        problemsOf(auditC().choose("audit-c-3", "3-4").build()));
  }

  @Test
  void pointsNotAllowed() {
    assertProblems(List.of(problem(ProblemCode.POINTS_NOT_ALLOWED, "audit-c-3", 2)),
        problemsOf(auditC().points("audit-c-3", 5).build()));
  }

  @Test
  void auditQuestionsNineAndTenScoreNoTwoOrFourOnly() {
    Response response = Response.builder("audit")
        .points("audit-1", 1).points("audit-2", 1).points("audit-3", 1).points("audit-4", 1)
        .points("audit-5", 1).points("audit-6", 1).points("audit-7", 1).points("audit-8", 1)
        .points("audit-9", 1).points("audit-10", 3).build();

    List<Problem> problems = problemsOf(response);

    assertEquals(List.of(ProblemCode.POINTS_NOT_ALLOWED, ProblemCode.POINTS_NOT_ALLOWED),
        problems.stream().map(Problem::code).toList());
    assertEquals(List.of("audit-9", "audit-10"),
        problems.stream().map(p -> p.itemId().orElseThrow()).toList());
  }

  @Test
  void duplicateAnswer() {
    assertProblems(List.of(problem(ProblemCode.DUPLICATE_ANSWER, "audit-c-1", 3)),
        problemsOf(auditC().choose("audit-c-3", "never").points("audit-c-1", 1).build()));
  }

  @Test
  void duplicateAnswerIsReportedEvenWhenTheFirstWasInvalid() {
    assertProblems(List.of(problem(ProblemCode.OPTION_NOT_ALLOWED, "audit-c-3", 2),
            problem(ProblemCode.DUPLICATE_ANSWER, "audit-c-3", 3)),
        problemsOf(auditC().choose("audit-c-3", "often").choose("audit-c-3", "never").build()));
  }

  @Test
  void everyKindAtOnceInAnswerOrder() {
    Response response = Response.builder("audit-c")
        .choose("audit-c-1", "sometimes")       // 0: option not allowed
        .points("audit-c-2", 7)                  // 1: points not allowed
        .choose("audit-c-9", "never")            // 2: unknown item
        .points("audit-c-2", 1)                  // 3: duplicate
        .build();                                // audit-c-3 missing

    assertProblems(List.of(
        problem(ProblemCode.OPTION_NOT_ALLOWED, "audit-c-1", 0),
        problem(ProblemCode.POINTS_NOT_ALLOWED, "audit-c-2", 1),
        problem(ProblemCode.UNKNOWN_ITEM, "audit-c-9", 2),
        problem(ProblemCode.DUPLICATE_ANSWER, "audit-c-2", 3),
        problem(ProblemCode.MISSING_ITEM, "audit-c-3", -1)), problemsOf(response));
  }

  @Test
  void exceptionMessageListsEveryProblem() {
    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> scorer.score(Response.builder("audit-c").choose("audit-c-1", "x").build()));

    assertTrue(e.getMessage().startsWith("3 problems"), e.getMessage());
    assertTrue(e.getMessage().contains("RL-0004") && e.getMessage().contains("audit-c-2")
        && e.getMessage().contains("audit-c-3"), e.getMessage());
  }

  @Test
  void unknownInstrument() {
    List<Problem> problems = problemsOf(Response.builder("cage").points("cage-1", 1).build());

    assertEquals(1, problems.size());
    assertEquals(ProblemCode.UNKNOWN_INSTRUMENT, problems.get(0).code());
    assertEquals("cage", problems.get(0).instrumentId());
  }

  @Test
  void problemsOfEveryResponseAreReportedTogether() {
    List<Response> responses = List.of(
        Fixtures.withTotal("phq-9", 12),
        Response.builder("gad-2").points("gad-2-1", 4).build(),
        Fixtures.withTotal("phq-9", 3),
        Response.builder("audit-x").build());

    List<Problem> problems = assertThrows(InvalidResponseException.class,
        () -> scorer.scoreAll(responses)).problems();

    assertEquals(List.of(
            "1 " + ProblemCode.POINTS_NOT_ALLOWED, "1 " + ProblemCode.MISSING_ITEM,
            "2 " + ProblemCode.DUPLICATE_INSTRUMENT, "3 " + ProblemCode.UNKNOWN_INSTRUMENT),
        problems.stream().map(p -> p.responseIndex() + " " + p.code()).toList());
  }

  @Test
  void nothingToAssess() {
    List<Problem> problems = assertThrows(InvalidResponseException.class,
        () -> scorer.scoreAll(List.of())).problems();

    assertEquals(List.of(ProblemCode.NO_RESPONSES),
        problems.stream().map(Problem::code).toList());
  }

  @Test
  void problemCodesAreUniqueAndStable() {
    List<String> codes = java.util.Arrays.stream(ProblemCode.values())
        .map(ProblemCode::code).toList();

    assertEquals(codes.size(), codes.stream().distinct().count());
    // Published codes never change meaning: integrators search for them.
    assertEquals("RL-0002", ProblemCode.MISSING_ITEM.code());
    assertEquals("RL-0006", ProblemCode.DUPLICATE_ANSWER.code());
  }
}
