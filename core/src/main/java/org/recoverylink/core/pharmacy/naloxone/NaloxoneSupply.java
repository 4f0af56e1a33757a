package org.recoverylink.core.pharmacy.naloxone;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.pharmacy.Checks;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.rules.Coded;

/**
 * A take-home naloxone supply at a pharmacy, with the fields the clinical reference suggests
 * (section 8.3, a design proposal [U]). Like a needle-exchange visit it names nobody: the
 * recipient is known at most by a pseudonymous {@link ClientCode}.
 *
 * <p>Training is recorded as given, never required here: a first supply without training is
 * still a supply; {@link NaloxoneRules#record(NaloxoneSupply)} prompts about it.
 *
 * @param id        a UUID the caller chooses, stored in lower case: recording the same id twice
 *                  records one supply
 * @param pharmacy  the pharmacy's ODS code, stored in upper case
 * @param at        when the kits were supplied, with the UTC offset of the pharmacy's clock
 * @param recipient who took the kits
 * @param product   which kind of kit
 * @param kits      how many kits, 1 to {@value #MAX_KITS}
 * @param reason    why the kits were supplied
 * @param training  what the training covered; empty when none was given
 * @param client    the recipient's client code; empty when none was given (a worker or a
 *                  family member may not give one)
 * @param useReport what is known of the overdose the previous kit was used on: only with
 *                  {@link Reason#REPLACEMENT_USED_ON_OVERDOSE}, and optional even then
 * @throws InvalidPharmacyDataException listing every problem
 */
public record NaloxoneSupply(String id, String pharmacy, OffsetDateTime at, Recipient recipient,
    Product product, int kits, Reason reason, Set<Training> training, Optional<ClientCode> client,
    Optional<UseReport> useReport) {

  /** More kits than this in one supply are taken for a typing error. */
  public static final int MAX_KITS = 10;

  /** Who took the kits. */
  public enum Recipient implements Coded {
    PERSON_AT_RISK("person-at-risk", "The person at risk of overdose"),
    FAMILY_OR_FRIEND("family-or-friend", "A family member or friend"),
    /** E.g. a hostel or outreach worker. */
    WORKER("worker", "A worker");

    private final String code;
    private final String display;

    Recipient(String code, String display) {
      this.code = code;
      this.display = display;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public String display() {
      return display;
    }
  }

  /** The kind of kit; the exact product is the dm+d's business (codes not gathered yet). */
  public enum Product implements Coded {
    /** A pre-filled syringe kit injected into a muscle, e.g. of the Prenoxad type. */
    INTRAMUSCULAR("intramuscular", "Intramuscular naloxone kit"),
    /** A nasal spray, e.g. of the Nyxoid type. */
    INTRANASAL("intranasal", "Intranasal naloxone");

    private final String code;
    private final String display;

    Product(String code, String display) {
      this.code = code;
      this.display = display;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public String display() {
      return display;
    }
  }

  /** Why the kits were supplied. */
  public enum Reason implements Coded {
    FIRST_SUPPLY("first-supply", "First supply"),
    /** The previous kit was used on an overdose: reported as naloxone used. */
    REPLACEMENT_USED_ON_OVERDOSE("replacement-used", "Replacement: used on an overdose"),
    LOST("lost", "Replacement: lost"),
    EXPIRED("expired", "Replacement: expired"),
    CONFISCATED("confiscated", "Replacement: confiscated");

    private final String code;
    private final String display;

    Reason(String code, String display) {
      this.code = code;
      this.display = display;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public String display() {
      return display;
    }
  }

  /** What the training covered. */
  public enum Training implements Coded {
    RECOGNISING_AN_OVERDOSE("recognising-overdose", "recognising an overdose"),
    CALLING_999("calling-999", "calling 999"),
    RECOVERY_POSITION("recovery-position", "the recovery position"),
    GIVING_NALOXONE("giving-naloxone", "giving naloxone"),
    STAYING_UNTIL_HELP_ARRIVES("staying-until-help-arrives", "staying until help arrives");

    private final String code;
    private final String display;

    Training(String code, String display) {
      this.code = code;
      this.display = display;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public String display() {
      return display;
    }
  }

  public NaloxoneSupply {
    List<Problem> problems = new ArrayList<>();
    id = Checks.eventId(id, "id", problems);
    pharmacy = Checks.odsCode(pharmacy, "pharmacy", problems);
    Checks.required(at, "at", problems);
    Checks.required(recipient, "recipient", problems);
    Checks.required(product, "product", problems);
    if (kits < 1 || kits > MAX_KITS) {
      problems.add(new Problem("kits", "1 to " + MAX_KITS + " kits"));
    }
    Checks.required(reason, "reason", problems);
    training = Checks.enumSet(Training.class, training, "training", problems);
    if (client == null) {
      problems.add(new Problem("client", "empty when no code was given, never null"));
    } else if (client.isPresent() && at != null) {
      client.get().dateOfBirthProblem(at.toLocalDate()).ifPresent(problems::add);
    }
    if (useReport == null) {
      problems.add(new Problem("useReport", "empty when nothing is known, never null"));
    } else if (useReport.isPresent()) {
      if (reason != null && reason != Reason.REPLACEMENT_USED_ON_OVERDOSE) {
        problems.add(new Problem("useReport", "only a replacement for a kit used on an overdose"
            + " carries a use report"));
      }
      if (at != null && useReport.get().used().filter(at.toLocalDate()::isBefore).isPresent()) {
        problems.add(new Problem("useReport.used", "after the replacement was supplied"));
      }
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }
}
