package org.recoverylink.fhir.assessment;

import java.math.BigDecimal;
import java.util.Comparator;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.recoverylink.fhir.screening.Questionnaires;

/** Fills Questionnaires the way a form renderer would. */
public final class Forms {

  private Forms() {
  }

  /**
   * A completed response choosing each item's lowest- or highest-scoring option, honouring
   * enableWhen on the first item's answer (FAST's second stage).
   */
  public static QuestionnaireResponse fill(Questionnaire questionnaire, boolean highest) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(questionnaire.getUrl());
    String firstAnswer = null;
    for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
      Questionnaire.QuestionnaireItemAnswerOptionComponent option = item.getAnswerOption()
          .stream().max(Comparator.comparing(o -> points(o).multiply(
              BigDecimal.valueOf(highest ? 1 : -1)))).orElseThrow();
      if (firstAnswer != null && item.hasEnableWhen()) {
        String answered = firstAnswer;
        if (item.getEnableWhen().stream()
            .noneMatch(w -> w.getAnswerCoding().getCode().equals(answered))) {
          continue;
        }
      }
      if (firstAnswer == null) {
        firstAnswer = option.getValueCoding().getCode();
      }
      response.addItem().setLinkId(item.getLinkId()).setText(item.getText()).addAnswer()
          .setValue(option.getValueCoding().copy());
    }
    return response;
  }

  private static BigDecimal points(Questionnaire.QuestionnaireItemAnswerOptionComponent option) {
    return ((DecimalType) option.getExtensionByUrl(Questionnaires.ORDINAL_VALUE).getValue())
        .getValue();
  }
}
