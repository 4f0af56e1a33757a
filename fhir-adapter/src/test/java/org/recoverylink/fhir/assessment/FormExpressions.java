package org.recoverylink.fhir.assessment;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.fhirpath.BaseHostServices;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.fhirpath.FHIRPathConstantEvaluationMode;

/**
 * A form's own FHIRPath totals as HAPI's R4 engine computes them, with the form's context:
 * %resource, %questionnaire and the form's variables: the independent check of our scoring.
 */
final class FormExpressions {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private static final String VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable";
  private static final String CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
      + "sdc-questionnaire-calculatedExpression";

  private final Questionnaire form;
  private final FHIRPathEngine engine;
  private final Map<String, List<Base>> constants = new HashMap<>();

  FormExpressions(Questionnaire form) {
    this.form = form;
    HapiWorkerContext worker = new HapiWorkerContext(FHIR,
        new DefaultProfileValidationSupport(FHIR));
    this.engine = new FHIRPathEngine(worker);
    engine.setHostServices(new BaseHostServices(worker) {
      @Override
      public List<Base> resolveConstant(FHIRPathEngine engine, Object context, String name,
          FHIRPathConstantEvaluationMode mode) {
        return constants.get(name);
      }

      @Override
      public boolean log(String argument, List<Base> focus) {
        return false;
      }

      @Override
      public Base resolveReference(FHIRPathEngine engine, Object context, String url,
          Base refContext) {
        return null;
      }

      @Override
      public boolean conformsToProfile(FHIRPathEngine engine, Object context, Base item,
          String url) {
        return false;
      }

      @Override
      public ValueSet resolveValueSet(FHIRPathEngine engine, Object context, String url) {
        return null;
      }

      @Override
      public boolean paramIsType(String name, int index) {
        return false;
      }
    });
  }

  /**
   * An expression as HAPI's engine reads it. LHC-Forms write {@code answer.valueCoding} and
   * {@code extension.valueDecimal}, which their own engine accepts; FHIRPath names a choice
   * element without its type ({@code value}): the same navigation, spelt as the specification
   * (and HAPI) spells it.
   */
  private static String standard(String expression) {
    return expression.replaceAll("\\bvalue(Coding|Decimal)\\b", "value");
  }

  /** The total item's calculatedExpression over the response, its variables first. */
  int calculate(Questionnaire.QuestionnaireItemComponent total,
      QuestionnaireResponse response) {
    constants.clear();
    constants.put("resource", List.of(response));
    constants.put("QuestionnaireResponse", List.of(response));
    constants.put("questionnaire", List.of(form));
    String calculated = null;
    for (Extension extension : total.getExtension()) {
      if (extension.getValue() instanceof Expression expression) {
        if (extension.getUrl().equals(VARIABLE)) {
          constants.put(expression.getName(), engine.evaluate(null, response, response,
              response, engine.parse(standard(expression.getExpression()))));
        } else if (extension.getUrl().equals(CALCULATED)) {
          calculated = expression.getExpression();
        }
      }
    }
    List<Base> result = engine.evaluate(null, response, response, response,
        engine.parse(standard(calculated)));
    return new BigDecimal(result.get(0).primitiveValue()).intValueExact();
  }
}
