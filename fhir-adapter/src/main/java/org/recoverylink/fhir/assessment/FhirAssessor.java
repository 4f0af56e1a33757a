package org.recoverylink.fhir.assessment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.InvalidResponseException;
import org.recoverylink.core.screening.Problem;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;

/**
 * Assesses QuestionnaireResponses with a core {@link Assessor}: parse once (the caller), read and
 * match items here, decide in core. Thread-safe.
 */
public final class FhirAssessor {

  private final Assessor assessor;
  /**
   * Forms already read, by Questionnaire instance (identity, held weakly): a system that keeps
   * its form definitions and sends responses to them reads each form once. A Questionnaire must
   * not be changed after it has been passed in; pass a new instance for a new version. A JDK
   * map, not a cache library: HAPI's resources keep Object's identity equality, which is what
   * a WeakHashMap keys by here, and the library stays inside the embedder's 30 MB budget.
   */
  private final Map<Questionnaire, Form> formCache =
      Collections.synchronizedMap(new WeakHashMap<>());

  public FhirAssessor(Assessor assessor) {
    this.assessor = Objects.requireNonNull(assessor, "assessor");
  }

  /**
   * The assessment and where each score came from.
   *
   * @param assessment the core assessment
   * @param sources    the QuestionnaireResponse each score was read from, by instrument id (a
   *                   derived AUDIT-C points at its AUDIT response)
   * @param warnings   warnings for the result, e.g. a stated total that differs from ours
   * @param subject    the person the responses are about, where they say
   */
  public record Result(Assessment assessment, Map<String, QuestionnaireResponse> sources,
      List<FhirIssue> warnings, Optional<Reference> subject) {

    public Result {
      Objects.requireNonNull(assessment, "assessment");
      sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
      warnings = List.copyOf(warnings);
      Objects.requireNonNull(subject, "subject");
    }
  }

  /**
   * Scores one response: its total and band, as a form shows them while it is being filled in
   * (what an SDC {@code calculatedExpression} total does), without advice or flags.
   *
   * @param response the response
   * @param form     the Questionnaire it answers, if it is not built in (may be null)
   * @throws InvalidFhirInputException listing every problem of the response
   */
  public Score score(QuestionnaireResponse response, Questionnaire form) {
    List<FhirIssue> issues = new ArrayList<>();
    Optional<ResponseReader.Read> read = new ResponseReader(forms(form == null ? List.of()
        : List.of(form), true)).read(response, "QuestionnaireResponse", issues);
    if (read.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    try {
      return assessor.score(read.get().response());
    } catch (InvalidResponseException e) {
      e.problems().forEach(problem -> issues.add(issue(problem, List.of(read.get()))));
      throw new InvalidFhirInputException(issues);
    }
  }

  /**
   * Assesses what an {@code $assess} request gave: as {@link #assess(Map, List, Set)}.
   *
   * @throws InvalidFhirInputException listing every problem of every response
   */
  public Result assess(AssessParameters input) {
    return assess(input.responses(), input.questionnaires(), input.conditions(),
        input.recorded(), input.notes());
  }

  /**
   * Assesses one person's responses.
   *
   * @param responses      the responses, each with the FHIRPath it was found at
   * @param questionnaires Questionnaires of forms that are not built in
   * @param conditions     what is known of the person
   * @throws InvalidFhirInputException listing every problem of every response
   */
  public Result assess(Map<String, QuestionnaireResponse> responses,
      List<Questionnaire> questionnaires, Set<KnownCondition> conditions) {
    return assess(responses, questionnaires, conditions, List.of());
  }

  /**
   * Assesses one person's responses with what their record says.
   *
   * @param responses      the responses, each with the FHIRPath it was found at
   * @param questionnaires Questionnaires of forms that are not built in
   * @param conditions     conditions the caller states
   * @param recorded       recorded diagnoses a code list recognised
   * @throws InvalidFhirInputException listing every problem of every response
   */
  public Result assess(Map<String, QuestionnaireResponse> responses,
      List<Questionnaire> questionnaires, Set<KnownCondition> conditions,
      List<RecordedCondition> recorded) {
    return assess(responses, questionnaires, conditions, recorded, List.of());
  }

  /** The assessment, its warnings followed by {@code notes} on what was read. */
  private Result assess(Map<String, QuestionnaireResponse> responses,
      List<Questionnaire> questionnaires, Set<KnownCondition> conditions,
      List<RecordedCondition> recorded, List<FhirIssue> notes) {
    List<FhirIssue> issues = new ArrayList<>();
    if (responses.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters",
          "no QuestionnaireResponse to assess"));
      throw new InvalidFhirInputException(issues);
    }
    responses.forEach((expression, response) ->
        issues.addAll(Extensions.check(response, expression)));
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    ResponseReader reader = new ResponseReader(forms(questionnaires, responses.size() == 1));
    List<ResponseReader.Read> reads = new ArrayList<>();
    responses.forEach((expression, response) ->
        reader.read(response, expression, issues).ifPresent(reads::add));
    Optional<Reference> subject = subject(responses, issues);
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    List<Response> coreResponses = new ArrayList<>(reads.size());
    for (ResponseReader.Read read : reads) {
      coreResponses.add(read.response());
    }
    Assessment assessment;
    try {
      assessment = assessor.assess(coreResponses, conditions, recorded);
    } catch (InvalidResponseException e) {
      for (Problem problem : e.problems()) {
        issues.add(issue(problem, reads));
      }
      throw new InvalidFhirInputException(issues);
    }
    Map<String, QuestionnaireResponse> sources = new LinkedHashMap<>();
    List<FhirIssue> warnings = new ArrayList<>(0);
    for (ResponseReader.Read read : reads) {
      sources.put(read.instrument().id(), read.source());
      Optional<Score> score = assessment.score(read.instrument().id());
      if (read.statedTotal().isPresent() && score.isPresent()
          && read.statedTotal().getAsInt() != score.get().total()) {
        warnings.add(FhirIssue.warning(IssueType.BUSINESSRULE, read.totalExpression(),
            "the form states a " + read.instrument().id() + " total of "
                + read.statedTotal().getAsInt() + "; the total of the answers is "
                + score.get().total() + ", which is the one used"));
      }
    }
    if (sources.containsKey(Instruments.AUDIT.id())) {
      sources.putIfAbsent(Instruments.AUDIT_C.id(), sources.get(Instruments.AUDIT.id()));
    }
    warnings.addAll(notes);
    return new Result(assessment, sources, warnings, subject);
  }

  /**
   * The forms given, read (or remembered), by canonical url without version, by
   * {@code Questionnaire/id} for a response that names its form by reference, and, when one
   * form is given with one response, as the form of that response if it names none.
   */
  private Map<String, Form> forms(List<Questionnaire> questionnaires, boolean oneResponse) {
    if (questionnaires.isEmpty()) {
      return Map.of();
    }
    Map<String, Form> forms = new HashMap<>();
    for (Questionnaire questionnaire : questionnaires) {
      Form form = formCache.computeIfAbsent(questionnaire, Form::new);
      if (questionnaire.getUrl() != null) {
        forms.put(ResponseReader.canonical(questionnaire.getUrl()), form);
      }
      if (questionnaire.getIdElement().hasIdPart()) { // a response may name it "Questionnaire/id"
        forms.putIfAbsent("Questionnaire/" + questionnaire.getIdElement().getIdPart(), form);
      }
      if (oneResponse && questionnaires.size() == 1) { // the form of a response naming none
        forms.put("", form);
      }
    }
    return forms;
  }

  /** The one person every response is about; responses about different people are refused. */
  private static Optional<Reference> subject(Map<String, QuestionnaireResponse> responses,
      List<FhirIssue> issues) {
    Reference first = null;
    for (Map.Entry<String, QuestionnaireResponse> entry : responses.entrySet()) {
      if (!entry.getValue().hasSubject()) {
        continue;
      }
      Reference subject = entry.getValue().getSubject();
      if (first == null) {
        first = subject;
      } else if (!samePerson(first, subject)) {
        issues.add(FhirIssue.error(IssueType.BUSINESSRULE, entry.getKey() + ".subject",
            "the responses are about different people; one assessment is about one person"));
      }
    }
    return Optional.ofNullable(first);
  }

  private static boolean samePerson(Reference a, Reference b) {
    if (!Objects.equals(a.getReference(), b.getReference())
        || a.hasIdentifier() != b.hasIdentifier()) {
      return false;
    }
    return !a.hasIdentifier()
        || Objects.equals(a.getIdentifier().getSystem(), b.getIdentifier().getSystem())
        && Objects.equals(a.getIdentifier().getValue(), b.getIdentifier().getValue());
  }

  /** A core problem located in the FHIR input. */
  private static FhirIssue issue(Problem problem, List<ResponseReader.Read> reads) {
    ResponseReader.Read read = reads.get(problem.responseIndex());
    String expression = problem.itemId().map(read::itemExpression).orElse(read.expression());
    IssueType type = switch (problem.code()) {
      case MISSING_ITEM, NO_RESPONSES -> IssueType.REQUIRED;
      case DUPLICATE_ANSWER, DUPLICATE_INSTRUMENT -> IssueType.DUPLICATE;
      default -> IssueType.VALUE;
    };
    String linkId = problem.itemId().flatMap(id -> read.instrument().item(id))
        .map(org.recoverylink.fhir.screening.Questionnaires::linkId)
        .map(l -> " (linkId " + l + ")").orElse("");
    return FhirIssue.error(type, expression, problem.code().code() + " " + problem.message()
        + linkId);
  }
}
