package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.naloxone.UseReport;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.core.pharmacy.nsp.Item;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Needle exchange transactions ({@code nsp_transaction}, {@code nsp_item}) and take-home
 * naloxone supplies ({@code naloxone_supply}), each stored once by its id: recording an id
 * again stores nothing and gives back what was stored the first time. A client is stored only
 * as the pseudonym of their client code (V8): never the initials and date of birth.
 */
public final class HarmReductionStore {

  private static final Logger LOG = LoggerFactory.getLogger(HarmReductionStore.class);

  /** How a store's client codes become pseudonyms ({@link #adopt}). */
  public interface Pseudonymiser {

    /** Names the key, giving nothing of it away; the same key, the same fingerprint. */
    String fingerprint();

    /** The pseudonym of a client code as rows held it before V8, e.g. JS-19900314-M. */
    ClientPseudonym pseudonym(String clientCode);

    /** An answer stored before V8 with its client code replaced by the pseudonym. */
    String answer(String json);
  }

  /**
   * What is stored under an id.
   *
   * @param created      whether this call stored it (false: it was there already)
   * @param organisation the organisation that recorded it
   * @param json         the answer as first given
   */
  public record Stored(boolean created, String organisation, String json) {
  }

  private final Store store;

  public HarmReductionStore(Store store) {
    this.store = store;
  }

  /**
   * Stores the transaction with its answer, durably, unless its id is stored already.
   *
   * @return what is stored under the id: this, or what was there
   */
  public Stored record(NspTransaction transaction, ClientPseudonym client, String organisation,
      Instant now, String json) {
    return once("nsp_transaction", transaction.id(), connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO nsp_transaction"
          + " (id, organisation, pharmacy, occurred, occurred_day, client_pseudonym, nsp_level,"
          + " packs, syringes_and_needles, returned_sharps_bins, returned_loose,"
          + " offer_bbv_testing, offer_hbv_vaccination, offer_treatment_referral,"
          + " offer_naloxone, recorded, resource)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, transaction.id());
        insert.setString(2, organisation);
        insert.setString(3, transaction.pharmacy());
        Instants.set(insert, 4, transaction.at().toInstant());
        insert.setObject(5, transaction.at().toLocalDate());
        insert.setString(6, client.value());
        insert.setString(7, transaction.level().code());
        insert.setInt(8, transaction.packs());
        insert.setInt(9, transaction.syringesAndNeedles());
        insert.setInt(10, transaction.returns().sharpsBins());
        insert.setBoolean(11, transaction.returns().loose());
        insert.setString(12, transaction.offers().bbvTesting().code());
        insert.setString(13, transaction.offers().hbvVaccination().code());
        insert.setString(14, transaction.offers().treatmentReferral().code());
        insert.setString(15, transaction.offers().naloxone().code());
        Instants.set(insert, 16, now);
        insert.setString(17, json);
        insert.executeUpdate();
      }
      // Each item with its transaction's day and pharmacy: the report counts items by them.
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO nsp_item"
          + " (nsp_transaction, line, kind, item_size, quantity, occurred_day, pharmacy)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        List<Item> items = transaction.items();
        for (int i = 0; i < items.size(); i++) {
          insert.setString(1, transaction.id());
          insert.setInt(2, i + 1);
          insert.setString(3, items.get(i).kind().code());
          insert.setString(4, items.get(i).size().orElse(null));
          insert.setInt(5, items.get(i).quantity());
          insert.setObject(6, transaction.at().toLocalDate());
          insert.setString(7, transaction.pharmacy());
          insert.addBatch();
        }
        if (!items.isEmpty()) {
          insert.executeBatch();
        }
      }
    }, organisation, json);
  }

  /**
   * Stores the supply, with whether it recorded a naloxone-used event, and its answer, durably,
   * unless its id is stored already.
   *
   * @return what is stored under the id: this, or what was there
   */
  public Stored record(NaloxoneRecord record, Optional<ClientPseudonym> client,
      String organisation, Instant now, String json) {
    NaloxoneSupply supply = record.supply();
    return once("naloxone_supply", supply.id(), connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO naloxone_supply"
          + " (id, organisation, pharmacy, supplied, supplied_day, client_pseudonym, recipient,"
          + " product, kits, reason, naloxone_used, used_day, ambulance_called,"
          + " overdose_outcome, recorded, resource)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, supply.id());
        insert.setString(2, organisation);
        insert.setString(3, supply.pharmacy());
        Instants.set(insert, 4, supply.at().toInstant());
        insert.setObject(5, supply.at().toLocalDate());
        insert.setString(6, client.map(ClientPseudonym::value).orElse(null));
        insert.setString(7, supply.recipient().code());
        insert.setString(8, supply.product().code());
        insert.setInt(9, supply.kits());
        insert.setString(10, supply.reason().code());
        insert.setBoolean(11, record.used().isPresent());
        Optional<UseReport> report = supply.useReport();
        if (report.flatMap(UseReport::used).isPresent()) {
          insert.setObject(12, report.get().used().get());
        } else {
          insert.setNull(12, Types.DATE);
        }
        if (report.isPresent()) {
          insert.setBoolean(13, report.get().ambulanceCalled());
          insert.setString(14, report.get().outcome().code());
        } else {
          insert.setNull(13, Types.BOOLEAN);
          insert.setNull(14, Types.VARCHAR);
        }
        Instants.set(insert, 15, now);
        insert.setString(16, json);
        insert.executeUpdate();
      }
    }, organisation, json);
  }

  /**
   * Makes every client in the store a pseudonym under the pseudonymiser's key. On the first
   * start after V8 it records the key's fingerprint and converts the rows stored before, codes
   * and answers alike, in one transaction; after that it only checks the fingerprint, and
   * refuses another key: its pseudonyms would not match the stored ones, and one client would
   * count as two.
   *
   * @return how many rows were converted
   * @throws IllegalStateException when the store's pseudonyms were made with another key
   */
  public int adopt(Pseudonymiser pseudonymiser) {
    try {
      return store.durably(connection -> adopt(connection, pseudonymiser));
    } catch (StoreException e) { // another process adopted the key at the same moment
      return store.durably(connection -> adopt(connection, pseudonymiser));
    }
  }

  private static int adopt(Connection connection, Pseudonymiser pseudonymiser)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT fingerprint FROM client_pseudonym_key WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      if (row.next()) {
        if (!row.getString(1).equals(pseudonymiser.fingerprint())) {
          throw new IllegalStateException("the needle exchange clients in this database were"
              + " pseudonymised with another key: give the server the key it had (the"
              + " client-pseudonym-key file of its data directory, or"
              + " RECOVERYLINK_PSEUDONYM_KEY), or one client would count as two");
        }
        return 0;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO client_pseudonym_key (id, fingerprint) VALUES (1, ?)")) {
      insert.setString(1, pseudonymiser.fingerprint());
      insert.executeUpdate(); // a second process at once waits here, then fails: it retries
    }
    int converted = convert(connection, "nsp_transaction", pseudonymiser)
        + convert(connection, "naloxone_supply", pseudonymiser);
    if (converted > 0) {
      LOG.info("{} needle exchange and naloxone rows stored before V8 now hold client"
          + " pseudonyms instead of client codes", converted);
    }
    return converted;
  }

  /** The table's rows holding a client code (with hyphens; a pseudonym has none), converted. */
  private static int convert(Connection connection, String table, Pseudonymiser pseudonymiser)
      throws SQLException {
    int converted = 0;
    try (PreparedStatement select = connection.prepareStatement("SELECT id, client_pseudonym,"
        + " resource FROM " + table + " WHERE client_pseudonym LIKE '%-%'");
        PreparedStatement update = connection.prepareStatement("UPDATE " + table
            + " SET client_pseudonym = ?, resource = ? WHERE id = ?")) {
      select.setFetchSize(500); // PostgreSQL: a cursor, not the whole table in memory
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          update.setString(1, pseudonymiser.pseudonym(row.getString(2)).value());
          update.setString(2, pseudonymiser.answer(row.getString(3)));
          update.setString(3, row.getString(1));
          update.addBatch();
          if (++converted % 500 == 0) {
            update.executeBatch();
          }
        }
      }
      if (converted % 500 != 0) {
        update.executeBatch();
      }
    }
    return converted;
  }

  /** What is stored under a transaction id, if anything. */
  public Optional<Stored> findNspTransaction(String id) {
    return store.transaction(connection -> find(connection, "nsp_transaction", id));
  }

  /** What is stored under a supply id, if anything. */
  public Optional<Stored> findNaloxoneSupply(String id) {
    return store.transaction(connection -> find(connection, "naloxone_supply", id));
  }

  @FunctionalInterface
  private interface Insert {
    void run(Connection connection) throws SQLException;
  }

  /**
   * Inserts unless the id is there, in one durable transaction. Two first calls at once: the
   * loser's insert fails on the primary key and is rolled back whole; it answers what the
   * winner stored.
   */
  private Stored once(String table, String id, Insert insert, String organisation,
      String json) {
    try {
      return store.durably(connection -> {
        Optional<Stored> there = find(connection, table, id);
        if (there.isPresent()) {
          return there.get();
        }
        insert.run(connection);
        return new Stored(true, organisation, json);
      });
    } catch (StoreException e) {
      Optional<Stored> there = store.transaction(connection -> find(connection, table, id));
      if (there.isPresent()) {
        return there.get();
      }
      throw e;
    }
  }

  private static Optional<Stored> find(Connection connection, String table, String id)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT organisation, resource"
        + " FROM " + table + " WHERE id = ?")) { // table: one of two constants, never input
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new Stored(false, row.getString(1), row.getString(2)))
            : Optional.empty();
      }
    }
  }
}
