package org.recoverylink.fhir.assess;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.recoverylink.core.screening.AnswerOption;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;
import org.recoverylink.core.screening.Response;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.questionnaire.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * Reads a QuestionnaireResponse, for our Questionnaires or an externally authored SDC form, into
 * a core {@link Response}, following API.md's recognition and matching rules. Problems are added
 * to a list with the FHIRPath of the offending element; nothing is thrown for bad input.
 */
final class ResponseReader {

  static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";

  /**
   * A response read.
   *
   * @param instrument      the instrument recognised
   * @param response        the answers as core sees them
   * @param source          the QuestionnaireResponse read
   * @param expression      FHIRPath of the QuestionnaireResponse
   * @param itemExpressions FHIRPath of each instrument item's answer (by core item id)
   * @param statedTotal     a total the form stated, never trusted
   * @param totalExpression FHIRPath of the stated total
   */
  record Read(Instrument instrument, Response response, QuestionnaireResponse source,
      String expression, Map<String, String> itemExpressions, OptionalInt statedTotal,
      String totalExpression) {
  }

  /** A leaf item of a response, wherever it is nested. */
  private record Leaf(String linkId, List<QuestionnaireResponseItemAnswerComponent> answers,
      String path) {
  }

  private final Map<String, Questionnaire> forms;

  /** @param forms Questionnaires given alongside the responses, by canonical url (no version) */
  ResponseReader(Map<String, Questionnaire> forms) {
    this.forms = forms;
  }

  /** Reads one response; returns empty (with issues added) when it cannot be scored. */
  Optional<Read> read(QuestionnaireResponse qr, String expression, List<FhirIssue> issues) {
    int before = issues.size();
    String canonical = qr.getQuestionnaire() == null ? "" : qr.getQuestionnaire().split("\\|")[0];
    // Our own Questionnaires need no form: their linkIds, codes and points are core's.
    Questionnaire form = forms.get(canonical);
    List<Leaf> leaves = new ArrayList<>();
    collect(qr.getItem(), expression, leaves, issues);
    Map<String, QuestionnaireItemComponent> formItems = new LinkedHashMap<>();
    if (form != null) {
      collectForm(form.getItem(), formItems);
    }
    Optional<Instrument> recognised = recognise(canonical, form, formItems, leaves);
    if (recognised.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, expression, "nothing recognisable:"
          + " the response is not for a built-in Questionnaire, and neither its Questionnaire"
          + " nor its items carry the LOINC panel, total or item codes of an instrument"
          + (canonical.isEmpty() ? "" : " (questionnaire " + canonical + ")")));
      return Optional.empty();
    }
    Instrument instrument = recognised.get();
    Map<Item, Leaf> matched = match(instrument, formItems, leaves);
    checkPointsFit(instrument, form, formItems, matched, expression, issues);
    Response.Builder builder = Response.builder(instrument.id());
    Map<String, String> itemExpressions = new HashMap<>();
    for (Map.Entry<Item, Leaf> entry : matched.entrySet()) {
      Item item = entry.getKey();
      Leaf leaf = entry.getValue();
      itemExpressions.put(item.id(), leaf.path());
      if (leaf.answers().isEmpty()) {
        continue; // core reports it missing
      }
      if (leaf.answers().size() > 1) {
        issues.add(FhirIssue.error(IssueType.STRUCTURE, leaf.path() + ".answer[1]",
            "item " + leaf.linkId() + " has " + leaf.answers().size()
                + " answers; a scored item takes one"));
        continue;
      }
      String at = leaf.path() + ".answer[0]";
      itemExpressions.put(item.id(), at);
      answer(instrument, item, formItems.get(leaf.linkId()), form, leaf, at, builder, issues);
    }
    if (issues.size() > before) {
      return Optional.empty();
    }
    OptionalInt stated = OptionalInt.empty();
    String totalAt = expression;
    for (Leaf leaf : leaves) {
      if (isTotal(instrument, leaf, formItems) && !leaf.answers().isEmpty()) {
        stated = number(leaf.answers().get(0).getValue());
        totalAt = leaf.path() + ".answer[0]";
      }
    }
    return Optional.of(new Read(instrument, builder.build(), qr, expression, itemExpressions,
        stated, totalAt));
  }

  // ---------------------------------------------------------------- structure

  private void collect(List<QuestionnaireResponseItemComponent> items, String path,
      List<Leaf> leaves, List<FhirIssue> issues) {
    for (int i = 0; i < items.size(); i++) {
      QuestionnaireResponseItemComponent item = items.get(i);
      String here = path + ".item[" + i + "]";
      String linkId = item.getLinkId() == null ? "" : item.getLinkId();
      if (leaves.stream().anyMatch(l -> l.linkId().equals(linkId))) {
        issues.add(FhirIssue.error(IssueType.DUPLICATE, here, "linkId " + linkId
            + " appears more than once"));
      }
      if (item.hasAnswer() || !item.hasItem()) {
        leaves.add(new Leaf(linkId, item.getAnswer(), here));
      }
      collect(item.getItem(), here, leaves, issues);
      for (int a = 0; a < item.getAnswer().size(); a++) {
        collect(item.getAnswer().get(a).getItem(), here + ".answer[" + a + "]", leaves, issues);
      }
    }
  }

  private static void collectForm(List<QuestionnaireItemComponent> items,
      Map<String, QuestionnaireItemComponent> byLinkId) {
    for (QuestionnaireItemComponent item : items) {
      byLinkId.putIfAbsent(item.getLinkId(), item);
      collectForm(item.getItem(), byLinkId);
    }
  }

  /** API.md: our url; else the form's panel code; else a total code; else item codes. */
  private static Optional<Instrument> recognise(String canonical, Questionnaire form,
      Map<String, QuestionnaireItemComponent> formItems, List<Leaf> leaves) {
    if (canonical.startsWith(Questionnaires.CANONICAL_BASE)) {
      return Instruments.find(canonical.substring(Questionnaires.CANONICAL_BASE.length()));
    }
    Set<String> keys = new TreeSet<>();
    if (form != null) {
      for (Coding code : form.getCode()) {
        Optional<Instrument> byPanel = Instruments.findByPanelCode(code.getCode());
        if (byPanel.isPresent()) {
          return byPanel;
        }
      }
      formItems.values().forEach(i -> i.getCode().forEach(c -> keys.add(c.getCode())));
    }
    leaves.forEach(l -> keys.add(strip(l.linkId())));
    List<Instrument> byTotal = Instruments.all().stream()
        .filter(i -> i.totalCode().filter(keys::contains).isPresent()).toList();
    List<Instrument> candidates = byTotal.isEmpty() ? Instruments.all() : byTotal;
    Instrument best = null;
    int bestMatches = 0;
    for (Instrument instrument : candidates) {
      int matches = (int) instrument.items().stream().filter(i -> keys.contains(i.id())
          || i.code().filter(keys::contains).isPresent()).count();
      // More matched items wins; on a tie the smaller instrument, which the form covers fully.
      if (matches > bestMatches || (matches == bestMatches && best != null && matches > 0
          && instrument.items().size() < best.items().size())) {
        best = instrument;
        bestMatches = matches;
      }
    }
    if (best == null && byTotal.size() == 1) {
      return Optional.of(byTotal.get(0)); // uncoded items: matched by position below
    }
    return Optional.ofNullable(best);
  }

  /** Instrument items to response leaves: by code or id, else by position of scored items. */
  private static Map<Item, Leaf> match(Instrument instrument,
      Map<String, QuestionnaireItemComponent> formItems, List<Leaf> leaves) {
    Map<Item, Leaf> matched = new LinkedHashMap<>();
    for (Item item : instrument.items()) {
      for (Leaf leaf : leaves) {
        Set<String> keys = keys(leaf, formItems);
        if (keys.contains(item.id()) || item.code().filter(keys::contains).isPresent()) {
          matched.putIfAbsent(item, leaf);
        }
      }
    }
    if (!matched.isEmpty()) {
      return matched;
    }
    // No codes at all: the form's scored choice items, in order, when they are as many.
    List<QuestionnaireItemComponent> scored = formItems.values().stream()
        .filter(i -> i.getType() == Questionnaire.QuestionnaireItemType.CHOICE
            && i.getAnswerOption().stream().anyMatch(o -> weight(o).isPresent()))
        .toList();
    if (scored.size() == instrument.items().size()) {
      for (int i = 0; i < scored.size(); i++) {
        String linkId = scored.get(i).getLinkId();
        Item item = instrument.items().get(i);
        leaves.stream().filter(l -> l.linkId().equals(linkId)).findFirst()
            .ifPresent(leaf -> matched.put(item, leaf));
      }
    }
    return matched;
  }

  private static Set<String> keys(Leaf leaf, Map<String, QuestionnaireItemComponent> formItems) {
    Set<String> keys = new TreeSet<>();
    keys.add(strip(leaf.linkId()));
    QuestionnaireItemComponent formItem = formItems.get(leaf.linkId());
    if (formItem != null) {
      formItem.getCode().forEach(c -> keys.add(c.getCode()));
    }
    return keys;
  }

  private static boolean isTotal(Instrument instrument, Leaf leaf,
      Map<String, QuestionnaireItemComponent> formItems) {
    return instrument.totalCode().filter(keys(leaf, formItems)::contains).isPresent();
  }

  private static String strip(String linkId) {
    return linkId.startsWith("/") ? linkId.substring(1) : linkId;
  }

  // ---------------------------------------------------------------- answers and points

  /** API.md: a form whose answer points do not fit the instrument is not scored as it. */
  private void checkPointsFit(Instrument instrument, Questionnaire form,
      Map<String, QuestionnaireItemComponent> formItems, Map<Item, Leaf> matched,
      String expression, List<FhirIssue> issues) {
    if (form == null) {
      return;
    }
    for (Map.Entry<Item, Leaf> entry : matched.entrySet()) {
      QuestionnaireItemComponent formItem = formItems.get(entry.getValue().linkId());
      if (formItem == null) {
        continue;
      }
      Set<Integer> offered = new TreeSet<>();
      formItem.getAnswerOption().forEach(o -> weight(o).ifPresent(offered::add));
      valueSet(form, formItem).ifPresent(vs -> concepts(vs).forEach(c ->
          weight(c).ifPresent(offered::add)));
      Set<Integer> allowed = new TreeSet<>();
      entry.getKey().options().forEach(o -> allowed.add(o.points()));
      if (!allowed.containsAll(offered)) {
        issues.add(FhirIssue.error(IssueType.BUSINESSRULE, expression, "the form's answer"
            + " points " + offered + " for item " + formItem.getLinkId() + " do not fit "
            + instrument.title() + " question " + entry.getKey().number() + " (points "
            + allowed + "), so the form is not scored as " + instrument.id()));
      }
    }
  }

  private void answer(Instrument instrument, Item item, QuestionnaireItemComponent formItem,
      Questionnaire form, Leaf leaf, String at, Response.Builder builder,
      List<FhirIssue> issues) {
    Type value = leaf.answers().get(0).getValue();
    OptionalInt given = value instanceof IntegerType || value instanceof DecimalType
        ? number(value) : OptionalInt.empty();
    if (given.isPresent()) {
      builder.points(item.id(), given.getAsInt());
      return;
    }
    if (!(value instanceof Coding coding)) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, "item " + leaf.linkId() + " needs a"
          + " coded answer or integer points, not " + (value == null ? "nothing" : value.fhirType())));
      return;
    }
    OptionalInt points = formPoints(form, formItem, coding);
    if (points.isPresent()) {
      builder.points(item.id(), points.getAsInt());
      return;
    }
    Optional<AnswerOption> ours = item.options().stream().filter(o -> o.code().equals(
        coding.getCode()) && (coding.getSystem() == null
            || CodeSystems.ANSWER.equals(coding.getSystem()))).findFirst();
    if (ours.isPresent()) {
      builder.choose(item.id(), ours.get().code());
      return;
    }
    issues.add(FhirIssue.error(IssueType.VALUE, at, "answer " + coding.getSystem() + "|"
        + coding.getCode() + " to item " + leaf.linkId() + " has no points: it is not an"
        + " answer of " + instrument.id() + " and its form gives it no ordinalValue or"
        + " itemWeight"));
  }

  /** Points the form gives a coding: on its answerOption, or on its answerValueSet concept. */
  private OptionalInt formPoints(Questionnaire form, QuestionnaireItemComponent formItem,
      Coding coding) {
    if (formItem == null) {
      return OptionalInt.empty();
    }
    List<Questionnaire.QuestionnaireItemAnswerOptionComponent> options = formItem
        .getAnswerOption().stream().filter(o -> o.hasValueCoding()
            && sameCode(o.getValueCoding(), coding.getSystem(), coding.getCode())).toList();
    if (options.size() == 1) {
      Optional<Integer> weight = weight(options.get(0));
      if (weight.isPresent()) {
        return OptionalInt.of(weight.get());
      }
    }
    Optional<ValueSet> valueSet = valueSet(form, formItem);
    if (valueSet.isPresent()) {
      List<Element> concepts = concepts(valueSet.get()).stream()
          .filter(c -> sameCode(c, coding.getSystem(), coding.getCode())).toList();
      if (concepts.size() == 1) {
        Optional<Integer> weight = weight(concepts.get(0));
        if (weight.isPresent()) {
          return OptionalInt.of(weight.get());
        }
      }
    }
    return OptionalInt.empty();
  }

  private Optional<ValueSet> valueSet(Questionnaire form, QuestionnaireItemComponent formItem) {
    String reference = formItem.getAnswerValueSet();
    if (form == null || reference == null) {
      return Optional.empty();
    }
    if (reference.startsWith("#")) {
      for (Resource contained : form.getContained()) {
        if (contained instanceof ValueSet vs
            && reference.substring(1).equals(contained.getIdPart())) {
          return Optional.of(vs);
        }
      }
      return Optional.empty();
    }
    return Optional.empty(); // canonical ValueSets are not resolved in-process (yet)
  }

  /** Concepts of a ValueSet: compose.include.concept and expansion.contains. */
  private static List<Element> concepts(ValueSet valueSet) {
    List<Element> concepts = new ArrayList<>();
    valueSet.getCompose().getInclude().forEach(include ->
        include.getConcept().forEach(concept -> concepts.add(concept)));
    valueSet.getExpansion().getContains().forEach(concepts::add);
    return concepts;
  }

  /** Whether an answer option, Coding or ValueSet concept has this code (system optional). */
  private static boolean sameCode(Element element, String system, String code) {
    if (element instanceof Coding c) {
      return code != null && code.equals(c.getCode())
          && (system == null || system.equals(c.getSystem()));
    }
    if (element instanceof ValueSet.ConceptReferenceComponent concept) {
      return code != null && code.equals(concept.getCode());
    }
    if (element instanceof ValueSet.ValueSetExpansionContainsComponent contains) {
      return code != null && code.equals(contains.getCode())
          && (system == null || system.equals(contains.getSystem()));
    }
    return false;
  }

  /** The points in an ordinalValue or itemWeight extension, on the element or its coding. */
  private static Optional<Integer> weight(Element element) {
    for (Extension extension : element.getExtension()) {
      if ((Questionnaires.ORDINAL_VALUE.equals(extension.getUrl())
          || ITEM_WEIGHT.equals(extension.getUrl()))) {
        OptionalInt value = number(extension.getValue());
        if (value.isPresent()) {
          return Optional.of(value.getAsInt());
        }
      }
    }
    if (element instanceof Questionnaire.QuestionnaireItemAnswerOptionComponent option
        && option.hasValueCoding()) {
      return weight(option.getValueCoding());
    }
    return Optional.empty();
  }

  private static OptionalInt number(Type value) {
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
    return value != null && value.stripTrailingZeros().scale() <= 0
        && value.abs().compareTo(BigDecimal.valueOf(1000)) < 0;
  }
}
