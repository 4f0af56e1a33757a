package org.recoverylink.server.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.nhs.England;

/**
 * A {@code _lastUpdated} search value as FHIR reads a date search: a prefix ({@code eq} when
 * none, {@code gt}, {@code ge}, {@code lt}, {@code le}) and a day ({@code 2026-11-20}, a day in
 * England) or an instant to the second with its offset ({@code 2026-11-20T09:30:00Z}), which
 * stands for the range it names; the search keeps what was last changed in
 * [{@code from}, {@code before}).
 *
 * @param from   the earliest change kept, if bounded below
 * @param before the first change not kept, if bounded above
 */
record LastUpdated(Optional<Instant> from, Optional<Instant> before) {

  private static final Pattern TO_THE_SECOND =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?"
          + "(Z|[+-]\\d{2}:\\d{2})");

  static LastUpdated parse(String given) {
    String prefix = given.length() > 2 && Character.isLetter(given.charAt(0))
        ? given.substring(0, 2) : "eq";
    String value = prefix.equals("eq") && !given.startsWith("eq") ? given : given.substring(2);
    Instant low;
    Instant high;
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        low = day.atStartOfDay(England.ZONE).toInstant();
        high = day.plusDays(1).atStartOfDay(England.ZONE).toInstant();
      } else {
        // java.time also reads "09:30Z", but that names a minute, not the second it would become
        if (!TO_THE_SECOND.matcher(value).matches()) {
          throw new DateTimeParseException("no seconds", value, 0);
        }
        low = OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.SECONDS);
        high = low.plusSeconds(1);
      }
    } catch (DateTimeParseException e) {
      throw new FhirProblem(400, IssueType.INVALID, "_lastUpdated is a day (YYYY-MM-DD) or an"
          + " instant with its offset (YYYY-MM-DDThh:mm:ssZ), after an optional prefix eq, gt,"
          + " ge, lt or le");
    }
    return switch (prefix) {
      case "eq" -> new LastUpdated(Optional.of(low), Optional.of(high));
      case "gt" -> new LastUpdated(Optional.of(high), Optional.empty());
      case "ge" -> new LastUpdated(Optional.of(low), Optional.empty());
      case "lt" -> new LastUpdated(Optional.empty(), Optional.of(low));
      case "le" -> new LastUpdated(Optional.empty(), Optional.of(high));
      default -> throw new FhirProblem(400, IssueType.NOTSUPPORTED, "_lastUpdated takes the"
          + " prefixes eq, gt, ge, lt and le");
    };
  }
}
