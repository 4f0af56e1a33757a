package org.recoverylink.fhir.assessment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemAnswerOptionComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * An externally authored Questionnaire, read once: its items by linkId (in form order), what
 * each item is known by, and the points of each answer, wherever the form keeps them
 * ({@code ordinalValue} or {@code itemWeight} on an answer option or its coding, or on a concept
 * of a contained answerValueSet). Immutable; responses to the same form share one.
 */
final class Form {

  static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";

  /** An answer a form offers: its system (null: any) and its points (null: none given). */
  record Choice(String code, String system, Integer points) {
  }

  /**
   * A form item.
   *
   * @param item    the Questionnaire item
   * @param keys    what it is known by: its linkId without a leading '/', then its
   *                {@code item.code} codes, each once
   * @param options its coded answer options
   * @param concepts the concepts of its answerValueSet
   * @param offered every weight the item offers, in the order found
   * @param offeredMask the offered weights as a bit set ({@link Instrument#pointsMask})
   * @param offersOther whether it offers a weight outside 0 to 63, which no instrument scores
   * @param scored  a choice item with at least one weighted option or value-set concept (for
   *                positional matching)
   * @param index   its position in the form (depth first)
   */
  record FormItem(QuestionnaireItemComponent item, List<String> keys, Choice[] options,
      Choice[] concepts, int[] offered, long offeredMask, boolean offersOther, boolean scored,
      int index) {

    /** Whether every weight it offers is one the instrument item scores. */
    boolean fits(Instrument instrument, Item item) {
      return !offersOther && (offeredMask & ~instrument.pointsMask(item)) == 0;
    }

    /**
     * The points of an answer: from the one option with its code (and system, if it has one),
     * else from the one answerValueSet concept; null if neither gives any.
     */
    Integer points(String system, String code) {
      Choice option = only(options, code, system);
      if (option != null && option.points() != null) {
        return option.points();
      }
      Choice concept = only(concepts, code, system);
      return concept == null ? null : concept.points();
    }

    /** A handful of options: a scan beats hashing the code. */
    private static Choice only(Choice[] choices, String code, String system) {
      Choice found = null;
      for (Choice choice : choices) {
        if (code.equals(choice.code()) && (system == null || choice.system() == null
            || system.equals(choice.system()))) {
          if (found != null) {
            return null; // ambiguous: a system-less answer matching two options
          }
          found = choice;
        }
      }
      return found;
    }
  }

  private final Map<String, FormItem> items = new LinkedHashMap<>();
  private final Set<String> keys = new HashSet<>();
  private final Instrument panel;
  private final Recognition recognition = new Recognition();
  private final FormItem[] ordered;
  private final Instrument recognised;
  /** A longer instrument holding every question of the recognised one, all on the form. */
  private final Instrument longer;
  /** For the recognised instrument: the items each form item's keys name (by form index). */
  private final List<List<Item>> answers = new ArrayList<>();

  /**
   * Reads a form. Nothing of the Questionnaire itself is kept: the cache holding forms by
   * Questionnaire instance has weak keys, which a value referring to its key would pin.
   */
  Form(Questionnaire questionnaire) {
    collect(questionnaire, questionnaire.getItem());
    this.panel = panel(questionnaire.getCode(), questionnaire.getItem());
    this.ordered = items.values().toArray(new FormItem[0]);
    for (FormItem item : items.values()) {
      keys.addAll(item.keys());
    }
    keys.forEach(recognition::count);
    int scored = 0;
    for (FormItem item : ordered) {
      scored += item.scored() ? 1 : 0;
    }
    this.recognised = panel != null ? panel : recognition.best(scored);
    this.longer = longer(recognised, keys);
    for (FormItem item : items.values()) {
      List<Item> named = new ArrayList<>(1);
      for (String key : recognised == null ? List.<String>of() : item.keys()) {
        Item answered = recognised.itemByCodeOrIdOrNull(key);
        if (answered != null && !named.contains(answered)) {
          named.add(answered);
        }
      }
      answers.add(List.copyOf(named));
    }
  }

  /**
   * The instrument whose LOINC panel code the form carries: on the Questionnaire, else on a
   * group that holds the questions (as some publishers code it), or null.
   */
  private static Instrument panel(List<Coding> codes, List<QuestionnaireItemComponent> items) {
    for (Coding code : codes) {
      Optional<Instrument> found = Instruments.findByPanelCode(code.getCode());
      if (found.isPresent()) {
        return found.get();
      }
    }
    for (QuestionnaireItemComponent item : items) {
      if (item.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
        Instrument found = panel(item.getCode(), item.getItem());
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The items of the recognised instrument a form item's keys name (usually one, or none). */
  List<Item> answers(FormItem item) {
    return answers.get(item.index());
  }

  /**
   * The longest instrument whose every question is on the form (by code) and holds every
   * question of the recognised one, when it is longer: the PHQ-9 of a form that scores a PHQ-2
   * and goes on to the rest of the PHQ-9. Null if none.
   */
  Instrument longer() {
    return longer;
  }

  private static Instrument longer(Instrument recognised, Set<String> keys) {
    if (recognised == null) {
      return null;
    }
    Instrument longest = null;
    for (Instrument candidate : Instruments.all()) {
      if (candidate.items().size() > recognised.items().size()
          && (longest == null || candidate.items().size() > longest.items().size())
          && candidate.items().stream().allMatch(i -> keys.contains(Questionnaires.linkId(i)))
          && recognised.items().stream().allMatch(i -> candidate.itemByCodeOrIdOrNull(
              Questionnaires.linkId(i)) != null)) {
        longest = candidate;
      }
    }
    return longest;
  }

  /** What the form says it is: its panel code, else what its own items say (or null). */
  Instrument recognised() {
    return recognised;
  }

  /** What the form's own items say it is (a copy the caller may add to). */
  Recognition recognition() {
    return recognition.copy();
  }

  /**
   * The form item with this linkId, trying the item at {@code hint} first: responses list their
   * items in form order, so the item after the previous one found is usually the one.
   */
  FormItem item(String linkId, int hint) {
    if (hint >= 0 && hint < ordered.length && linkId.equals(ordered[hint].item().getLinkId())) {
      return ordered[hint];
    }
    return items.get(linkId);
  }

  /** Every item, in form order. */
  Iterable<FormItem> items() {
    return items.values();
  }

  /** The instrument whose LOINC panel code the form or one of its groups carries, or null. */
  Instrument panel() {
    return panel;
  }

  /** Everything the form's items are known by: linkIds without '/', and item codes. */
  Set<String> keys() {
    return keys;
  }

  static String strip(String linkId) {
    return linkId == null ? "" : linkId.startsWith("/") ? linkId.substring(1) : linkId;
  }

  private void collect(Questionnaire form, List<QuestionnaireItemComponent> children) {
    for (QuestionnaireItemComponent child : children) {
      String linkId = child.getLinkId() == null ? "" : child.getLinkId();
      if (!items.containsKey(linkId)) {
        items.put(linkId, read(form, child)); // read() numbers it by the items so far
      }
      collect(form, child.getItem());
    }
  }

  private FormItem read(Questionnaire form, QuestionnaireItemComponent item) {
    List<String> codes = new ArrayList<>();
    for (Coding code : item.getCode()) {
      if (code.getCode() != null) {
        codes.add(code.getCode());
      }
    }
    List<Choice> options = new ArrayList<>();
    List<Integer> offered = new ArrayList<>();
    boolean weighted = false;
    for (QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
      Integer points = weight(option);
      if (points == null && option.hasValueCoding()) {
        points = weight(option.getValueCoding());
      }
      if (points != null) {
        offered.add(points);
        weighted = true;
      }
      if (option.hasValueCoding() && option.getValueCoding().getCode() != null) {
        Coding coding = option.getValueCoding();
        options.add(new Choice(coding.getCode(), coding.getSystem(), points));
      }
    }
    List<Choice> concepts = new ArrayList<>();
    ValueSet valueSet = valueSet(form, item);
    if (valueSet != null) {
      for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
        for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
          addConcept(concepts, offered, concept.getCode(), include.getSystem(), weight(concept));
        }
      }
      for (ValueSet.ValueSetExpansionContainsComponent contains
          : valueSet.getExpansion().getContains()) {
        addConcept(concepts, offered, contains.getCode(), contains.getSystem(),
            weight(contains));
      }
    }
    // Weighted by its options or by the concepts of its value set (the SDC PHQ-9 example).
    weighted |= concepts.stream().anyMatch(concept -> concept.points() != null);
    boolean scored = item.getType() == Questionnaire.QuestionnaireItemType.CHOICE && weighted;
    String key = strip(item.getLinkId());
    List<String> keys = new ArrayList<>(List.of(key));
    codes.stream().filter(code -> !keys.contains(code)).forEach(keys::add);
    long mask = 0;
    boolean other = false;
    for (int points : offered) {
      if (points >= 0 && points < Long.SIZE) {
        mask |= 1L << points;
      } else {
        other = true;
      }
    }
    return new FormItem(item, List.copyOf(keys),
        options.toArray(new Choice[0]), concepts.toArray(new Choice[0]),
        offered.stream().mapToInt(Integer::intValue).toArray(), mask, other, scored,
        items.size());
  }

  private static void addConcept(List<Choice> concepts, List<Integer> offered,
      String code, String system, Integer points) {
    if (points != null) {
      offered.add(points);
    }
    if (code != null) {
      concepts.add(new Choice(code, system, points));
    }
  }

  /**
   * The answerValueSet of a form item: contained ({@code #id}), or contained and referred to
   * by its canonical url. Other canonical value sets are not fetched.
   */
  private static ValueSet valueSet(Questionnaire form, QuestionnaireItemComponent item) {
    String reference = item.getAnswerValueSet();
    if (reference == null) {
      return null;
    }
    String local = reference.startsWith("#") ? reference.substring(1) : null;
    String url = ResponseReader.canonical(reference);
    for (Resource contained : form.getContained()) {
      if (contained instanceof ValueSet vs && (local != null
          ? local.equals(contained.getIdPart()) : url.equals(vs.getUrl()))) {
        return vs;
      }
    }
    return null;
  }

  /** The points in an ordinalValue or itemWeight extension on an element, or null. */
  private static Integer weight(Element element) {
    for (Extension extension : element.getExtension()) {
      String url = extension.getUrl();
      if (Questionnaires.ORDINAL_VALUE.equals(url) || ITEM_WEIGHT.equals(url)) {
        OptionalInt value = number(extension.getValue());
        if (value.isPresent()) {
          return value.getAsInt();
        }
      }
    }
    return null;
  }

  /** A whole number, from an integer, decimal or quantity; empty for anything else. */
  static OptionalInt number(Type value) {
    if (value instanceof IntegerType integer && integer.getValue() != null) {
      return OptionalInt.of(integer.getValue());
    }
    if (value instanceof DecimalType decimal && isWhole(decimal.getValue())) {
      return OptionalInt.of(decimal.getValue().intValueExact());
    }
    if (value instanceof Quantity quantity && isWhole(quantity.getValue())) {
      return OptionalInt.of(quantity.getValue().intValueExact());
    }
    return OptionalInt.empty();
  }

  private static boolean isWhole(BigDecimal value) {
    return value != null && value.abs().compareTo(BigDecimal.valueOf(1000)) < 0
        && value.stripTrailingZeros().scale() <= 0;
  }
}
