package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRules;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.pharmacy.Examples;

/** V4's tables on H2 and PostgreSQL: each event stored once, with the columns reports count. */
class HarmReductionStoreTest {

  private static final ClientPseudonym CLIENT = new ClientPseudonym("0f".repeat(32));

  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void eachEventIsStoredOnceWithItsCounts(Databases.Kind kind) throws SQLException {
    try (Databases.Scratch db = kind.open()) {
      HarmReductionStore store = new HarmReductionStore(db.store());
      NspTransaction visit = Examples.fullVisit("FA123");
      HarmReductionStore.Stored first = store.record(visit, CLIENT, "FA123", Instant.now(),
          "{\"a\":1}");
      HarmReductionStore.Stored again = store.record(visit, CLIENT, "FA123", Instant.now(),
          "{\"b\":2}");
      assertTrue(first.created());
      assertFalse(again.created());
      assertEquals("{\"a\":1}", again.json(), "the first answer");

      NaloxoneSupply supply = Examples.replacementAfterUse("FA123");
      assertTrue(store.record(NaloxoneRules.record(supply), Optional.empty(), "FA123",
          Instant.now(), "{}").created());
      assertFalse(store.record(NaloxoneRules.record(supply), Optional.empty(), "FA123",
          Instant.now(), "{}").created());
      assertTrue(store.record(NaloxoneRules.record(Examples.firstSupply("FA123")),
          Optional.of(CLIENT), "FA123", Instant.now(), "{}").created());

      try (Connection connection = db.connect()) {
        assertEquals("1 2 20 40 offered-accepted 2026-11-20",
            row(connection, "SELECT COUNT(*), SUM(returned_sharps_bins), MIN(q.n),"
                + " SUM(syringes_and_needles), MIN(offer_bbv_testing),"
                + " CAST(MIN(occurred_day) AS VARCHAR(10)) FROM nsp_transaction,"
                + " (SELECT SUM(quantity) AS n FROM nsp_item WHERE kind = 'syringe') q"));
        assertEquals("5", row(connection, "SELECT COUNT(*) FROM nsp_item"));
        assertEquals("5 2026-11-20 FA123", row(connection, "SELECT COUNT(*),"
            + " CAST(MIN(occurred_day) AS VARCHAR(10)), MIN(pharmacy) FROM nsp_item"
            + " WHERE occurred_day = DATE '2026-11-20' AND pharmacy = 'FA123'"),
            "each item with its transaction's day and pharmacy, as the report counts them");
        assertEquals("2 1 3", row(connection, "SELECT COUNT(*),"
            + " SUM(CASE WHEN naloxone_used THEN 1 ELSE 0 END), SUM(kits)"
            + " FROM naloxone_supply"));
      }
    }
  }

  private static String row(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      StringBuilder text = new StringBuilder();
      for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
        text.append(i == 1 ? "" : " ").append(row.getString(i));
      }
      return text.toString();
    }
  }
}
