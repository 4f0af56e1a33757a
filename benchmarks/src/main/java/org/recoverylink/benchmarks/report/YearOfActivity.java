package org.recoverylink.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.screening.Band;
import org.recoverylink.core.screening.Banding;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.server.store.Store;

/**
 * One year (2025) of a county's activity, written with JDBC batch inserts straight into the
 * tables the endpoint writes, column for column as its store classes write them: exactly
 * {@link #EVENTS} rows that a user's action created (a screening assessed, an intervention
 * recorded, a referral made, an NSP transaction, a naloxone supply, an OST prescription
 * registered, an OST event at the counter), with what the endpoint writes beside them (a
 * referral's Tasks and codes, a transaction's items, the OST notifications).
 *
 * <p>The JSON columns hold what the endpoint answered for the same kind of event in the report
 * test (templates in the resources next to this class, 0.6 to 13 KB), with each row's own ids
 * put in: a scan that reads the rows pays for them as it would in service.
 *
 * <p>Everything is drawn from one seeded {@link Random}: the same year every time. Rows go in
 * table by table, in the order of their time, a day per transaction, as the endpoint would have
 * appended them.
 */
final class YearOfActivity {

  static final LocalDate FIRST = LocalDate.of(2025, 1, 1);
  static final LocalDate LAST = LocalDate.of(2025, 12, 31);
  /** User actions in all; screenings make up what the other kinds leave. */
  static final int EVENTS = 1_000_000;
  static final int INTERVENTIONS = 150_000;
  static final int REFERRALS = 50_000;
  static final int NSP_TRANSACTIONS = 200_000;
  static final int NALOXONE_SUPPLIES = 50_000;
  /** People on shared-care OST at the county's pharmacies: about 150,000 OST rows a year. */
  static final int OST_PATIENTS = 520;
  static final int PRACTICES = 40;
  static final int PHARMACIES = 30;
  static final int NSP_CLIENTS = 6_000;

  private static final ZoneId ENGLAND = England.ZONE;
  /** Relative activity by day of week, Monday first: practices barely open at weekends. */
  private static final double[] PRACTICE_WEEK = {1.2, 1.1, 1.0, 1.0, 0.9, 0.1, 0.0};
  private static final double[] PHARMACY_WEEK = {1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.2};

  /** A reporting organisation, how busy it is relative to others, and its district. */
  record Organisation(String ods, double weight, District district) {
  }

  private final Random random = new Random(2025);
  private final Directory directory = EssexDirectory.directory();
  private final List<Organisation> practices = new ArrayList<>();
  private final List<Organisation> pharmacies = new ArrayList<>();
  private final List<String> clients = new ArrayList<>();
  private final Map<String, String> templates = new LinkedHashMap<>();
  private final Map<String, Long> written = new LinkedHashMap<>();
  /** The statements the current transaction opened, so a row can add to a second table's. */
  private final Map<String, PreparedStatement> open = new LinkedHashMap<>();

  YearOfActivity() {
    List<District> districts = directory.geography().districts().stream()
        .filter(District::local).toList();
    // Practices and pharmacies take turns over the twelve districts; sizes vary threefold.
    for (int i = 0; i < PRACTICES; i++) {
      practices.add(new Organisation(String.format("F81%03d", i + 1),
          0.5 + random.nextDouble(), districts.get(i % districts.size())));
    }
    for (int i = 0; i < PHARMACIES; i++) {
      pharmacies.add(new Organisation(String.format("FA%03d", i + 1),
          0.5 + random.nextDouble(), districts.get((i + 5) % districts.size())));
    }
    String letters = "ABCDEFGHIJKLMNOPRSTW";
    for (int i = 0; i < NSP_CLIENTS; i++) { // initials, date of birth, sex: JS-19900314-M
      LocalDate born = LocalDate.of(1960, 1, 1).plusDays(random.nextInt(16_000));
      clients.add(pseudonym("" + letters.charAt(random.nextInt(20))
          + letters.charAt(random.nextInt(20)) + "-" + born.toString().replace("-", "") + "-"
          + (random.nextInt(4) == 0 ? "F" : "M")));
    }
  }

  /**
   * A client code as the store holds it since V8: 64 hexadecimal digits (the server's are
   * HMAC-SHA-256 under its key; a plain hash is as good for load).
   */
  private static String pseudonym(String code) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  List<Organisation> practices() {
    return practices;
  }

  List<Organisation> pharmacies() {
    return pharmacies;
  }

  /** Rows written, by table, in the order written. */
  Map<String, Long> written() {
    return written;
  }

  /** Writes the year. OST first: its count falls out of the patients' histories. */
  void seed(Store store) {
    int ost = ost(store);
    interventions(store);
    referrals(store);
    nsp(store);
    naloxone(store);
    screenings(store, EVENTS - ost - INTERVENTIONS - REFERRALS - NSP_TRANSACTIONS
        - NALOXONE_SUPPLIES);
  }

  // --- the tables, as the endpoint's store classes write them ---

  /**
   * Screenings (Screenings.count): 85% at practices; no JSON, no patient. And, as it writes
   * with them, their tallies by English day, organisation, instrument and band.
   */
  private void screenings(Store store, int total) {
    Map<List<Object>, Long> days = new LinkedHashMap<>();
    Instrument[] instruments = {Instruments.AUDIT_C, Instruments.AUDIT, Instruments.FAST,
        Instruments.PHQ_9, Instruments.PHQ_2, Instruments.GAD_7, Instruments.GAD_2,
        Instruments.DAST_10};
    double[] mix = {55, 12, 5, 10, 8, 6, 3, 1};
    MessageDigest sha256 = sha256();
    long[] sequence = {0};
    eachDay(store, total, PRACTICE_WEEK, 8, 18, "INSERT INTO screening (id, organisation,"
        + " instrument, band, total, assessed) VALUES (?, ?, ?, ?, ?, ?)", (insert, at) -> {
          String org = random.nextDouble() < 0.85 ? pick(practices) : pick(pharmacies);
          Instrument instrument = instruments[pick(mix)];
          int span = instrument.maxTotal() - instrument.minTotal() + 1;
          double u = random.nextDouble(); // most people score low
          int score = instrument.minTotal() + (int) (span * u * u);
          // The key as the server makes it: the first 128 bits of a digest of the organisation
          // and the response's id.
          ByteBuffer digest = ByteBuffer.wrap(sha256.digest((org + "|response-"
              + sequence[0]++).getBytes(StandardCharsets.UTF_8)));
          insert.setObject(1, new UUID(digest.getLong(), digest.getLong()));
          insert.setString(2, org);
          insert.setString(3, instrument.id());
          String band = band(instrument, score);
          insert.setString(4, band);
          insert.setInt(5, score);
          insert.setObject(6, utc(at));
          insert.addBatch();
          days.merge(List.of(LocalDate.ofInstant(at, ENGLAND), org, instrument.id(), band), 1L,
              Long::sum);
        }, "screening");
    batches(store, List.copyOf(days.entrySet()), "INSERT INTO screening_day (assessed_day,"
        + " organisation, instrument, band, screenings) VALUES (?, ?, ?, ?, ?)",
        (insert, day) -> {
          for (int i = 0; i < 4; i++) {
            insert.setObject(i + 1, day.getKey().get(i));
          }
          insert.setLong(5, day.getValue());
          insert.addBatch();
        }, "screening_day");
  }

  private static String band(Instrument instrument, int total) {
    if (instrument.banding() instanceof Banding.Ranges ranges) {
      return ranges.rangeOf(total).band().code();
    }
    return total >= 3 ? Band.POSITIVE.code() : Band.NEGATIVE.code(); // FAST, PHQ-2, GAD-2
  }

  /** Brief and extended interventions (Interventions.save): a fifth declined. */
  private void interventions(Store store) {
    String completed = template("intervention-completed");
    String declined = template("intervention-declined");
    eachDay(store, INTERVENTIONS, PRACTICE_WEEK, 8, 18, "INSERT INTO brief_intervention (id,"
        + " organisation, patient, code, status, performed, recorded, resource)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (insert, at) -> {
          String id = uuid();
          Intervention kind = random.nextDouble() < 0.15 ? Intervention.EXTENDED
              : Intervention.BRIEF;
          boolean done = random.nextDouble() >= 0.2;
          insert.setString(1, id);
          insert.setString(2, random.nextDouble() < 0.9 ? pick(practices) : pick(pharmacies));
          insert.setString(3, nhsNumber());
          insert.setString(4, done ? kind.completedSnomed() : kind.declinedSnomed());
          insert.setString(5, done ? "completed" : "not-done");
          insert.setObject(6, utc(at));
          insert.setObject(7, utc(at.plusSeconds(60 + random.nextInt(1800))));
          insert.setString(8, (done ? completed : declined).replace("@ID@", id));
          insert.addBatch();
        }, "brief_intervention");
  }

  /**
   * Referrals with their codes and Tasks (ReferralStore.create, then the providers' changes):
   * a quarter from pharmacies, four in five carrying a screening (and the AUDIT it came with);
   * 8% rejected and re-routed to the single point of contact, 1% failed delivery.
   */
  private void referrals(Store store) {
    String screened = template("referral-screened");
    String plain = template("referral-plain");
    List<Service> services = directory.services();
    Service spoc = directory.singlePointOfContact();
    Substance[] substances = Substance.values();
    double[] substanceMix = {55, 15, 10, 8, 7, 2, 1, 0.5, 0.5, 0.5, 0.5};
    FlagCode[] flags = FlagCode.values();
    long[] sequence = {0};
    long[] tasks = {0};
    long[] codes = {0};
    eachDay(store, REFERRALS, PRACTICE_WEEK, 8, 18, "INSERT INTO referral (id, requester,"
        + " identifier_system, identifier_value, patient, created, resource, source,"
        + " destination, after_screening) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (insert, at) -> {
          String id = uuid();
          boolean gp = random.nextDouble() < 0.75;
          boolean afterScreening = random.nextDouble() < 0.8;
          String requester = gp ? pick(practices) : pick(pharmacies);
          double u = random.nextDouble(); // a few services take most referrals
          Service service = services.get((int) (services.size() * u * u));
          insert.setString(1, id);
          insert.setString(2, requester);
          insert.setString(3, gp ? "https://gp-system.example/Id/referral"
              : "https://pmr-system.example/Id/referral");
          insert.setString(4, "R" + sequence[0]++);
          insert.setString(5, nhsNumber());
          insert.setObject(6, utc(at));
          insert.setString(7, (afterScreening ? screened : plain).replace("@ID@", id));
          insert.setString(8, gp ? "gp" : "pharmacy");
          insert.setString(9, service.id());
          insert.setBoolean(10, afterScreening);
          insert.addBatch();
          Connection connection = insert.getConnection();
          Set<String> named = new LinkedHashSet<>();
          for (int i = random.nextDouble() < 0.2 ? 2 : 1; named.size() < i; ) {
            named.add(substances[pick(substanceMix)].code());
          }
          Set<String> raised = new LinkedHashSet<>();
          for (int i = random.nextDouble() < 0.6 ? 0 : random.nextDouble() < 0.75 ? 1 : 2;
              raised.size() < i; ) {
            raised.add(flags[random.nextInt(flags.length)].code());
          }
          PreparedStatement code = statement(connection, "INSERT INTO referral_code (referral,"
              + " kind, code) VALUES (?, ?, ?)");
          codes[0] += addCodes(code, id, "substance", named);
          codes[0] += addCodes(code, id, "flag", raised);
          PreparedStatement task = statement(connection, "INSERT INTO task (id, referral,"
              + " service, owner, requester, status, business_status, status_reason, note,"
              + " version, created, updated, accepted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
              + " ?, ?)");
          String note = "to " + service.name() + ": district "
              + practices.get(random.nextInt(PRACTICES)).district().name()
              + " inferred from postcode district SS14 (its main district; outward"
              + " codes can straddle districts); main substance: " + named.iterator().next();
          double fate = random.nextDouble();
          double delivery = random.nextDouble();
          String business = delivery < 0.01 ? "failed" : delivery < 0.16 ? "worklist"
              : "delivered";
          if (business.equals("failed")) {
            task(task, id, service, requester, "requested", business,
                "delivery failed: the provider refused it: HTTP 400", at, null);
          } else if (fate < 0.08) { // rejected, then re-routed
            Instant rejected = at.plusSeconds(3_600 + random.nextInt(5 * 86_400));
            task(task, id, service, requester, "rejected", business, "rejected by "
                + service.name() + ": No capacity; re-routed to " + spoc.name(), at, null);
            boolean taken = random.nextDouble() < 0.7;
            task(task, id, spoc, requester, taken ? "accepted" : "requested", "worklist",
                "re-routed from " + service.name() + ", which rejected it: No capacity",
                rejected, taken ? wait(rejected) : null);
            tasks[0]++;
          } else if (fate < 0.10) {
            task(task, id, service, requester, "cancelled", business, note, at, null);
          } else if (fate < 0.25) {
            task(task, id, service, requester, "requested", business, note, at, null);
          } else {
            String status = fate < 0.70 ? "accepted" : fate < 0.82 ? "in-progress"
                : "completed";
            task(task, id, service, requester, status, business, note, at, wait(at));
          }
          tasks[0]++;
        }, "referral");
    written.put("task", tasks[0]);
    written.put("referral_code", codes[0]);
  }

  /** When a service accepted: a median of three days after, a long tail. */
  private Instant wait(Instant from) {
    double days = Math.min(60, Math.exp(Math.log(3) + 0.9 * random.nextGaussian()));
    return from.plusSeconds((long) (days * 86_400));
  }

  private void task(PreparedStatement task, String referral, Service service, String requester,
      String status, String business, String note, Instant created, Instant accepted)
      throws SQLException {
    task.setString(1, uuid());
    task.setString(2, referral);
    task.setString(3, service.id());
    task.setString(4, service.provider().id());
    task.setString(5, requester);
    task.setString(6, status);
    task.setString(7, business);
    task.setString(8, status.equals("rejected") ? "No capacity" : null);
    task.setString(9, note);
    task.setInt(10, accepted == null ? 2 : 3);
    task.setObject(11, utc(created));
    task.setObject(12, utc(accepted == null ? created.plusSeconds(60) : accepted));
    nullable(task, 13, accepted == null ? null : utc(accepted),
        Types.TIMESTAMP_WITH_TIMEZONE);
    task.addBatch();
  }

  /**
   * Needle exchange (HarmReductionStore.record): 70% level 1 (packs), 25% level 2, 5% level 3;
   * regular clients come often; the items as lines by kind and size.
   */
  private void nsp(Store store) {
    String packs = template("nsp-packs");
    String visit = template("nsp-full-visit");
    String[] outcomes = {"not-offered", "offered-accepted", "offered-declined",
        "already-in-place"};
    double[] offerMix = {70, 10, 15, 5};
    String[] packKinds = {"pack-1ml", "pack-2ml", "pack-mixed", "pack-iped"};
    String[][] loose = {{"syringe", "1ml"}, {"syringe", "2ml"}, {"needle", "25G-16mm"},
        {"needle", "23G-30mm"}, {"filter", null}, {"spoon-or-cooker", null}, {"water", null},
        {"citric-or-vitamin-c", null}, {"swab", null}};
    long[] items = {0};
    eachDay(store, NSP_TRANSACTIONS, PHARMACY_WEEK, 9, 19, "INSERT INTO nsp_transaction (id,"
        + " organisation, pharmacy, occurred, occurred_day, client_pseudonym, nsp_level, packs,"
        + " syringes_and_needles, returned_sharps_bins, returned_loose, offer_bbv_testing,"
        + " offer_hbv_vaccination, offer_treatment_referral, offer_naloxone, recorded,"
        + " resource) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (insert, at) -> {
          String id = uuid();
          String pharmacy = pick(pharmacies);
          double level = random.nextDouble();
          List<Object[]> lines = new ArrayList<>(); // kind, size, quantity
          if (level < 0.7) {
            lines.add(new Object[] {packKinds[random.nextInt(packKinds.length)], null,
                1 + random.nextInt(5)});
          } else {
            for (int i : distinct(loose.length, 3 + random.nextInt(4))) {
              lines.add(new Object[] {loose[i][0], loose[i][1], 5 + random.nextInt(26)});
            }
          }
          if (random.nextDouble() < 0.6) {
            lines.add(new Object[] {"sharps-bin", random.nextBoolean() ? "1L" : "0.6L", 1});
          }
          int packCount = 0;
          int syringesAndNeedles = 0;
          for (Object[] line : lines) {
            String kind = (String) line[0];
            packCount += kind.startsWith("pack-") ? (Integer) line[2] : 0;
            syringesAndNeedles += kind.equals("syringe") || kind.equals("needle")
                ? (Integer) line[2] : 0;
          }
          double u = random.nextDouble();
          insert.setString(1, id);
          insert.setString(2, pharmacy);
          insert.setString(3, pharmacy);
          insert.setObject(4, utc(at));
          insert.setObject(5, LocalDate.ofInstant(at, ENGLAND));
          insert.setString(6, clients.get((int) (clients.size() * u * u)));
          insert.setString(7, level < 0.7 ? "level-1" : level < 0.95 ? "level-2" : "level-3");
          insert.setInt(8, packCount);
          insert.setInt(9, syringesAndNeedles);
          insert.setInt(10, random.nextDouble() < 0.4 ? 1 + random.nextInt(2) : 0);
          insert.setBoolean(11, random.nextDouble() < 0.1);
          for (int i = 12; i <= 15; i++) {
            insert.setString(i, outcomes[pick(offerMix)]);
          }
          insert.setObject(16, utc(at.plusSeconds(5 + random.nextInt(120))));
          insert.setString(17, (level < 0.7 ? packs : visit).replace("@ID@", id));
          insert.addBatch();
          PreparedStatement item = statement(insert.getConnection(), "INSERT INTO nsp_item"
              + " (nsp_transaction, line, kind, item_size, quantity, occurred_day, pharmacy)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)");
          for (int i = 0; i < lines.size(); i++) {
            item.setString(1, id);
            item.setInt(2, i + 1);
            item.setString(3, (String) lines.get(i)[0]);
            item.setString(4, (String) lines.get(i)[1]);
            item.setInt(5, (Integer) lines.get(i)[2]);
            item.setObject(6, LocalDate.ofInstant(at, ENGLAND));
            item.setString(7, pharmacy);
            item.addBatch();
            items[0]++;
          }
        }, "nsp_transaction");
    written.put("nsp_item", items[0]);
  }

  /** Take-home naloxone (HarmReductionStore.record): 15% replace a kit used on an overdose. */
  private void naloxone(Store store) {
    String first = template("naloxone-first");
    String replacement = template("naloxone-replacement");
    String[] recipients = {"person-at-risk", "family-or-friend", "worker"};
    double[] recipientMix = {70, 25, 5};
    String[] reasons = {"first-supply", "replacement-used", "lost", "expired", "confiscated"};
    double[] reasonMix = {60, 15, 10, 10, 5};
    eachDay(store, NALOXONE_SUPPLIES, PHARMACY_WEEK, 9, 19, "INSERT INTO naloxone_supply (id,"
        + " organisation, pharmacy, supplied, supplied_day, client_pseudonym, recipient, product,"
        + " kits, reason, naloxone_used, used_day, ambulance_called, overdose_outcome,"
        + " recorded, resource) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (insert, at) -> {
          String id = uuid();
          String pharmacy = pick(pharmacies);
          String reason = reasons[pick(reasonMix)];
          boolean used = reason.equals("replacement-used");
          LocalDate day = LocalDate.ofInstant(at, ENGLAND);
          insert.setString(1, id);
          insert.setString(2, pharmacy);
          insert.setString(3, pharmacy);
          insert.setObject(4, utc(at));
          insert.setObject(5, day);
          insert.setString(6, random.nextDouble() < 0.7
              ? clients.get(random.nextInt(clients.size())) : null);
          insert.setString(7, recipients[pick(recipientMix)]);
          insert.setString(8, random.nextDouble() < 0.65 ? "intramuscular" : "intranasal");
          insert.setInt(9, random.nextDouble() < 0.85 ? 1 : 2);
          insert.setString(10, reason);
          insert.setBoolean(11, used);
          nullable(insert, 12, used && random.nextDouble() < 0.7
              ? day.minusDays(1 + random.nextInt(6)) : null, Types.DATE);
          nullable(insert, 13, used ? random.nextDouble() < 0.6 : null, Types.BOOLEAN);
          insert.setString(14, used ? (random.nextDouble() < 0.9 ? "survived"
              : random.nextDouble() < 0.2 ? "died" : "unknown") : null);
          insert.setObject(15, utc(at.plusSeconds(5 + random.nextInt(120))));
          insert.setString(16, (used ? replacement : first).replace("@ID@", id));
          insert.addBatch();
        }, "naloxone_supply");
  }

  /**
   * Shared-care OST (OstStore.register, record, raise): each patient at one pharmacy on
   * fortnightly prescriptions; collections Monday to Saturday (Saturday's covers Sunday), 70%
   * of patients supervised; runs of missed days, a missed-doses alert (with its Flag) on the
   * third; now and then a dose withheld as the patient is intoxicated, with a notification.
   *
   * @return the prescriptions and counter events written: user actions
   */
  private int ost(Store store) {
    record Form(String id, String pharmacy, String patient, LocalDate from, Instant created) {
    }
    record Event(String id, Form form, String kind, LocalDate date, boolean supervised,
        BigDecimal quantity, Instant recorded) {
    }
    record Alert(String id, Form form, String key, String reason, LocalDate raised,
        Instant recorded) {
    }
    List<Form> forms = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    long days = ChronoUnit.DAYS.between(FIRST, LAST) + 1;
    for (int p = 0; p < OST_PATIENTS; p++) {
      String pharmacy = pick(pharmacies);
      String patient = nhsNumber();
      boolean supervised = random.nextDouble() < 0.7;
      BigDecimal dose = BigDecimal.valueOf(30 + 5 * random.nextInt(19)); // 30-120 mg
      LocalDate start = random.nextDouble() < 0.7 ? FIRST : FIRST.plusDays(random.nextInt(
          (int) days));
      LocalDate stop = random.nextDouble() < 0.8 ? LAST : start.plusDays(random.nextInt(
          (int) ChronoUnit.DAYS.between(start, LAST) + 1));
      int missedRun = 0;
      LocalDate firstMissed = null;
      Form form = null;
      for (LocalDate day = start; !day.isAfter(stop); day = day.plusDays(1)) {
        if (form == null || !day.isBefore(form.from().plusDays(14))) {
          form = new Form(uuid(), pharmacy, patient, day, at(day.minusDays(1), 10, 17));
          forms.add(form);
        }
        if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
          continue; // taken home on Saturday
        }
        Instant at = at(day, 9, 18);
        if (missedRun == 0 && random.nextDouble() < 0.03) {
          missedRun = 1 + random.nextInt(5);
          firstMissed = day;
        }
        if (missedRun > 0) {
          events.add(new Event(uuid(), form, "not-collected", day, false, null, at));
          if (day.equals(firstMissed.plusDays(2))) {
            alerts.add(new Alert(uuid(), form, "missed-doses/" + firstMissed, "missed-doses",
                day, at));
          }
          missedRun--;
        } else if (random.nextDouble() < 0.01) {
          events.add(new Event(uuid(), form, "withheld", day, false, null, at));
          alerts.add(new Alert(uuid(), form, "intoxicated/" + day, "intoxicated", day, at));
        } else {
          boolean saturday = day.getDayOfWeek() == DayOfWeek.SATURDAY;
          events.add(new Event(uuid(), form, "dispensed", day, supervised, saturday
              ? dose.multiply(BigDecimal.valueOf(2)) : dose, at));
        }
      }
    }
    forms.sort(Comparator.comparing(Form::created));
    events.sort(Comparator.comparing(Event::recorded));
    alerts.sort(Comparator.comparing(Alert::recorded));

    String prescription = template("ost-prescription");
    batches(store, forms, "INSERT INTO ost_prescription (id, pharmacy, prescription, patient,"
        + " valid_from, valid_to, created, resource) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (insert, form) -> {
          insert.setString(1, form.id());
          insert.setString(2, form.pharmacy());
          insert.setString(3, "rx-" + form.id().substring(0, 8));
          insert.setString(4, form.patient());
          insert.setObject(5, form.from());
          insert.setObject(6, form.from().plusDays(13));
          insert.setObject(7, utc(form.created()));
          insert.setString(8, prescription.replace("@ID@", form.id()));
          insert.addBatch();
        }, "ost_prescription");
    Map<String, String> eventTemplates = Map.of("dispensed", template("ost-dispensed"),
        "not-collected", template("ost-not-collected"), "withheld", template("ost-withheld"));
    batches(store, events, "INSERT INTO ost_event (id, prescription, patient, pharmacy, kind,"
        + " event_date, first_day, last_day, supervised, quantity, recorded, resource)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (insert, event) -> {
          boolean takeHome = event.kind().equals("dispensed")
              && event.date().getDayOfWeek() == DayOfWeek.SATURDAY;
          insert.setString(1, event.id());
          insert.setString(2, event.form().id());
          insert.setString(3, event.form().patient());
          insert.setString(4, event.form().pharmacy());
          insert.setString(5, event.kind());
          insert.setObject(6, event.date());
          insert.setObject(7, event.date());
          insert.setObject(8, takeHome ? event.date().plusDays(1) : event.date());
          insert.setBoolean(9, event.supervised());
          nullable(insert, 10, event.quantity(), Types.DECIMAL);
          insert.setObject(11, utc(event.recorded()));
          insert.setString(12, eventTemplates.get(event.kind()).replace("@ID@", event.id())
              .replace("@PRESCRIPTION@", event.form().id()));
          insert.addBatch();
        }, "ost_event");
    String communication = template("ost-communication");
    String flag = template("ost-flag");
    batches(store, alerts, "INSERT INTO ost_notification (id, patient, notification_key,"
        + " prescription, pharmacy, reason, raised, recorded, communication, flag_id, flag)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (insert, alert) -> {
          boolean flagged = alert.reason().equals("missed-doses"); // withheld until reviewed
          String flagId = flagged ? uuid() : null;
          insert.setString(1, alert.id());
          insert.setString(2, alert.form().patient());
          insert.setString(3, alert.key());
          insert.setString(4, alert.form().id());
          insert.setString(5, alert.form().pharmacy());
          insert.setString(6, alert.reason());
          insert.setObject(7, alert.raised());
          insert.setObject(8, utc(alert.recorded()));
          insert.setString(9, communication.replace("@ID@", alert.id())
              .replace("@PRESCRIPTION@", alert.form().id()));
          insert.setString(10, flagId);
          insert.setString(11, flagged ? flag.replace("@ID@", flagId)
              .replace("@PRESCRIPTION@", alert.form().id()) : null);
          insert.addBatch();
        }, "ost_notification");
    return forms.size() + events.size();
  }

  // --- writing ---

  /** Fills one row of a batch insert. */
  @FunctionalInterface
  private interface Row<T> {
    void fill(PreparedStatement insert, T value) throws SQLException;
  }

  /**
   * {@code total} rows over the year, spread over the days by the weekly pattern and over each
   * day's opening hours, written in time order, a day per transaction.
   */
  private void eachDay(Store store, int total, double[] week, int opens, int closes,
      String sql, Row<Instant> row, String table) {
    List<LocalDate> days = FIRST.datesUntil(LAST.plusDays(1)).toList();
    double[] weights = days.stream().mapToDouble(d -> week[d.getDayOfWeek().getValue() - 1])
        .toArray();
    double sum = Arrays.stream(weights).sum();
    double cumulative = 0;
    long before = 0;
    for (int d = 0; d < days.size(); d++) {
      cumulative += weights[d];
      long upTo = Math.round(total * cumulative / sum); // rounding never loses a row
      List<Instant> times = new ArrayList<>();
      for (long i = before; i < upTo; i++) {
        times.add(at(days.get(d), opens, closes));
      }
      times.sort(null);
      before = upTo;
      write(store, times, sql, row);
    }
    written.put(table, (long) total);
    progress(table, total);
  }

  /** Rows of values made beforehand, in batches of 5,000 a transaction. */
  private <T> void batches(Store store, List<T> values, String sql, Row<T> row, String table) {
    for (int from = 0; from < values.size(); from += 5_000) {
      write(store, values.subList(from, Math.min(values.size(), from + 5_000)), sql, row);
    }
    written.put(table, (long) values.size());
    progress(table, values.size());
  }

  private <T> void write(Store store, List<T> values, String sql, Row<T> row) {
    if (values.isEmpty()) {
      return;
    }
    store.transaction(connection -> {
      try {
        PreparedStatement insert = statement(connection, sql);
        for (T value : values) {
          row.fill(insert, value);
        }
        for (PreparedStatement statement : open.values()) { // parents first: the first opened
          statement.executeBatch();
        }
      } finally {
        for (PreparedStatement statement : open.values()) {
          statement.close();
        }
        open.clear();
      }
      return null;
    });
  }

  /** Batches one referral_code row for each code of this kind; answers how many. */
  private static int addCodes(PreparedStatement code, String referral, String kind,
      Set<String> values) throws SQLException {
    for (String value : values) {
      code.setString(1, referral);
      code.setString(2, kind);
      code.setString(3, value);
      code.addBatch();
    }
    return values.size();
  }

  private PreparedStatement statement(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = open.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      open.put(sql, statement);
    }
    return statement;
  }

  private static void progress(String table, long rows) {
    System.err.printf("seeded %,d rows of %s%n", rows, table);
  }

  // --- drawing ---

  /** An organisation, chosen in proportion to how busy it is. */
  private String pick(List<Organisation> organisations) {
    double sum = 0;
    for (Organisation organisation : organisations) {
      sum += organisation.weight();
    }
    double at = random.nextDouble() * sum;
    for (Organisation organisation : organisations) {
      at -= organisation.weight();
      if (at < 0) {
        return organisation.ods();
      }
    }
    return organisations.get(organisations.size() - 1).ods();
  }

  /** An index, chosen in proportion to the weights. */
  private int pick(double[] weights) {
    double at = random.nextDouble() * Arrays.stream(weights).sum();
    for (int i = 0; i < weights.length; i++) {
      at -= weights[i];
      if (at < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** {@code count} distinct indexes below {@code bound}, in order. */
  private int[] distinct(int bound, int count) {
    Set<Integer> chosen = new java.util.TreeSet<>();
    while (chosen.size() < count) {
      chosen.add(random.nextInt(bound));
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A moment of the day between the hours, on English clocks. */
  private Instant at(LocalDate day, int opens, int closes) {
    return day.atTime(opens, 0).plusSeconds(random.nextInt((closes - opens) * 3_600))
        .atZone(ENGLAND).toInstant();
  }

  /** A random (version 4) UUID from the seeded generator, as the endpoint's ids look. */
  private String uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private String nhsNumber() {
    return String.format("9%09d", random.nextInt(1_000_000_000));
  }

  /** A value, or SQL NULL of its type. */
  private static void nullable(PreparedStatement insert, int index, Object value, int type)
      throws SQLException {
    if (value == null) {
      insert.setNull(index, type);
    } else {
      insert.setObject(index, value);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC); // as the store's Instants.set writes them
  }

  private String template(String name) {
    return templates.computeIfAbsent(name, n -> {
      try (InputStream in = YearOfActivity.class.getResourceAsStream(n + ".json")) {
        if (in == null) {
          throw new IllegalStateException("no template " + n);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
