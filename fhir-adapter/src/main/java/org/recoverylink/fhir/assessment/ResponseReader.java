package org.recoverylink.fhir.assessment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.core.screening.AnswerOption;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Reads a QuestionnaireResponse, for our Questionnaires or an externally authored SDC form, into
 * a core {@link Response}, following the recognition and matching rules of docs/http-api.md
 * "Assess". Problems are added to a list with the FHIRPath of the offending element; nothing is
 * thrown for bad input.
 *
 * <p>This runs on every {@code $assess}: the form is read once ({@link Form}), the response in
 * one pass with look-ups by code, and FHIRPath locations are built only for problems.
 */
final class ResponseReader {

  /**
   * A response read.
   *
   * @param instrument  the instrument recognised
   * @param response    the answers as core sees them
   * @param source      the QuestionnaireResponse read
   * @param expression  FHIRPath of the QuestionnaireResponse
   * @param leaves      the response item answering each instrument item (by item index), or
   *                    null where none does
   * @param statedTotal a total the form stated, never trusted
   * @param totalLeaf   the item stating it, or null
   */
  record Read(Instrument instrument, Response response, QuestionnaireResponse source,
      String expression, Leaf[] leaves, OptionalInt statedTotal, Leaf totalLeaf) {

    /** FHIRPath of the answer to an instrument item, or of the response where none was given. */
    String itemExpression(String itemId) {
      Item item = instrument.item(itemId).orElse(null);
      Leaf leaf = item == null ? null : leaves[item.number() - 1];
      return leaf == null ? expression : leaf.answerPath();
    }

    /** FHIRPath of the stated total's answer. */
    String totalExpression() {
      return totalLeaf == null ? expression : totalLeaf.answerPath();
    }
  }

  /**
   * A response item with answers (or without children), wherever it is nested, and its form item
   * if the form has one, and what it is known by (its linkId without '/', then its form item's
   * codes); its FHIRPath is built on demand from the parent's.
   */
  record Leaf(QuestionnaireResponseItemComponent item, String linkId, String parentPath,
      int index, Form.FormItem formItem, List<String> keys) {

    /** Known by its form item's keys, or by its linkId where the form has no such item. */
    Leaf(QuestionnaireResponseItemComponent item, String linkId, String parentPath, int index,
        Form.FormItem formItem) {
      this(item, linkId, parentPath, index, formItem,
          formItem != null ? formItem.keys() : List.of(Form.strip(linkId)));
    }

    List<QuestionnaireResponseItemAnswerComponent> answers() {
      return item.getAnswer();
    }

    String path() {
      return parentPath + ".item[" + index + "]";
    }

    String answerPath() {
      return answers().isEmpty() ? path() : path() + ".answer[0]";
    }

    /** Whether the item is known by this key. */
    boolean knownBy(String key) {
      return keys().contains(key);
    }
  }

  /**
   * LOINC answer list LL358-3, "Not at all" to "Nearly every day", with its points: the answers
   * of LOINC's PHQ and GAD panels, which a form naming them by canonical URL (without the list)
   * leaves us to know. The points are LOINC's, as US Core's, LHC-Forms' and CIRG's published
   * forms give them.
   */
  private static final Map<String, Integer> LL358_3 = Map.of("LA6568-5", 0, "LA6569-3", 1,
      "LA6570-1", 2, "LA6571-9", 3);
  private static final Set<String> FREQUENCY_LIST_INSTRUMENTS = Set.of(Instruments.PHQ_9.id(),
      Instruments.PHQ_2.id(), Instruments.GAD_7.id(), Instruments.GAD_2.id());

  private final Map<String, Form> forms;

  /** @param forms forms given alongside the responses, by canonical url (no version) */
  ResponseReader(Map<String, Form> forms) {
    this.forms = forms;
  }

  /** Reads one response; returns empty (with issues added) when it cannot be scored. */
  Optional<Read> read(QuestionnaireResponse qr, String expression, List<FhirIssue> issues) {
    int before = issues.size();
    String canonical = canonical(qr.getQuestionnaire());
    // Our own Questionnaires need no form: their linkIds, codes and points are core's.
    Form form = forms.get(canonical);
    List<Leaf> leaves = new ArrayList<>();
    collect(qr.getItem(), expression, form, leaves);
    if (form != null && !allOnTheForm(leaves, canonical, expression, issues)) {
      return Optional.empty();
    }
    Instrument instrument = recognise(canonical, form, leaves);
    if (instrument == null) {
      issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, expression, "nothing recognisable:"
          + " the response is not for a built-in Questionnaire, and neither its Questionnaire"
          + " nor its items carry the LOINC panel, total or item codes of an instrument"
          + (canonical.isEmpty() ? "" : " (questionnaire " + Quote.of(canonical) + ")")));
      return Optional.empty();
    }
    Leaf[] matched = match(instrument, form, leaves, expression, issues);
    Response.Builder builder = Response.builder(instrument.id());
    boolean fits = true;
    for (Item item : instrument.items()) {
      Leaf leaf = matched[item.number() - 1];
      if (leaf == null) {
        continue; // core reports it missing
      }
      fits &= fits(instrument, item, leaf, expression, issues);
      List<QuestionnaireResponseItemAnswerComponent> answers = leaf.answers();
      if (answers.isEmpty()) {
        continue; // core reports it missing
      }
      if (answers.size() > 1) {
        issues.add(FhirIssue.error(IssueType.STRUCTURE, leaf.path() + ".answer[1]",
            "item " + Quote.of(leaf.linkId()) + " has " + answers.size()
                + " answers; a scored item takes one"));
        continue;
      }
      if (fits) { // once the form does not fit, its answers mean nothing for this instrument
        answer(instrument, item, leaf, builder, issues);
      }
    }
    if (issues.size() > before) {
      return Optional.empty();
    }
    OptionalInt stated = OptionalInt.empty();
    Leaf totalLeaf = null;
    String totalCode = instrument.totalCode().orElse(null);
    if (totalCode != null) {
      for (Leaf leaf : leaves) {
        if (!leaf.answers().isEmpty() && leaf.knownBy(totalCode)) {
          stated = Form.number(leaf.answers().get(0).getValue());
          totalLeaf = leaf;
        }
      }
    }
    return Optional.of(new Read(instrument, builder.build(), qr, expression, matched, stated,
        totalLeaf));
  }

  /**
   * A response answers its own form: answered items whose linkIds the form does not have mean
   * the response is for another form (or another version), and are refused by name.
   *
   * @return whether every answered item is on the form
   */
  private static boolean allOnTheForm(List<Leaf> leaves, String canonical, String expression,
      List<FhirIssue> issues) {
    List<String> strangers = new ArrayList<>();
    int count = 0;
    for (Leaf leaf : leaves) {
      if (leaf.formItem() == null && !leaf.answers().isEmpty()) {
        count++;
        if (strangers.size() < 5) {
          strangers.add(Quote.of(leaf.linkId()));
        }
      }
    }
    if (count == 0) {
      return true;
    }
    issues.add(FhirIssue.error(IssueType.STRUCTURE, expression, "the response answers "
        + (count == 1 ? "linkId " : "linkIds ") + String.join(", ", strangers)
        + (count > strangers.size() ? " and " + (count - strangers.size()) + " more" : "")
        + ", which " + (count == 1 ? "is not an item" : "are not items") + " of its form "
        + Quote.of(canonical)));
    return false;
  }

  /** A canonical reference without its version. */
  static String canonical(String reference) {
    if (reference == null) {
      return "";
    }
    int bar = reference.indexOf('|');
    return bar < 0 ? reference : reference.substring(0, bar);
  }

  // ---------------------------------------------------------------- structure

  private static void collect(List<QuestionnaireResponseItemComponent> items, String path,
      Form form, List<Leaf> leaves) {
    for (int i = 0; i < items.size(); i++) {
      QuestionnaireResponseItemComponent item = items.get(i);
      String linkId = item.getLinkId() == null ? "" : item.getLinkId();
      // has...() before get...(): HAPI's getters create empty lists on every call otherwise.
      List<QuestionnaireResponseItemAnswerComponent> answers = item.getAnswer();
      boolean children = item.hasItem();
      if (!answers.isEmpty() || !children) {
        Form.FormItem formItem = null;
        if (form != null) {
          Leaf previous = leaves.isEmpty() ? null : leaves.get(leaves.size() - 1);
          formItem = form.item(linkId, previous == null || previous.formItem() == null ? 0
              : previous.formItem().index() + 1);
        }
        leaves.add(new Leaf(item, linkId, path, i, formItem));
      }
      if (children) {
        collect(item.getItem(), path + ".item[" + i + "]", form, leaves);
      }
      for (int a = 0; a < answers.size(); a++) {
        if (answers.get(a).hasItem()) {
          collect(answers.get(a).getItem(), path + ".item[" + i + "].answer[" + a + "]", form,
              leaves);
        }
      }
    }
  }

  /**
   * docs/http-api.md "Assess": our url; else the form's panel code; else a total code; else item
   * codes.
   */
  private static Instrument recognise(String canonical, Form form, List<Leaf> leaves) {
    if (canonical.startsWith(Questionnaires.CANONICAL_BASE)) {
      return Instruments.find(canonical.substring(Questionnaires.CANONICAL_BASE.length()))
          .orElse(null);
    }
    if (form != null && form.panel() != null) {
      return form.panel();
    }
    Recognition recognition = null;
    Set<String> counted = null;
    for (Leaf leaf : leaves) {
      if (leaf.formItem() != null) {
        continue; // counted with its form
      }
      String key = leaf.keys().get(0);
      if (recognition == null) {
        recognition = form == null ? new Recognition() : form.recognition();
        counted = new HashSet<>(form == null ? Set.of() : form.keys());
      }
      if (counted.add(key)) {
        recognition.count(key); // an answered item the form does not have
      }
    }
    if (recognition != null) {
      return recognition.best();
    }
    if (form == null) {
      return null;
    }
    // A short instrument's form that asks the whole of a longer one too (a PHQ-2 that goes on to
    // the PHQ-9): a response answering all of the longer one is that; stopping short, the short.
    Instrument longer = form.longer();
    return longer != null && answersEvery(longer, leaves) ? longer : form.recognised();
  }

  /** Whether every question of the instrument has an answered item in the response. */
  private static boolean answersEvery(Instrument instrument, List<Leaf> leaves) {
    for (Item item : instrument.items()) {
      String key = Questionnaires.linkId(item);
      boolean answered = false;
      for (Leaf leaf : leaves) {
        answered |= !leaf.answers().isEmpty() && leaf.knownBy(key);
      }
      if (!answered) {
        return false;
      }
    }
    return true;
  }

  /** Instrument items to response leaves: by code or id, else by position of scored items. */
  private static Leaf[] match(Instrument instrument, Form form, List<Leaf> leaves,
      String expression, List<FhirIssue> issues) {
    Leaf[] matched = new Leaf[instrument.items().size()];
    boolean known = form != null && form.recognised() == instrument;
    boolean any = false;
    for (Leaf leaf : leaves) {
      if (known && leaf.formItem() != null) {
        for (Item item : form.answers(leaf.formItem())) { // looked up once per form
          claim(instrument, item, leaf, matched, issues);
          any = true;
        }
        continue;
      }
      for (String key : leaf.keys()) {
        Item item = instrument.itemByCodeOrIdOrNull(key);
        if (item != null) {
          claim(instrument, item, leaf, matched, issues);
          any = true;
        }
      }
    }
    if (any || form == null) {
      return matched;
    }
    // No codes at all: the form's scored choice items, in order, when they are as many.
    List<Form.FormItem> scored = new ArrayList<>();
    for (Form.FormItem item : form.items()) {
      if (item.scored()) {
        scored.add(item);
      }
    }
    if (scored.size() != matched.length) {
      issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, expression, "the form is "
          + instrument.title() + " by its codes, but its items carry none of "
          + instrument.id() + "'s item codes and it has " + scored.size() + " weighted"
          + " choice questions, not " + matched.length + ", so they cannot be matched by"
          + " position"));
      return matched;
    }
    for (int i = 0; i < scored.size(); i++) {
      for (Leaf leaf : leaves) {
        if (leaf.formItem() == scored.get(i)) {
          matched[i] = leaf;
          break;
        }
      }
    }
    return matched;
  }

  /**
   * Gives the leaf to the item; a second leaf for the same item (a repeated
   * linkId, or the same code with and without '/') is an error.
   */
  private static void claim(Instrument instrument, Item item, Leaf leaf, Leaf[] matched,
      List<FhirIssue> issues) {
    Leaf holder = matched[item.number() - 1];
    if (holder == null) {
      matched[item.number() - 1] = leaf;
    } else if (holder != leaf) {
      issues.add(FhirIssue.error(IssueType.DUPLICATE, leaf.path(), "linkId "
          + Quote.of(leaf.linkId())
          + " appears more than once: " + instrument.title() + " question " + item.number()
          + " is already answered at " + holder.path()));
    }
  }

  // ---------------------------------------------------------------- answers and points

  /**
   * docs/http-api.md "Assess": a form whose answer points do not fit the instrument is not scored
   * as it. Every weight the form gives an item must be one of the instrument item's points.
   */
  private static boolean fits(Instrument instrument, Item item, Leaf leaf, String expression,
      List<FhirIssue> issues) {
    Form.FormItem formItem = leaf.formItem();
    if (formItem == null || formItem.fits(instrument, item)) {
      return true;
    }
    Set<Integer> offers = new TreeSet<>();
    for (int points : formItem.offered()) {
      offers.add(points);
    }
    Set<Integer> allowed = new TreeSet<>();
    item.options().forEach(o -> allowed.add(o.points()));
    issues.add(FhirIssue.error(IssueType.BUSINESSRULE, expression, "the form's answer points "
        + offers + " for item " + formItem.item().getLinkId() + " do not fit "
        + instrument.title() + " question " + item.number() + " (points " + allowed
        + "), so the form is not scored as " + instrument.id()));
    return false;
  }

  /**
   * An answer's points: a whole number as given; a coding's from its form (option or value-set
   * concept); else the option of the built-in instrument with that code.
   */
  private static void answer(Instrument instrument, Item item, Leaf leaf,
      Response.Builder builder, List<FhirIssue> issues) {
    Type value = leaf.answers().get(0).getValue();
    if (value instanceof IntegerType || value instanceof DecimalType) {
      OptionalInt given = Form.number(value);
      if (given.isPresent()) {
        builder.points(item.id(), given.getAsInt());
        return;
      }
    }
    if (!(value instanceof Coding coding)) {
      issues.add(FhirIssue.error(IssueType.VALUE, leaf.answerPath(), "item "
          + Quote.of(leaf.linkId())
          + " needs a coded answer or integer points, not "
          + (value == null ? "nothing" : value.fhirType())));
      return;
    }
    String code = coding.getCode() == null ? "" : coding.getCode();
    Integer points = leaf.formItem() == null ? null
        : leaf.formItem().points(coding.getSystem(), code);
    if (points != null) {
      builder.points(item.id(), points);
      return;
    }
    if (coding.getSystem() == null || CodeSystems.ANSWER.equals(coding.getSystem())) {
      Optional<AnswerOption> ours = item.option(code);
      if (ours.isPresent()) {
        builder.choose(item.id(), ours.get().code());
        return;
      }
    }
    if ((coding.getSystem() == null || Systems.LOINC.equals(coding.getSystem()))
        && FREQUENCY_LIST_INSTRUMENTS.contains(instrument.id()) && LL358_3.containsKey(code)) {
      builder.points(item.id(), LL358_3.get(code));
      return;
    }
    issues.add(FhirIssue.error(IssueType.VALUE, leaf.answerPath(), "answer "
        + Quote.of(coding.getSystem() + "|" + coding.getCode()) + " to item "
        + Quote.of(leaf.linkId())
        + " has no points: it is not an answer of " + instrument.id() + " and its form gives"
        + " it no ordinalValue or itemWeight"));
  }
}
