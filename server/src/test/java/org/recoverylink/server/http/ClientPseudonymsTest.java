package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRules;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.store.ClientPseudonyms;

/**
 * Needle exchange client codes (initials, date of birth, sex) are used at the counter but stored
 * and answered only as keyed hashes: nothing in the database gives back a birth date, visits
 * with one code still count as one client, and another deployment's key gives other pseudonyms.
 */
class ClientPseudonymsTest {

  private static final String PHARMACY = "FA123";
  /** Examples.CLIENT is JS-19900314-M: what the store must not hold in any form. */
  private static final List<String> CODE_PARTS = List.of("JS-1990", "19900314", "1990-03-14",
      "1990/03/14", "14/03/1990");

  private static HttpResponse<String> nsp(TestHub hub, NspTransaction visit) throws Exception {
    HttpResponse<String> answer = hub.send("POST", NspResources.OPERATION, Role.PHARMACY,
        visit.pharmacy(), NspResources.toParameters(visit));
    assertTrue(answer.statusCode() == 201 || answer.statusCode() == 200, answer.body());
    return answer;
  }

  private static String pseudonymOf(TestHub hub, String transaction) throws SQLException {
    try (Connection db = hub.connect(); PreparedStatement query = db.prepareStatement(
        "SELECT client_pseudonym FROM nsp_transaction WHERE id = ?")) {
      query.setString(1, transaction);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), transaction);
        return row.getString(1);
      }
    }
  }

  /** Every value of every column of every table of the hub's database, as text. */
  private static List<String> everything(TestHub hub) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection db = hub.connect()) {
      DatabaseMetaData meta = db.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet table = meta.getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
        while (table.next()) {
          tables.add(table.getString("TABLE_NAME"));
        }
      }
      assertTrue(tables.size() > 10, tables.toString());
      for (String table : tables) {
        try (PreparedStatement all = db.prepareStatement("SELECT * FROM \"" + table + "\"");
            ResultSet row = all.executeQuery()) {
          int columns = row.getMetaData().getColumnCount();
          while (row.next()) {
            for (int c = 1; c <= columns; c++) {
              values.add(table + "." + row.getMetaData().getColumnName(c) + "="
                  + row.getString(c));
            }
          }
        }
      }
    }
    return values;
  }

  private static void assertNoClientCode(List<String> values) {
    for (String value : values) {
      for (String part : CODE_PARTS) {
        assertFalse(value.contains(part), "the store holds " + part + " in " + value);
      }
    }
  }

  /** The one Patient of an answer's record: only the pseudonym, nothing else. */
  private static String pseudonymIn(String answerJson) {
    Parameters answer = TestHub.FHIR.newJsonParser().parseResource(Parameters.class,
        answerJson);
    assertEquals(List.of(), ServerValidator.get().errors(answer));
    Patient patient = ((Bundle) answer.getParameter("record").getResource()).getEntry()
        .stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseThrow();
    assertEquals(1, patient.getIdentifier().size());
    Identifier identifier = patient.getIdentifierFirstRep();
    assertEquals(HarmReductionCodes.CLIENT_PSEUDONYM, identifier.getSystem());
    assertTrue(identifier.getValue().matches("[0-9a-f]{64}"), identifier.getValue());
    return identifier.getValue();
  }

  @Test
  void theDatabaseAndTheAnswersHoldAPseudonymNeverTheCode(@TempDir Path data)
      throws Exception {
    try (TestHub hub = TestHub.start(ServerOptions.defaults(data))) {
      NspTransaction visit = Examples.fullVisit(PHARMACY);
      HttpResponse<String> created = nsp(hub, visit);
      NaloxoneSupply supply = Examples.firstSupply(PHARMACY); // with the same client code
      HttpResponse<String> supplied = hub.send("POST", NaloxoneResources.OPERATION, Role.PHARMACY,
          PHARMACY, NaloxoneResources.toParameters(supply));
      assertEquals(201, supplied.statusCode(), supplied.body());

      for (String part : CODE_PARTS) {
        assertFalse(created.body().contains(part), created.body());
        assertFalse(supplied.body().contains(part), supplied.body());
      }
      String pseudonym = pseudonymIn(created.body());
      assertEquals(pseudonym, pseudonymIn(supplied.body()), "one client, one pseudonym");
      assertEquals(pseudonym, pseudonymOf(hub, visit.id()));
      assertEquals(1, hub.count("SELECT COUNT(*) FROM naloxone_supply WHERE id = ? AND"
          + " client_pseudonym = ?", supply.id(), pseudonym));
      assertNoClientCode(everything(hub));
      assertEquals(created.body(), nsp(hub, visit).body(), "a repeat: the same answer");

      Path key = data.resolve("client-pseudonym-key");
      assertEquals(PosixFilePermissions.fromString("rw-------"),
          Files.getPosixFilePermissions(key), "the key is its owner's only");
    }
  }

  @Test
  void visitsWithTheSameCodeCountAsOneClient(@TempDir Path data) throws Exception {
    try (TestHub hub = TestHub.start(ServerOptions.defaults(data).toBuilder().reportRounding(1)
        .build())) {
      List<String> codes = List.of("AB-19800101-F", "CD-19810202-M", "EF-19820303-X",
          "GH-19830404-F", "IJ-19840505-M");
      NspTransaction example = Examples.packsOnly("FC789");
      for (String code : codes) {
        for (int visit = 0; visit < 2; visit++) {
          nsp(hub, new NspTransaction(UUID.randomUUID().toString(), "FC789", example.at(),
              ClientCode.parse(code), example.level(), example.items(), example.returns(),
              example.substances(), example.advice(), example.offers()));
        }
      }
      MeasureReport report = hub.read("Measure/harm-reduction-activity/$evaluate-measure?"
          + "periodStart=2026-11&periodEnd=2026-11&organization=FC789", Role.COMMISSIONER,
          "essex-cc", MeasureReport.class);
      assertEquals(List.of(10, 5), report.getGroup().stream()
          .filter(g -> List.of("nsp-transactions", "nsp-clients").contains(
              g.getCode().getCodingFirstRep().getCode()))
          .map(g -> g.getPopulationFirstRep().getCount()).toList(),
          "10 transactions by 5 clients, each twice");
    }
  }

  @Test
  void twoDeploymentsWithTheirOwnKeysGiveTheSameCodeDifferentPseudonyms(
      @TempDir Path first, @TempDir Path second) throws Exception {
    NspTransaction visit = Examples.packsOnly(PHARMACY);
    String one;
    try (TestHub hub = TestHub.start(ServerOptions.defaults(first))) {
      nsp(hub, visit);
      one = pseudonymOf(hub, visit.id());
      NspTransaction again = Examples.packsOnly(PHARMACY); // the same client, another visit
      nsp(hub, again);
      assertEquals(one, pseudonymOf(hub, again.id()));
    }
    try (TestHub hub = TestHub.start(ServerOptions.defaults(second))) {
      nsp(hub, visit);
      assertNotEquals(one, pseudonymOf(hub, visit.id()), "another key, another pseudonym");
    }
    try (TestHub hub = TestHub.start(ServerOptions.defaults(first))) {
      NspTransaction later = Examples.packsOnly(PHARMACY);
      nsp(hub, later);
      assertEquals(one, pseudonymOf(hub, later.id()), "the key is kept across restarts");
    }
  }

  @Test
  void aKeyGivenByConfigurationIsUsedInsteadOfTheDataDirectorysAndMustBeLong(
      @TempDir Path first, @TempDir Path second) {
    String key = "a key of this deployment, 32 characters or more";
    ClientCode code = Examples.CLIENT;
    assertEquals(ClientPseudonyms.of(Optional.of(key), first, TestHub.FHIR).of(code),
        ClientPseudonyms.of(Optional.of(key), second, TestHub.FHIR).of(code),
        "every process given the key makes the same pseudonyms");
    assertFalse(Files.exists(first.resolve(ClientPseudonyms.FILE)), "no key made in --data");
    assertNotEquals(ClientPseudonyms.of(Optional.of(key), first, TestHub.FHIR).of(code),
        ClientPseudonyms.of(Optional.of(key + "!"), first, TestHub.FHIR).of(code));
    assertThrows(IllegalArgumentException.class,
        () -> ClientPseudonyms.of(Optional.of("too short"), first, TestHub.FHIR));
  }

  /**
   * A store written before pseudonyms (schema version 6, plain codes in the rows and in the
   * stored answers) is converted when the server first starts on it; the converted rows match
   * new ones of the same client; a different key is then refused rather than splitting clients.
   */
  @Test
  void aStoreOfPlainCodesIsConvertedOnUpgradeAndKeepsItsKey(@TempDir Path data)
      throws Exception {
    String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("recoverylink");
    Flyway.configure().dataSource(url, "recoverylink", "").target("6").load().migrate();
    NspTransaction old = Examples.fullVisit(PHARMACY);
    NaloxoneSupply oldSupply = Examples.firstSupply(PHARMACY);
    try (Connection db = java.sql.DriverManager.getConnection(url, "recoverylink", "")) {
      Parameters answer = new Parameters();
      answer.addParameter().setName("id").setValue(new StringType(old.id()));
      answer.addParameter().setName("record").setResource(NspResources.toBundle(old));
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO nsp_transaction (id,"
          + " organisation, pharmacy, occurred, occurred_day, client_code, nsp_level, packs,"
          + " syringes_and_needles, returned_sharps_bins, returned_loose, offer_bbv_testing,"
          + " offer_hbv_vaccination, offer_treatment_referral, offer_naloxone, recorded,"
          + " resource) VALUES (?, ?, ?, ?, ?, ?, 'level-3', 0, 40, 2, TRUE, 'offered-accepted',"
          + " 'offered-declined', 'not-offered', 'already-in-place', ?, ?)")) {
        insert.setString(1, old.id());
        insert.setString(2, PHARMACY);
        insert.setString(3, PHARMACY);
        insert.setObject(4, old.at());
        insert.setObject(5, old.at().toLocalDate());
        insert.setString(6, old.client().value());
        insert.setObject(7, old.at());
        insert.setString(8, TestHub.FHIR.newJsonParser().encodeResourceToString(answer));
        insert.executeUpdate();
      }
      Parameters supplyAnswer = new Parameters(); // as answered before pseudonyms
      supplyAnswer.addParameter().setName("id").setValue(new StringType(oldSupply.id()));
      supplyAnswer.addParameter().setName("record").setResource(NaloxoneResources.toBundle(
          NaloxoneRules.record(oldSupply)));
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO naloxone_supply (id,"
          + " organisation, pharmacy, supplied, supplied_day, client_code, recipient, product,"
          + " kits, reason, naloxone_used, recorded, resource) VALUES (?, ?, ?, ?, ?, ?,"
          + " 'person-at-risk', 'intramuscular', 1, 'first-supply', FALSE, ?, ?)")) {
        insert.setString(1, oldSupply.id());
        insert.setString(2, PHARMACY);
        insert.setString(3, PHARMACY);
        insert.setObject(4, oldSupply.at());
        insert.setObject(5, oldSupply.at().toLocalDate());
        insert.setString(6, oldSupply.client().orElseThrow().value());
        insert.setObject(7, Instant.now().atOffset(java.time.ZoneOffset.UTC));
        insert.setString(8, TestHub.FHIR.newJsonParser().encodeResourceToString(
            supplyAnswer));
        insert.executeUpdate();
      }
      db.commit();
    }

    try (TestHub hub = TestHub.start(ServerOptions.defaults(data))) {
      assertNoClientCode(everything(hub));
      NspTransaction now = Examples.packsOnly(PHARMACY); // the same client, after the upgrade
      String pseudonym = pseudonymIn(nsp(hub, now).body());
      assertEquals(pseudonym, pseudonymOf(hub, old.id()), "converted as a new row is made");
      assertEquals(pseudonym, pseudonymIn(nsp(hub, old).body()), "the stored answer too");
      assertEquals(1, hub.count("SELECT COUNT(DISTINCT client_pseudonym) FROM"
          + " (SELECT client_pseudonym FROM nsp_transaction UNION ALL SELECT client_pseudonym"
          + " FROM naloxone_supply) t"));
    }

    Files.writeString(data.resolve("client-pseudonym-key"), "another deployment's key, long"
        + " enough to be one", StandardCharsets.UTF_8);
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> TestHub.start(ServerOptions.defaults(data)).close());
    assertTrue(refused.getMessage().contains("another key"), refused.getMessage());
  }
}
