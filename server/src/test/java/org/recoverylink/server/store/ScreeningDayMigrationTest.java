package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V20 tallies the screenings counted before it by the day they fall on in England, on
 * each database: a screening late in a summer evening (UTC) belongs to the next English day, one
 * late on a winter evening to its own, and the tallies and the screenings counted after the
 * upgrade add up.
 */
class ScreeningDayMigrationTest {

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void screeningsCountedBeforeTheUpgradeAreTalliedByTheirEnglishDay(Databases.Kind kind)
      throws Exception {
    Databases.Before version19 = (url, user, password) -> {
      Flyway.configure().dataSource(url, user, password).target("19").load().migrate();
      try (Connection connection = DriverManager.getConnection(url, user, password);
          PreparedStatement insert = connection.prepareStatement("INSERT INTO screening (id,"
              + " organisation, instrument, band, total, assessed) VALUES (?, ?, ?, ?, ?, ?)")) {
        Object[][] rows = {
            {"A81001", "audit-c", "increasing-risk", "2026-06-30T23:30:00Z"}, // 00:30 BST, 1 July
            {"A81001", "audit-c", "increasing-risk", "2026-07-01T08:00:00Z"},
            {"A81001", "audit-c", "lower-risk", "2026-06-30T22:59:59Z"}, // 23:59:59 BST, 30 June
            {"A81001", "audit", "higher-risk", "2026-12-31T23:30:00Z"}, // GMT: 31 December
            {"FA123", "audit-c", "increasing-risk", "2026-03-29T00:30:00Z"}, // before 01:00 UTC
            {"FA123", "audit-c", "increasing-risk", "2026-10-24T23:00:00Z"}}; // 00:00 BST, 25th
        for (Object[] row : rows) {
          insert.setObject(1, UUID.randomUUID());
          insert.setString(2, (String) row[0]);
          insert.setString(3, (String) row[1]);
          insert.setString(4, (String) row[2]);
          insert.setInt(5, 6);
          insert.setObject(6, OffsetDateTime.parse((String) row[3]));
          insert.addBatch();
        }
        insert.executeBatch(); // a DriverManager connection commits each statement
      }
    };

    try (Databases.Scratch db = kind.open(version19);
        Screenings screenings = new Screenings(db.store())) {
      assertEquals(Map.of(
          "2026-07-01 A81001 audit-c increasing-risk", 2L,
          "2026-06-30 A81001 audit-c lower-risk", 1L,
          "2026-12-31 A81001 audit higher-risk", 1L,
          "2026-03-29 FA123 audit-c increasing-risk", 1L,
          "2026-10-25 FA123 audit-c increasing-risk", 1L), ScreeningsTest.days(db));

      screenings.count(List.of(new Screenings.Screened(UUID.randomUUID(), "A81001", "audit-c",
          "increasing-risk", 6, Instant.parse("2026-07-01T12:00:00Z"))));
      screenings.flush();
      assertEquals(3L, ScreeningsTest.days(db).get("2026-07-01 A81001 audit-c increasing-risk"));
    }
  }
}
