package org.recoverylink.server.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.reporting.Cell;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.report.ActivityMeasure.Breakdown;
import org.recoverylink.server.report.ActivityMeasure.Indicator;
import org.recoverylink.server.report.ActivityReport.Group;
import org.recoverylink.server.report.ActivityReport.Stratum;

/** The FHIR {@code Measure} of each report and the {@code MeasureReport} of a result. */
public final class MeasureResources {

  private static final String POPULATION =
      "http://terminology.hl7.org/CodeSystem/measure-population";
  private static final String SCORING = "http://terminology.hl7.org/CodeSystem/measure-scoring";
  /** FHIR's way of saying a value is there but withheld: data-absent-reason {@code masked}. */
  static final String DATA_ABSENT_REASON =
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
  /** The organisation a report was limited to. */
  public static final String ORGANIZATION_EXTENSION = Extensions.REPORT_ORGANIZATION;
  /** The district a report was limited to (its organisations). */
  public static final String DISTRICT_EXTENSION = Extensions.REPORT_DISTRICT;
  /**
   * How a report's counts were protected: sub-extensions {@code suppressed-from} and
   * {@code suppressed-to} (valueInteger: the small counts hidden, with the further counts that
   * would give one back), {@code rounded-to} (valuePositiveInt: the multiple shown counts are
   * rounded to; 1 for none) and {@code description} (valueString, in words).
   */
  public static final String DISCLOSURE_EXTENSION = Extensions.REPORT_DISCLOSURE_CONTROL;
  private static final String UCUM = "http://unitsofmeasure.org";
  private static final String DISTRICT_SYSTEM = "https://www.ons.gov.uk/lad";

  private MeasureResources() {
  }

  /** The Measure of a report: every indicator a group, every breakdown a stratifier. */
  public static Measure measure(ActivityMeasure definition, SmallNumbers rule,
      Rounding rounding) {
    Measure measure = new Measure();
    measure.setId(definition.id());
    measure.setUrl(Measures.URL_BASE + definition.id());
    measure.setVersion(Measures.VERSION);
    measure.setName(definition.name());
    measure.setTitle(definition.title());
    measure.setStatus(PublicationStatus.ACTIVE);
    measure.setExperimental(false);
    measure.setPublisher("RecoveryLink");
    measure.setDescription(definition.description());
    measure.setScoring(new CodeableConcept(new Coding(SCORING, "cohort", "Cohort")));
    measure.setGuidance(disclosure(rule, rounding) + " The relations taken into account are"
        + " those these definitions state: " + relations(definition) + ". A score is shown only"
        + " with its count, a percentage only with both its counts. No report carries"
        + " patient-level data.");
    for (Indicator indicator : definition.indicators()) {
      Measure.MeasureGroupComponent group = measure.addGroup()
          .setCode(code(indicator.code(), indicator.title()))
          .setDescription(indicator.definition() + indicator.score()
              .map(s -> " Score in " + s.display() + ": " + s.meaning() + ".").orElse(""));
      group.addPopulation()
          .setCode(initialPopulation())
          .setDescription(indicator.definition())
          .setCriteria(criteria(indicator.title(), indicator.definition()));
      for (Breakdown breakdown : indicator.breakdowns()) {
        group.addStratifier().setCode(code(breakdown.code(), breakdown.title()))
            .setDescription(indicator.title() + " by " + breakdown.title().toLowerCase(
                Locale.ROOT) + (breakdown.addsUp() ? ": each counted under one value, so they"
                + " add up to the " + indicator.title().toLowerCase(Locale.ROOT)
                : ": one may count under several values or none"));
        // criteria are optional here: the value is the code
      }
    }
    return measure;
  }

  /** The summary MeasureReport of a published report. */
  public static MeasureReport report(ActivityReport published) {
    MeasureReport report = Profiled.as(Profiled.ACTIVITY_REPORT, new MeasureReport());
    report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
    report.setType(MeasureReport.MeasureReportType.SUMMARY);
    report.setMeasure(Measures.URL_BASE + published.measure().id() + "|" + Measures.VERSION);
    report.setDate(Date.from(published.generated()));
    report.setPeriod(new Period()
        .setStartElement(new DateTimeType(
            published.scope().start().toString()))
        .setEndElement(new DateTimeType(
            published.scope().end().toString())));
    published.scope().organisation().ifPresent(ods -> report.addExtension(
        ORGANIZATION_EXTENSION, new Identifier().setSystem(Systems.ODS).setValue(ods)));
    published.scope().district().ifPresent(district -> report.addExtension(
        DISTRICT_EXTENSION, new Coding(DISTRICT_SYSTEM, district.code(), district.name())));
    Extension disclosure = report.addExtension().setUrl(DISCLOSURE_EXTENSION);
    disclosure.addExtension("suppressed-from", new IntegerType(published.rule().lowest()));
    disclosure.addExtension("suppressed-to", new IntegerType(published.rule().highest()));
    disclosure.addExtension("rounded-to", new PositiveIntType(
        published.rounding().multiple()));
    disclosure.addExtension("description", new StringType(disclosure(published.rule(),
        published.rounding())));
    for (Group group : published.groups()) {
      MeasureReport.MeasureReportGroupComponent out = report.addGroup()
          .setCode(code(group.indicator().code(), group.indicator().title()));
      count(out.addPopulation().setCode(initialPopulation()).getCountElement(),
          group.count());
      group.indicator().score().ifPresent(score -> {
        Quantity quantity = new Quantity().setUnit(score.display()).setSystem(UCUM)
            .setCode(score.unit());
        if (group.score().isPresent()) {
          quantity.setValue(BigDecimal.valueOf(group.score().get())
              .setScale(1, RoundingMode.HALF_UP));
        } else {
          quantity.getValueElement().addExtension(DATA_ABSENT_REASON, new CodeType(
              group.count().suppressed() ? "masked" : "not-applicable"));
        }
        out.setMeasureScore(quantity);
      });
      Map<String, MeasureReport.MeasureReportGroupStratifierComponent> stratifiers =
          new LinkedHashMap<>();
      for (Stratum stratum : group.strata()) {
        Breakdown breakdown = stratum.breakdown();
        MeasureReport.MeasureReportGroupStratifierComponent stratifier = stratifiers
            .computeIfAbsent(breakdown.code(), code -> out.addStratifier()
                .addCode(code(code, breakdown.title())));
        CodeableConcept value = breakdown.system()
            .map(system -> new CodeableConcept(new Coding(system, stratum.value().code(),
                stratum.value().display())))
            .orElseGet(() -> new CodeableConcept().setText(stratum.value().code()));
        MeasureReport.StratifierGroupComponent cell = stratifier.addStratum().setValue(value);
        count(cell.addPopulation().setCode(initialPopulation()).getCountElement(),
            stratum.count());
      }
    }
    return report;
  }

  /**
   * The report as CSV for spreadsheets (RFC 4180): one row per count, the indicator's own row
   * with an empty breakdown; a suppressed count is an empty cell with {@code suppressed} true;
   * every row says which counts were suppressed (e.g. {@code 1 to 4}) and the rounding
   * ({@code none} or e.g. {@code nearest 5}).
   */
  public static String csv(ActivityReport published) {
    StringBuilder csv = new StringBuilder("measure,version,period_start,period_end,"
        + "organization,district,indicator,breakdown,value,count,suppressed,score,unit,"
        + "suppression,rounding\r\n");
    String protection = "," + published.rule().lowest() + " to " + published.rule().highest()
        + "," + (published.rounding().rounds() ? "nearest " + published.rounding().multiple()
        : "none") + "\r\n";
    String prefix = String.join(",", published.measure().id(), Measures.VERSION,
        published.scope().start().toString(), published.scope().end().toString(),
        field(published.scope().organisation().orElse("")),
        field(published.scope().district().map(d -> d.name()).orElse("")));
    for (Group group : published.groups()) {
      String indicator = group.indicator().code();
      csv.append(prefix).append(',').append(indicator).append(",,,")
          .append(cell(group.count())).append(',')
          .append(group.score().map(s -> BigDecimal.valueOf(s).setScale(1,
              RoundingMode.HALF_UP).toPlainString()).orElse("")).append(',')
          .append(group.indicator().score().map(s -> field(s.display())).orElse(""))
          .append(protection);
      for (Stratum stratum : group.strata()) {
        csv.append(prefix).append(',').append(indicator).append(',')
            .append(stratum.breakdown().code()).append(',')
            .append(field(stratum.value().code())).append(',').append(cell(stratum.count()))
            .append(",,").append(protection);
      }
    }
    return csv.toString();
  }

  /** The protection of a report's counts, in words. */
  private static String disclosure(SmallNumbers rule, Rounding rounding) {
    return "Counts from " + rule.lowest() + " to " + rule.highest() + " are suppressed: the"
        + " report marks them (data-absent-reason masked) instead of showing them, and"
        + " suppresses further counts until none of those hidden can be worked out from the"
        + " counts shown and the relations between them."
        + (rounding.rounds() ? " Counts shown are rounded to the nearest "
            + rounding.multiple() + ", and a percentage is worked out from the rounded counts."
            : " Counts shown are exact.");
  }

  /** The relations a Measure's definitions state between its counts, in words. */
  private static String relations(ActivityMeasure definition) {
    List<String> relations = new ArrayList<>();
    for (Indicator indicator : definition.indicators()) {
      for (Breakdown breakdown : indicator.breakdowns()) {
        if (breakdown.addsUp()) {
          relations.add(indicator.code() + " is the sum of its counts by " + breakdown.code());
        }
      }
    }
    for (ActivityMeasure.Same same : definition.same()) {
      relations.add(same.one() + " equals " + same.other() + " (" + same.why() + ")");
    }
    return relations.isEmpty() ? "none" : String.join("; ", relations);
  }

  private static String cell(Cell cell) {
    return cell instanceof Cell.Shown shown ? shown.count() + ",false" : ",true";
  }

  /** A CSV field, quoted when it must be; a leading = + - @ is quoted off for spreadsheets. */
  private static String field(String text) {
    String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n")
        || safe.contains("\r")) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  private static void count(IntegerType element, Cell cell) {
    if (cell instanceof Cell.Shown shown) {
      element.setValue(Math.toIntExact(shown.count()));
    } else {
      element.addExtension(DATA_ABSENT_REASON, new CodeType("masked"));
    }
  }

  /** Every count of these reports is an initial population: no numerator or exclusions. */
  private static CodeableConcept initialPopulation() {
    return new CodeableConcept(new Coding(POPULATION, "initial-population",
        "Initial Population"));
  }

  private static CodeableConcept code(String code, String display) {
    return new CodeableConcept(new Coding(Measures.REPORT, code, display));
  }

  /**
   * The criteria of a population or stratifier. The server counts in SQL and publishes no CQL
   * library, so the expression is only a CQL identifier naming the definition; what it counts
   * is the description, word for word the rule the query applies.
   */
  private static Expression criteria(String name, String description) {
    return new Expression().setLanguage("text/cql").setExpression('"' + name + '"')
        .setDescription(description);
  }
}
