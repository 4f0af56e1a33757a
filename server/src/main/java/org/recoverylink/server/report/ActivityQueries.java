package org.recoverylink.server.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.core.reporting.Percentile;
import org.recoverylink.server.store.Screenings;
import org.recoverylink.server.store.Store;

/**
 * The counts behind each report, read from the store with one pass per table: each query groups
 * by every value the report breaks down by, and the rows are added up here. Only aggregates
 * leave the database, except the acceptance times of the period's referrals (durations, no
 * identifiers), which the percentiles need.
 */
public final class ActivityQueries {

  private static final double SECONDS_PER_DAY = 86_400;

  private final Store store;
  private final Screenings screenings;

  /** @param screenings the counts not yet written, written before a report counts screenings */
  public ActivityQueries(Store store, Screenings screenings) {
    this.store = store;
    this.screenings = screenings;
  }

  /** The tallies of a report's indicators, by indicator code. */
  Map<String, Tally> tally(ActivityMeasure measure, Scope scope) {
    if (measure.id().equals("iba-activity")) {
      screenings.flush(); // every answer given so far is counted
    }
    return store.transaction(connection -> switch (measure.id()) {
      case "iba-activity" -> iba(connection, scope);
      case "harm-reduction-activity" -> harmReduction(connection, scope);
      case "referral-activity" -> referrals(connection, scope);
      case "ost-activity" -> ost(connection, scope);
      default -> throw new IllegalArgumentException("no queries for " + measure.id());
    });
  }

  private static Map<String, Tally> iba(Connection connection, Scope scope)
      throws SQLException {
    Map<String, Long> byInstrument = new LinkedHashMap<>();
    Map<String, Long> auditBands = new LinkedHashMap<>();
    long screenings = 0;
    long auditCPositive = 0;
    Filter where = Filter.days("assessed_day", "organisation", scope);
    try (PreparedStatement select = where.prepare(connection, "SELECT instrument, band,"
        + " SUM(screenings) FROM screening_day", " GROUP BY instrument, band");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        String instrument = row.getString(1);
        String band = row.getString(2);
        long count = row.getLong(3);
        screenings += count;
        byInstrument.merge(instrument, count, Long::sum);
        if (instrument.equals("audit")) {
          auditBands.merge(band, count, Long::sum);
        }
        if (instrument.equals("audit-c") && !band.equals("lower-risk")) {
          auditCPositive += count; // UK: 5 or more, every band above lower risk
        }
      }
    }
    Map<String, Long> brief = new LinkedHashMap<>();
    Map<String, Long> extended = new LinkedHashMap<>();
    where = Filter.instants("performed", "organisation", scope);
    try (PreparedStatement select = where.prepare(connection, "SELECT code, status, COUNT(*)"
        + " FROM brief_intervention", " GROUP BY code, status");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        String outcome = row.getString(2).equals("completed") ? Measures.DELIVERED
            : Measures.DECLINED;
        String code = row.getString(1); // the delivered or the declined concept
        boolean isExtended = code.equals(Intervention.EXTENDED.completedSnomed())
            || code.equals(Intervention.EXTENDED.declinedSnomed());
        (isExtended ? extended : brief)
            .merge(outcome, row.getLong(3), Long::sum);
      }
    }
    where = Filter.instants("created", "requester", scope);
    long afterScreening = where.count(connection, "SELECT COUNT(*) FROM referral",
        " AND after_screening = TRUE");
    Map<String, Tally> tallies = new HashMap<>();
    tallies.put("screenings", Tally.of(screenings, "instrument", byInstrument));
    tallies.put("audit-c-positive", Tally.of(auditCPositive));
    tallies.put("full-audit", Tally.of(sum(auditBands), "band", auditBands));
    tallies.put("brief-advice", Tally.of(sum(brief), "outcome", brief));
    tallies.put("extended-intervention", Tally.of(sum(extended), "outcome", extended));
    tallies.put("referrals-after-screening", Tally.of(afterScreening));
    return tallies;
  }

  private static Map<String, Tally> harmReduction(Connection connection, Scope scope)
      throws SQLException {
    String[] offerColumns = {"offer_bbv_testing", "offer_hbv_vaccination",
        "offer_treatment_referral", "offer_naloxone"};
    String[] offerIndicators = {"bbv-testing-offers", "hbv-vaccination-offers",
        "treatment-referral-offers", "naloxone-offers"};
    List<Map<String, Long>> offers = new ArrayList<>();
    for (int i = 0; i < offerColumns.length; i++) {
      offers.add(new LinkedHashMap<>());
    }
    Map<String, Long> levels = new LinkedHashMap<>();
    long transactions = 0;
    long withReturns = 0;
    Filter where = Filter.days("occurred_day", "pharmacy", scope);
    try (PreparedStatement select = where.prepare(connection, "SELECT nsp_level,"
        + " CASE WHEN returned_sharps_bins > 0 OR returned_loose THEN 1 ELSE 0 END, "
        + String.join(", ", offerColumns) + ", COUNT(*) FROM nsp_transaction",
        " GROUP BY nsp_level, CASE WHEN returned_sharps_bins > 0 OR returned_loose THEN 1"
            + " ELSE 0 END, " + String.join(", ", offerColumns));
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        long count = row.getLong(3 + offerColumns.length);
        transactions += count;
        levels.merge(row.getString(1), count, Long::sum);
        withReturns += row.getInt(2) * count;
        for (int i = 0; i < offerColumns.length; i++) {
          String outcome = row.getString(3 + i);
          if (outcome.startsWith("offered-")) { // not-offered, already-in-place: no offer
            offers.get(i).merge(outcome, count, Long::sum);
          }
        }
      }
    }
    long clients = where.count(connection,
        "SELECT COUNT(DISTINCT client_pseudonym) FROM nsp_transaction", "");
    Map<String, Long> items = new LinkedHashMap<>();
    // An item carries its transaction's day and pharmacy (V6): no join.
    try (PreparedStatement select = where.prepare(connection, "SELECT kind, SUM(quantity)"
        + " FROM nsp_item", " GROUP BY kind");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        items.put(row.getString(1), row.getLong(2));
      }
    }
    Map<String, Long> kits = new LinkedHashMap<>();
    long used = 0;
    where = Filter.days("supplied_day", "pharmacy", scope);
    try (PreparedStatement select = where.prepare(connection, "SELECT recipient,"
        + " naloxone_used, SUM(kits), COUNT(*) FROM naloxone_supply",
        " GROUP BY recipient, naloxone_used"); ResultSet row = select.executeQuery()) {
      while (row.next()) {
        kits.merge(row.getString(1), row.getLong(3), Long::sum);
        if (row.getBoolean(2)) {
          used += row.getLong(4);
        }
      }
    }
    Map<String, Tally> tallies = new HashMap<>();
    tallies.put("nsp-transactions", Tally.of(transactions, "level", levels));
    tallies.put("nsp-clients", Tally.of(clients));
    tallies.put("nsp-items-out", Tally.of(sum(items), "item", items));
    tallies.put("nsp-returns", Tally.of(withReturns)); // its rate: from the published counts
    for (int i = 0; i < offerColumns.length; i++) {
      tallies.put(offerIndicators[i], Tally.of(sum(offers.get(i)), "offer-outcome",
          offers.get(i)));
    }
    tallies.put("naloxone-kits", Tally.of(sum(kits), "recipient", kits));
    tallies.put("naloxone-used", Tally.of(used));
    return tallies;
  }

  private static Map<String, Tally> referrals(Connection connection, Scope scope)
      throws SQLException {
    Map<String, Long> sources = new LinkedHashMap<>();
    Map<String, Long> destinations = new LinkedHashMap<>();
    Map<String, Long> agencies = new LinkedHashMap<>();
    long referrals = 0;
    Filter where = Filter.instants("created", "requester", scope);
    try (PreparedStatement select = where.prepare(connection, "SELECT source, destination,"
        + " agency, COUNT(*) FROM referral", " GROUP BY source, destination, agency");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        long count = row.getLong(4);
        referrals += count;
        // Referrals taken in before these columns existed have neither: not guessed.
        if (row.getString(1) != null) {
          sources.merge(row.getString(1), count, Long::sum);
        }
        if (row.getString(2) != null) {
          destinations.merge(row.getString(2), count, Long::sum);
        }
        if (row.getString(3) != null) { // only agencies' referrals through the public pages
          agencies.merge(row.getString(3), count, Long::sum);
        }
      }
    }
    Map<String, Long> substances = new LinkedHashMap<>();
    Map<String, Long> flags = new LinkedHashMap<>();
    where = Filter.instants("r.created", "r.requester", scope);
    try (PreparedStatement select = where.prepare(connection, "SELECT c.kind, c.code,"
        + " COUNT(*) FROM referral_code c JOIN referral r ON r.id = c.referral",
        " GROUP BY c.kind, c.code"); ResultSet row = select.executeQuery()) {
      while (row.next()) {
        (row.getString(1).equals("substance") ? substances : flags)
            .put(row.getString(2), row.getLong(3));
      }
    }
    Outcomes outcomes = outcomes(connection, where);
    double[] days = outcomes.daysToAcceptance();
    long accepted = days.length;
    Map<String, Tally> tallies = new HashMap<>();
    tallies.put("referrals", new Tally(referrals, Map.of("source", sources, "destination",
        destinations, "substance", substances, "flag", flags, "agency", agencies),
        OptionalDouble.empty()));
    tallies.put("referrals-accepted", Tally.of(accepted));
    tallies.put("referrals-rejected", Tally.of(outcomes.rejected()));
    tallies.put("referrals-rerouted", Tally.of(outcomes.rerouted()));
    tallies.put("days-to-acceptance-median", Tally.scored(accepted, days.length == 0
        ? OptionalDouble.empty() : OptionalDouble.of(Percentile.of(days, 0.5))));
    tallies.put("days-to-acceptance-90th", Tally.scored(accepted, days.length == 0
        ? OptionalDouble.empty() : OptionalDouble.of(Percentile.of(days, 0.9))));
    tallies.put("referrals-escalated", Tally.of(outcomes.escalated()));
    tallies.put("delivery-failures", Tally.of(outcomes.failed()));
    return tallies;
  }

  /**
   * What became of the referrals {@code where} selects (on {@code r.created} and
   * {@code r.requester}, and {@code r.destination} for one service).
   *
   * @param daysToAcceptance each accepted referral's time from referral to acceptance, in days
   * @param rejected         referrals rejected by at least one service
   * @param rerouted         referrals sent on to another service after a rejection
   * @param failed           deliveries that failed for good
   * @param escalated        referrals with a Task escalated for waiting past its working days
   */
  record Outcomes(double[] daysToAcceptance, long rejected, long rerouted, long failed,
      long escalated) {
  }

  /** Per referral: accepted when, rejected at all, how many services, any delivery failed. */
  private static Outcomes outcomes(Connection connection, Filter where) throws SQLException {
    long rejected = 0;
    long rerouted = 0;
    long failed = 0;
    long escalated = 0;
    List<Double> waits = new ArrayList<>();
    try (PreparedStatement select = where.prepare(connection, "SELECT r.created,"
        + " MIN(t.accepted), SUM(CASE WHEN t.status = 'rejected' THEN 1 ELSE 0 END), COUNT(*),"
        + " SUM(CASE WHEN t.business_status = 'failed' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN t.escalated IS NULL THEN 0 ELSE 1 END)"
        + " FROM referral r JOIN task t ON t.referral = r.id",
        " GROUP BY r.id, r.created"); ResultSet row = select.executeQuery()) {
      while (row.next()) {
        OffsetDateTime acceptedAt = row.getObject(2, OffsetDateTime.class);
        if (acceptedAt != null) {
          OffsetDateTime created = row.getObject(1, OffsetDateTime.class);
          waits.add(Duration.between(created, acceptedAt).toMillis() / 1000.0
              / SECONDS_PER_DAY);
        }
        rejected += row.getLong(3) > 0 ? 1 : 0;
        rerouted += row.getLong(4) > 1 ? 1 : 0;
        failed += row.getLong(5);
        escalated += row.getLong(6) > 0 ? 1 : 0;
      }
    }
    return new Outcomes(waits.stream().mapToDouble(Double::doubleValue).toArray(), rejected,
        rerouted, failed, escalated);
  }

  /**
   * The days from referral to acceptance of the referrals first sent to {@code service} in
   * {@code scope}: the same query as the referral report's days to acceptance, for one
   * destination.
   */
  double[] daysToAcceptance(String service, Scope scope) {
    return store.transaction(connection -> outcomes(connection, Filter.instants("r.created",
        "r.requester", scope).and("r.destination = ?", service)).daysToAcceptance());
  }

  private static Map<String, Tally> ost(Connection connection, Scope scope)
      throws SQLException {
    long supervised = 0;
    long missed = 0;
    long withheld = 0;
    long against = 0;
    Filter where = Filter.days("event_date", "pharmacy", scope);
    String marked = "CASE WHEN against_rule IS NULL THEN 0 ELSE 1 END";
    try (PreparedStatement select = where.prepare(connection, "SELECT kind, supervised, "
        + marked + ", COUNT(*) FROM ost_event", " GROUP BY kind, supervised, " + marked);
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        long count = row.getLong(4);
        switch (row.getString(1)) {
          case "dispensed" -> {
            supervised += row.getBoolean(2) ? count : 0;
            against += row.getInt(3) * count;
          }
          case "not-collected" -> missed += count;
          case "withheld" -> withheld += count;
          default -> { } // a kind added later is not one of these counts
        }
      }
    }
    long alerts = Filter.days("raised", "pharmacy", scope).count(connection,
        "SELECT COUNT(*) FROM ost_notification", " AND reason = 'missed-doses'"
            + " AND notification_key LIKE 'missed-doses/%'"); // not those telling of a supply
    return Map.of("supervised-doses", Tally.of(supervised), "missed-days", Tally.of(missed),
        "missed-day-alerts", Tally.of(alerts), "withheld-doses", Tally.of(withheld),
        "supplies-against-withhold", Tally.of(against));
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The WHERE clause of a report's scope over one table: the period on its time or day column,
   * and the organisation or the district's organisations on its organisation column.
   */
  private record Filter(String clause, List<Object> parameters) {

    static Filter instants(String column, String organisation, Scope scope) {
      return of(column + " >= ? AND " + column + " < ?", List.of(scope.from(), scope.until()),
          organisation, scope);
    }

    static Filter days(String column, String organisation, Scope scope) {
      return of(column + " >= ? AND " + column + " <= ?", List.of(scope.start(), scope.end()),
          organisation, scope);
    }

    private static Filter of(String period, List<Object> bounds, String organisation,
        Scope scope) {
      StringBuilder clause = new StringBuilder(" WHERE ").append(period);
      List<Object> parameters = new ArrayList<>(bounds);
      scope.organisation().ifPresent(ods -> {
        clause.append(" AND ").append(organisation).append(" = ?");
        parameters.add(ods);
      });
      if (scope.district().isPresent()) {
        if (scope.organisations().isEmpty()) {
          clause.append(" AND 1 = 0"); // no organisation is known to be in it
        } else {
          clause.append(" AND ").append(organisation).append(" IN (")
              .append(String.join(", ", java.util.Collections.nCopies(
                  scope.organisations().size(), "?"))).append(')');
          parameters.addAll(scope.organisations().stream().sorted().toList());
        }
      }
      return new Filter(clause.toString(), parameters);
    }

    /** This filter and one more condition with its one parameter. */
    Filter and(String condition, Object parameter) {
      List<Object> more = new ArrayList<>(parameters);
      more.add(parameter);
      return new Filter(clause + " AND " + condition, more);
    }

    /** The one number a counting query answers. */
    long count(Connection connection, String select, String rest) throws SQLException {
      try (PreparedStatement statement = prepare(connection, select, rest);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }

    PreparedStatement prepare(Connection connection, String select, String rest)
        throws SQLException {
      PreparedStatement statement = connection.prepareStatement(select + clause + rest);
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      return statement;
    }
  }
}
