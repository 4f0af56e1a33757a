package org.recoverylink.server.assessment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.id.RandomIds;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.assessment.AssessParameters;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.store.Screenings;

/**
 * Assesses what a practice or pharmacy sent and works out which of its screenings the IBA
 * report counts; they are counted once the answer's audit row is committed
 * ({@link Screenings#count}). Thread-safe.
 */
public final class AssessmentService {

  private final FhirAssessor assessor;
  private final Clock clock;

  public AssessmentService(Assessor assessor, Clock clock) {
    this.assessor = new FhirAssessor(Objects.requireNonNull(assessor, "assessor"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * An assessment, when it was made and the screenings it counts.
   *
   * @param result  the assessment and the responses it was read from
   * @param at      when it was made, by the service's clock
   * @param counted the screenings the IBA report counts for it, once its audit row is written
   */
  public record Assessed(FhirAssessor.Result result, Instant at,
      List<Screenings.Screened> counted) {

    public Assessed {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(at, "at");
      counted = List.copyOf(counted);
    }

    /** The NHS number the responses are about, as written, where they name one. */
    public Optional<String> nhsNumber() {
      return result.subject().filter(subject -> subject.hasIdentifier()
              && Systems.NHS_NUMBER.equals(subject.getIdentifier().getSystem()))
          .map(subject -> subject.getIdentifier().getValue());
    }

    /** The result Bundle, stamped with when it was made. */
    public Bundle bundle() {
      return ResultBundle.of(result, at);
    }
  }

  /**
   * Assesses {@code input} for {@code organisation} (its ODS code), with the finished
   * screenings it counts.
   *
   * @throws InvalidFhirInputException listing every problem of every response
   */
  public Assessed assess(AssessParameters input, String organisation) {
    FhirAssessor.Result result = assessor.assess(input);
    Instant now = clock.instant();
    return new Assessed(result, now, screened(result, organisation, now));
  }

  /**
   * The screenings an assessment counts for the IBA report: each scored response that is
   * completed (or amended), not one still being filled in; an AUDIT-C read off a full AUDIT is
   * part of that AUDIT, not a screening of its own.
   */
  static List<Screenings.Screened> screened(FhirAssessor.Result result, String organisation,
      Instant now) {
    QuestionnaireResponse audit = result.sources().get(Instruments.AUDIT.id());
    List<Screenings.Screened> screened = new ArrayList<>();
    for (Score score : result.assessment().scores()) {
      QuestionnaireResponse source = result.sources().get(score.instrumentId());
      boolean derived = score.instrument() == Instruments.AUDIT_C && source == audit;
      if (source == null || derived || !finished(source)) {
        continue;
      }
      screened.add(new Screenings.Screened(key(organisation, score.instrumentId(), source),
          organisation, score.instrumentId(), score.band().code(), score.total(), now));
    }
    return screened;
  }

  private static boolean finished(QuestionnaireResponse response) {
    return response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
        || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED;
  }

  /**
   * The same response from the same organisation is the same screening: by its identifier, or
   * else its id. The first 128 bits of a SHA-256 digest, so the key cannot be read back to an
   * identifier; 16 bytes keep the count's index small (a 64-character key made each new
   * screening rewrite pages of an index several times the database's cache). Without either,
   * every assessment of it counts.
   */
  private static UUID key(String organisation, String instrument,
      QuestionnaireResponse response) {
    String name;
    if (response.hasIdentifier() && response.getIdentifier().hasValue()) {
      name = "identifier|" + response.getIdentifier().getSystem() + "|"
          + response.getIdentifier().getValue();
    } else if (response.hasIdElement() && response.getIdElement().hasIdPart()) {
      name = "id|" + response.getIdElement().getIdPart();
    } else {
      return RandomIds.uuid();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((organisation + "|"
          + instrument + "|" + name).getBytes(StandardCharsets.UTF_8));
      ByteBuffer bits = ByteBuffer.wrap(digest);
      return new UUID(bits.getLong(), bits.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
