package org.recoverylink.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.recoverylink.core.assessment.Advice;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Flag;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.Rationale;
import org.recoverylink.core.screening.InvalidResponseException;
import org.recoverylink.core.screening.Problem;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.screening.Score;

/**
 * What a GP system does in the consultation: take the answers the patient gave, assess them, and
 * show the scores, the brief-intervention advice and any flags, each with its reasons.
 *
 * <p>Run it with the README's first command.
 */
public final class ScreeningExample {

  private ScreeningExample() {
  }

  public static void main(String[] args) {
    PrintStream out = System.out;

    // The answers as the practice form captured them: option codes, or points where the form
    // stored points only.
    Response audit = Response.builder("audit")
        .choose("audit-1", "2-3-times-a-week")
        .choose("audit-2", "5-6")
        .choose("audit-3", "weekly")
        .choose("audit-4", "monthly")
        .choose("audit-5", "less-than-monthly")
        .choose("audit-6", "never")
        .choose("audit-7", "monthly")
        .choose("audit-8", "less-than-monthly")
        .choose("audit-9", "no")
        .points("audit-10", 4)
        .build();
    Response phq9 = Response.builder("phq-9")
        .points("phq-9-1", 2).points("phq-9-2", 2).points("phq-9-3", 1)
        .points("phq-9-4", 2).points("phq-9-5", 1).points("phq-9-6", 1)
        .points("phq-9-7", 1).points("phq-9-8", 0).points("phq-9-9", 1)
        .build();

    // What the record already says: the patient has alcohol-related liver disease.
    Assessment result = Assessor.standard().assess(List.of(audit, phq9),
        Set.of(KnownCondition.ALCOHOL_RELATED_CONDITION));
    print(result, out);

    // Invalid input is refused as a whole, with every problem listed.
    Response careless = Response.builder("audit-c")
        .choose("audit-c-1", "sometimes")
        .points("audit-c-2", 5)
        .build();
    try {
      Assessor.standard().assess(careless);
    } catch (InvalidResponseException e) {
      out.println();
      out.println("A careless form is refused, nothing scored:");
      for (Problem problem : e.problems()) {
        out.println("  " + problem);
      }
    }
  }

  static void print(Assessment result, PrintStream out) {
    out.println("Assessment under rule set " + result.ruleSet());
    out.println();
    out.println("Scores");
    for (Score score : result.scores()) {
      out.printf("  %-8s %2d  %-20s %s%n", score.instrumentId(), score.total(),
          score.band().display(), score.rationale().rule().id());
    }
    out.println();
    out.println("Advice (most urgent first)");
    for (Advice advice : result.advice()) {
      out.println("  " + advice.action().display());
      for (Rationale why : advice.rationales()) {
        out.println("      because " + why.explain());
      }
    }
    out.println();
    out.println("Flags");
    if (result.flags().isEmpty()) {
      out.println("  none");
    }
    for (Flag flag : result.flags()) {
      out.println("  " + flag.code().display());
      out.println("      because " + flag.rationale().explain());
    }
  }
}
