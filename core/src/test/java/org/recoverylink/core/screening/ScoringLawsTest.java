package org.recoverylink.core.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.recoverylink.core.rules.RuleSet;

/**
 * The laws of scoring, checked over every possible complete response of every instrument (all
 * 3.5 million AUDITs included), each given in a shuffled order with a random mix of option codes
 * and points: the total is the sum of the chosen options' points, it lies within the instrument's
 * range, and a range-banded total lands in the band whose range holds it.
 */
class ScoringLawsTest {

  private final Scorer scorer = new Scorer(RuleSet.ukDefault());

  @TestFactory
  Stream<DynamicTest> everyResponseOfEveryInstrument() {
    return Instruments.all().stream()
        .map(instrument -> DynamicTest.dynamicTest(instrument.id(), () -> check(instrument)));
  }

  private void check(Instrument instrument) {
    Random random = new Random(instrument.id().hashCode()); // reproducible
    List<Item> items = instrument.items();
    int[] choice = new int[items.size()];
    long checked = 0;
    do {
      int asked = askedItems(instrument, items, choice);
      List<Answer> answers = new ArrayList<>(asked);
      int expected = 0;
      for (int i = 0; i < asked; i++) {
        AnswerOption option = items.get(i).options().get(choice[i]);
        expected += option.points();
        answers.add(random.nextBoolean()
            ? new Answer.Choice(option.itemId(), option.code())
            : new Answer.Points(option.itemId(), option.points()));
      }
      Collections.shuffle(answers, random);

      Score score = scorer.score(new Response(instrument.id(), answers));

      assertEquals(expected, score.total());
      assertEquals(expected, score.answers().stream().mapToInt(AnswerOption::points).sum());
      assertEquals(asked, score.answers().size());
      assertTrue(score.total() >= instrument.minTotal() && score.total() <= instrument.maxTotal(),
          () -> instrument.id() + " total " + score.total() + " out of range");
      if (instrument.banding() instanceof Banding.Ranges ranges) {
        int total = score.total();
        assertTrue(ranges.ranges().stream()
            .anyMatch(r -> r.band().equals(score.band()) && r.contains(total)));
      }
      checked++;
    } while (next(choice, items, askedItems(instrument, items, choice)));
    assertTrue(checked >= expectedCount(instrument), instrument.id() + " checked " + checked);
  }

  /** FAST asks questions 2-4 only when question 1 scored 1 or 2 (Hodgson 2002). */
  private static int askedItems(Instrument instrument, List<Item> items, int[] choice) {
    if (instrument != Instruments.FAST) {
      return items.size();
    }
    int q1 = items.get(0).options().get(choice[0]).points();
    return q1 == 1 || q1 == 2 ? items.size() : 1;
  }

  /** Advances the odometer over the asked items; false once every combination was visited. */
  private static boolean next(int[] choice, List<Item> items, int asked) {
    for (int i = asked - 1; i >= 0; i--) {
      if (++choice[i] < items.get(i).options().size()) {
        return true;
      }
      choice[i] = 0;
    }
    return false;
  }

  private static long expectedCount(Instrument instrument) {
    if (instrument == Instruments.FAST) {
      return 3 + 2 * 5 * 5 * 3; // Q1 decisive three ways; otherwise every Q2-Q4
    }
    long count = 1;
    for (Item item : instrument.items()) {
      count *= item.options().size();
    }
    return count;
  }
}
