package org.recoverylink.fhir.screening;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire;
import org.recoverylink.core.screening.AnswerOption;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The built-in instruments as FHIR R4 Questionnaires, generated from the core instrument data:
 * canonical url {@code https://recoverylink.org/fhir/Questionnaire/{id}}, the LOINC panel as
 * {@code code}, each item's LOINC code as {@code item.code} and {@code linkId} (or
 * {@code {id}-{n}} where LOINC has none), UK wording, and every answer option's points in the
 * {@code ordinalValue} extension. FAST's questions 2-4 are enabled only after question 1 is
 * answered "less than monthly" or "monthly", as its two-stage rule asks.
 */
public final class Questionnaires {

  private Questionnaires() {
  }

  public static final String CANONICAL_BASE = "https://recoverylink.org/fhir/Questionnaire/";
  public static final String ORDINAL_VALUE =
      "http://hl7.org/fhir/StructureDefinition/ordinalValue";
  /** The version of the generated Questionnaires. */
  public static final String VERSION = "0.1.0";

  private static final Map<String, Questionnaire> BUILT_IN = Instruments.all().stream()
      .collect(Collectors.toUnmodifiableMap(Instrument::id, Questionnaires::of));

  /** Every built-in instrument as a Questionnaire, in the catalogue's order: copies. */
  public static List<Questionnaire> all() {
    return Instruments.all().stream().map(i -> BUILT_IN.get(i.id()).copy()).toList();
  }

  /**
   * The Questionnaire with this id (an instrument id, e.g. {@code audit-c}), if there is one: a
   * copy the caller may change.
   */
  public static Optional<Questionnaire> find(String id) {
    return Optional.ofNullable(BUILT_IN.get(id)).map(Questionnaire::copy);
  }

  /** The linkId of an instrument item: its LOINC code, or its core id where it has none. */
  public static String linkId(Item item) {
    return item.code().orElse(item.id());
  }

  /** The canonical url of an instrument's Questionnaire. */
  public static String url(Instrument instrument) {
    return CANONICAL_BASE + instrument.id();
  }

  /** An instrument as a Questionnaire. */
  public static Questionnaire of(Instrument instrument) {
    Questionnaire questionnaire = new Questionnaire();
    questionnaire.setId(instrument.id());
    questionnaire.setUrl(url(instrument));
    questionnaire.setVersion(VERSION);
    questionnaire.setName(instrument.id().replaceAll("[^A-Za-z0-9]", "").toUpperCase());
    questionnaire.setTitle(instrument.title());
    questionnaire.setStatus(PublicationStatus.ACTIVE);
    questionnaire.setExperimental(false);
    questionnaire.setPublisher("RecoveryLink");
    questionnaire.setDescription(instrument.recall());
    questionnaire.setCopyright(instrument.source());
    questionnaire.addSubjectType("Patient");
    instrument.panelCode().ifPresent(code ->
        questionnaire.addCode(new Coding(Systems.LOINC, code, instrument.title())));
    for (Item item : instrument.items()) {
      QuestionnaireItemComponent question = questionnaire.addItem()
          .setLinkId(linkId(item))
          .setText(item.text())
          .setType(Questionnaire.QuestionnaireItemType.CHOICE)
          .setRequired(true);
      item.code().ifPresent(code -> question.addCode(new Coding(Systems.LOINC, code, null)));
      for (AnswerOption option : item.options()) {
        question.addAnswerOption()
            .setValue(new Coding(CodeSystems.ANSWER, option.code(), option.text()))
            .addExtension(ORDINAL_VALUE, new DecimalType(option.points()));
      }
    }
    if (instrument == Instruments.FAST) {
      enableStageTwo(questionnaire);
    }
    return questionnaire;
  }

  /** FAST questions 2-4 only after question 1 "less than monthly" or "monthly" (Hodgson 2002). */
  private static void enableStageTwo(Questionnaire fast) {
    QuestionnaireItemComponent first = fast.getItem().get(0);
    for (QuestionnaireItemComponent later : fast.getItem().subList(1, fast.getItem().size())) {
      later.setEnableBehavior(Questionnaire.EnableWhenBehavior.ANY);
      for (String code : List.of("less-than-monthly", "monthly")) {
        later.addEnableWhen().setQuestion(first.getLinkId())
            .setOperator(Questionnaire.QuestionnaireItemOperator.EQUAL)
            .setAnswer(first.getAnswerOption().stream()
                .map(o -> o.getValueCoding()).filter(c -> c.getCode().equals(code))
                .findFirst().orElseThrow().copy());
      }
    }
  }
}
