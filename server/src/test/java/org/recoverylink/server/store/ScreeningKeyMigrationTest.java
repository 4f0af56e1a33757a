package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V19 turns the screening count's key from 64 hexadecimal digits (a SHA-256 digest)
 * into a UUID (its first 128 bits), on each database: after an upgrade, a response counted
 * before it is still counted once, and no count is lost.
 */
class ScreeningKeyMigrationTest {

  private static final Instant BEFORE = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant AFTER = Instant.parse("2026-12-04T09:00:00Z");

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void aScreeningCountedBeforeTheUpgradeIsStillCountedOnce(Databases.Kind kind)
      throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(
        "A81001|audit|identifier|https://gp.example|7".getBytes(StandardCharsets.UTF_8));
    ByteBuffer bits = ByteBuffer.wrap(digest);
    UUID counted = new UUID(bits.getLong(), bits.getLong());
    UUID anonymous = UUID.randomUUID(); // a response with neither identifier nor id
    Databases.Before version18 = (url, user, password) -> {
      Flyway.configure().dataSource(url, user, password).target("18").load().migrate();
      try (Connection connection = DriverManager.getConnection(url, user, password);
          Statement statement = connection.createStatement()) {
        for (String key : List.of(HexFormat.of().formatHex(digest), anonymous.toString())) {
          statement.execute("INSERT INTO screening (id, organisation, instrument, band, total,"
              + " assessed) VALUES ('" + key + "', 'A81001', 'audit', 'increasing-risk', 12,"
              + " TIMESTAMP WITH TIME ZONE '2026-11-20 10:00:00+00')");
        }
      }
    };

    try (Databases.Scratch db = kind.open(version18);
        Screenings screenings = new Screenings(db.store())) {
      UUID fresh = UUID.randomUUID();
      screenings.count(List.of(
          new Screenings.Screened(counted, "A81001", "audit", "higher-risk", 17, AFTER),
          new Screenings.Screened(fresh, "A81001", "audit-c", "lower-risk", 2, AFTER)));
      screenings.flush();

      assertEquals(Map.of(counted, BEFORE, anonymous, BEFORE, fresh, AFTER),
          ScreeningsTest.rows(db));
    }
  }
}
