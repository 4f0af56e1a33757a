package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.h2.api.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.server.store.AuditTrail.Entry;
import org.recoverylink.server.store.AuditTrail.Who;
import org.recoverylink.server.store.Interventions.Recorded;

/** The store on every database it supports: migrations, transactions, audit and interventions. */
class StoreTest {

  private static final String INSERT_AUDIT = "INSERT INTO audit_event"
      + " (recorded, action, operation, outcome) VALUES (CURRENT_TIMESTAMP, 'R', 'GET x', 200)";

  // Microseconds, the finest both databases keep.
  private static final Recorded BRIEF = new Recorded("5f0c6d2e-brief", "A81001", "9434765919",
      Intervention.BRIEF.completedSnomed(), "completed",
      Instant.parse("2026-03-02T09:30:00.250Z"), Instant.parse("2026-03-02T09:31:12.123456Z"),
      "{\"resourceType\":\"Procedure\",\"note\":[{\"text\":\"Zoë – 2 units\"}]}");

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void migratesAnEmptyDatabase(Databases.Kind kind) throws SQLException {
    try (Databases.Scratch db = kind.open(); Connection connection = db.connect()) {
      Set<String> tables = new TreeSet<>();
      try (ResultSet rows = connection.getMetaData()
          .getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
        while (rows.next()) {
          tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      assertEquals(Set.of("audit_event", "brief_intervention", "flyway_schema_history",
          "referral", "task", "outbox", "ost_prescription", "ost_event", "ost_notification",
          "nsp_transaction", "nsp_item", "naloxone_supply", "screening", "screening_day",
          "referral_code", "client_pseudonym_key", "received_message", "referral_routing",
          "heartbeat", "service_capacity", "referral_contact", "hear_back"),
          tables);
      // Flyway's own record: nothing failed, V1 to V20 in order. Its table has quoted lower-case
      // names; rows without a version are its markers (e.g. the history table's creation).
      List<String> versions = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT \"version\", \"success\""
              + " FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
        while (rows.next()) {
          assertTrue(rows.getBoolean(2), "Flyway step " + rows.getString(1) + " failed");
          Optional.ofNullable(rows.getString(1)).ifPresent(versions::add);
        }
      }
      assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "10", "11", "12", "13", "14",
          "15", "16", "17", "18", "19", "20"), versions);
      assertEquals(0, count(connection, "audit_event"));
      assertEquals(0, count(connection, "brief_intervention"));
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void workThatThrowsLeavesNothingWritten(Databases.Kind kind) throws SQLException {
    try (Databases.Scratch db = kind.open()) {
      IllegalStateException failure = new IllegalStateException("after the insert");
      IllegalStateException thrown = assertThrows(IllegalStateException.class,
          () -> db.store().transaction(connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.executeUpdate(INSERT_AUDIT);
            }
            assertEquals(1, count(connection, "audit_event"));   // written, not yet committed
            throw failure;
          }));
      assertSame(failure, thrown);
      try (Connection connection = db.connect()) {
        assertEquals(0, count(connection, "audit_event"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void aFailedStatementRollsBackTheWholeTransaction(Databases.Kind kind) throws SQLException {
    try (Databases.Scratch db = kind.open()) {
      StoreException thrown = assertThrows(StoreException.class,
          () -> db.store().transaction(connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.executeUpdate(INSERT_AUDIT);
              statement.executeUpdate("INSERT INTO audit_event (recorded, action, operation,"
                  + " outcome) VALUES (CURRENT_TIMESTAMP, 'R', NULL, 200)");
            }
            return null;
          }));
      // NOT NULL; H2's own code for it is org.h2.api.ErrorCode.NULL_NOT_ALLOWED, PostgreSQL
      // has none
      assertEquals("database failure, SQL state 23502, error code "
          + (kind == Databases.Kind.H2 ? ErrorCode.NULL_NOT_ALLOWED : 0), thrown.getMessage());
      try (Connection connection = db.connect()) {
        assertEquals(0, count(connection, "audit_event"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void auditTrailCommitsEveryField(Databases.Kind kind) throws SQLException {
    Entry signedIn = new Entry(Instant.parse("2026-03-02T09:31:12.654321Z"),
        Optional.of(new Who("dr-jones@A81001", "gp", "A81001")), 'C', "POST Procedure",
        Optional.of("Procedure/5f0c6d2e-brief"), Optional.of("9434765919"), 201);
    Entry refused = new Entry(Instant.parse("2026-03-02T09:31:13Z"), Optional.empty(), 'E',
        "POST QuestionnaireResponse/$assess", Optional.empty(), Optional.empty(), 401);
    try (Databases.Scratch db = kind.open(); AuditTrail trail = new AuditTrail(db.store())) {
      trail.record(signedIn);
      trail.record(refused);
      // Read back on a connection of its own: record() returned, so the rows are committed.
      List<Entry> read = new ArrayList<>();
      try (Connection connection = db.connect();
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT recorded, caller, caller_role,"
              + " caller_org, action, operation, entity, patient, outcome FROM audit_event"
              + " ORDER BY id")) {
        while (row.next()) {
          String subject = row.getString(2);
          Optional<Who> caller = subject == null ? Optional.empty()
              : Optional.of(new Who(subject, row.getString(3), row.getString(4)));
          read.add(new Entry(row.getObject(1, OffsetDateTime.class).toInstant(), caller,
              row.getString(5).charAt(0), row.getString(6), Optional.ofNullable(row.getString(7)),
              Optional.ofNullable(row.getString(8)), row.getInt(9)));
        }
      }
      assertEquals(List.of(signedIn, refused), read);
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void interventionsAreFoundByIdForTheRecordingOrganisationOnly(Databases.Kind kind) {
    try (Databases.Scratch db = kind.open()) {
      Interventions interventions = new Interventions(db.store());
      interventions.save(BRIEF);
      assertEquals(Optional.of(BRIEF), interventions.find(BRIEF.id(), "A81001"));
      assertEquals(Optional.empty(), interventions.find(BRIEF.id(), "FA123"));
      assertEquals(Optional.empty(), interventions.find("another-id", "A81001"));
    }
  }

  /**
   * The hour the clocks go back in England happens twice in local time; a stored instant in it
   * must come back as itself, whatever the JVM's time zone.
   */
  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void anInstantInTheRepeatedAutumnHourComesBackUnchanged(Databases.Kind kind) {
    java.util.TimeZone local = java.util.TimeZone.getDefault();
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Europe/London"));
    try (Databases.Scratch db = kind.open()) {
      Instant repeated = Instant.parse("2025-10-26T01:30:00Z"); // 01:30 BST and GMT both exist
      Interventions.Recorded recorded = new Interventions.Recorded("dst", "A81001",
          "9434765919", BRIEF.code(), "completed", repeated, repeated, BRIEF.json());
      Interventions interventions = new Interventions(db.store());
      interventions.save(recorded);
      assertEquals(Optional.of(recorded), interventions.find("dst", "A81001"));
    } finally {
      java.util.TimeZone.setDefault(local);
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void eachScratchDatabaseIsItsOwn(Databases.Kind kind) {
    try (Databases.Scratch first = kind.open(); Databases.Scratch second = kind.open()) {
      new Interventions(first.store()).save(BRIEF);
      assertEquals(Optional.empty(), new Interventions(second.store()).find(BRIEF.id(), "A81001"));
    }
  }

  private static int count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
