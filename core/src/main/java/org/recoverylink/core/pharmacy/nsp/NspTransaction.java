package org.recoverylink.core.pharmacy.nsp;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.recoverylink.core.pharmacy.Checks;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * One visit to a pharmacy needle and syringe programme: what was given, what came back, and the
 * advice and offers that went with it.
 *
 * <p><b>Pseudonymous by construction.</b> The type has no field for an NHS number, a name, an
 * address or any free text: the client is known only by a {@link ClientCode}, and every other
 * field is a code, a count or a size in a fixed format (clinical reference 8.2). The client code
 * is a pseudonym, not anonymity: initials, date of birth and sex together may point to a
 * person, so these records stay patient-level data, and a store keeps only a keyed hash of the
 * code ({@link ClientPseudonym}).
 *
 * <p>Its parts ({@link ClientCode}, {@link Item}, {@link Returns}, {@link Offers}) validate
 * themselves when built; this checks the rest and how the parts fit together, listing every
 * problem. Supply never depends on returns: a visit with nothing returned is recorded as it is.
 *
 * @param id          a UUID the caller chooses, stored in lower case: recording the same id twice
 *                    records one visit
 * @param pharmacy    the pharmacy's ODS code, stored in upper case
 * @param at          when the visit happened, with the UTC offset the pharmacy's clock showed:
 *                    an exact instant that still reads as the local time on the counter
 * @param client      the client's pseudonymous code
 * @param level       the level of service the pharmacy provides
 * @param items       what was given; empty only on a visit that returned equipment
 * @param returns     what came back; {@link Returns#NONE} when nothing did
 * @param substances  what the client says they inject; empty when not said
 * @param advice      advice given; empty when none
 * @param offers      what was offered and what came of it; {@link Offers#NONE} when nothing was
 * @throws InvalidPharmacyDataException listing every problem
 */
public record NspTransaction(String id, String pharmacy, OffsetDateTime at, ClientCode client,
    NspLevel level, List<Item> items, Returns returns, Set<InjectedSubstance> substances,
    Set<Advice> advice, Offers offers) {

  public NspTransaction {
    List<Problem> problems = new ArrayList<>();
    id = Checks.eventId(id, "id", problems);
    pharmacy = Checks.odsCode(pharmacy, "pharmacy", problems);
    Checks.required(at, "at", problems);
    Checks.required(client, "client", problems);
    if (client != null && at != null) {
      client.dateOfBirthProblem(at.toLocalDate()).ifPresent(problems::add);
    }
    Checks.required(level, "level", problems);
    boolean nothingGiven = items != null && items.isEmpty();
    items = items(items, level, problems);
    Checks.required(returns, "returns", problems);
    if (nothingGiven && returns != null && !returns.any()) {
      problems.add(new Problem("items", "a visit gives at least one item, or takes returns"
          + " only"));
    }
    substances = Checks.enumSet(InjectedSubstance.class, substances, "substances", problems);
    advice = Checks.enumSet(Advice.class, advice, "advice", problems);
    Checks.required(offers, "offers", problems);
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  /** Syringes and needles given loose, by pick and mix; packs are counted by {@link #packs()}. */
  public int syringesAndNeedles() {
    return quantityOf(ItemKind.SYRINGE) + quantityOf(ItemKind.NEEDLE);
  }

  /** Packs of any type given. */
  public int packs() {
    return quantityOf(ItemKind.PACK_1ML) + quantityOf(ItemKind.PACK_2ML)
        + quantityOf(ItemKind.PACK_MIXED) + quantityOf(ItemKind.PACK_IPED);
  }

  /** How many of {@code kind} were given, all sizes together. */
  public int quantityOf(ItemKind kind) {
    int total = 0;
    for (Item item : items) {
      total += item.kind() == kind ? item.quantity() : 0;
    }
    return total;
  }

  /** A copy without nulls; at level 1, each pick-and-mix item is a problem (NICE PH52 levels). */
  private static List<Item> items(List<Item> items, NspLevel level, List<Problem> problems) {
    if (items == null) {
      problems.add(new Problem("items", "empty on a returns-only visit, never null"));
      return List.of();
    }
    List<Item> copy = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (item == null) {
        problems.add(new Problem("items[" + i + "]", "required"));
      } else {
        if (level == NspLevel.LEVEL_1 && item.kind().pickAndMix()) {
          problems.add(new Problem("items[" + i + "]", item.kind().display() + " is pick and"
              + " mix, given at level 2 or 3; a level 1 pharmacy records packs"));
        }
        copy.add(item);
      }
    }
    return List.copyOf(copy);
  }
}
