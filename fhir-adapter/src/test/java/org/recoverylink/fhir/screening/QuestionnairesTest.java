package org.recoverylink.fhir.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/** The instruments as Questionnaires, as docs/http-api.md "Instruments" specifies them. */
class QuestionnairesTest {

  private final ResourceValidator validator = SharedValidator.get();

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      // id, LOINC panel, first linkId, last linkId, items (LOINC code or {id}-{n})
      "audit,   72110-0, 68518-0,   97740-5,    10",
      "audit-c, 72109-2, 68518-0,   68520-6,     3",
      "fast,    -,       fast-1,    fast-4,      4",
      "phq-9,   44249-1, 44250-9,   44260-8,     9",
      "phq-2,   55757-9, 44250-9,   44255-8,     2",
      "gad-7,   69737-5, 69725-0,   69736-7,     7",
      "gad-2,   -,       69725-0,   68509-9,     2",
      "dast-10, 82666-9, dast-10-1, dast-10-10, 10",
  })
  void questionnaireFollowsTheContractAndValidates(String id, String panel, String firstLinkId,
      String lastLinkId, int items) {
    Questionnaire questionnaire = Questionnaires.find(id).orElseThrow();

    assertEquals("https://recoverylink.org/fhir/Questionnaire/" + id, questionnaire.getUrl());
    assertEquals(id, questionnaire.getIdPart());
    if (panel == null) {
      assertTrue(questionnaire.getCode().isEmpty());
    } else {
      assertEquals("http://loinc.org", questionnaire.getCodeFirstRep().getSystem());
      assertEquals(panel, questionnaire.getCodeFirstRep().getCode());
    }
    assertEquals(items, questionnaire.getItem().size());
    assertEquals(firstLinkId, questionnaire.getItem().get(0).getLinkId());
    assertEquals(lastLinkId, questionnaire.getItem().get(items - 1).getLinkId());
    for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
      if (item.hasCode()) {
        assertEquals(item.getLinkId(), item.getCodeFirstRep().getCode());
      }
      assertTrue(item.getAnswerOption().stream().allMatch(o ->
          o.getExtensionByUrl(Questionnaires.ORDINAL_VALUE) != null
              && o.getExtensionByUrl(Questionnaires.ORDINAL_VALUE).getValue()
                  instanceof DecimalType), item.getLinkId());
    }
    assertEquals(List.of(), validator.errors(questionnaire));
  }

  @Test
  void ukWordingAndPointsOfAuditQuestionTen() {
    Questionnaire audit = Questionnaires.find("audit").orElseThrow();
    Questionnaire.QuestionnaireItemComponent q3 = audit.getItem().get(2);
    Questionnaire.QuestionnaireItemComponent q10 = audit.getItem().get(9);

    assertTrue(q3.getText().contains("6 or more units if female, or 8 or more if male"));
    assertEquals(List.of(0, 2, 4), q10.getAnswerOption().stream().map(o -> ((DecimalType) o
        .getExtensionByUrl(Questionnaires.ORDINAL_VALUE).getValue()).getValue().intValue())
        .toList());
  }

  @Test
  void fastAsksQuestionsTwoToFourOnlyAfterLessThanMonthlyOrMonthly() {
    Questionnaire fast = Questionnaires.find("fast").orElseThrow();

    assertTrue(fast.getItem().get(0).getEnableWhen().isEmpty());
    for (Questionnaire.QuestionnaireItemComponent later : fast.getItem().subList(1, 4)) {
      assertEquals(List.of("less-than-monthly", "monthly"), later.getEnableWhen().stream()
          .map(w -> w.getAnswerCoding().getCode()).toList());
      assertEquals(Questionnaire.EnableWhenBehavior.ANY, later.getEnableBehavior());
    }
  }
}
