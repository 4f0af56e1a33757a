package org.recoverylink.server.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The database could not be reached or written: it is stopped, restarting or unreachable, no
 * pooled connection came free within the store's bound ({@link Store#CONNECTION_TIMEOUT}), or
 * its disk is full. Nothing was stored; the same request may succeed once the database is back,
 * which the store notices by itself. The message is the database's codes only, as
 * {@link StoreException}'s.
 */
public final class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  /** PostgreSQL: shut down by its administrator, crashed, still starting. */
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");
  /**
   * H2's error codes for a database it cannot read or write: its file's I/O failed (90028,
   * 90031), no room on the disk (90100), the database closed under the connection - as H2 does
   * after a write to its file failed - or closing (90098, 90121), the connection broken (90067).
   */
  private static final Set<Integer> H2_UNAVAILABLE = Set.of(90028, 90031, 90100, 90098, 90121,
      90067);

  StoreUnavailableException(SQLException cause) {
    super("database unavailable", cause);
  }

  /**
   * Whether a failure means the database could not be reached or written, rather than that it
   * refused what was asked of it (a constraint, a bad statement): the pool's timeout, a broken
   * or refused connection (SQL state class 08), PostgreSQL shutting down or out of resources
   * (class 53: disk full, out of memory, too many connections) or failing its own I/O (58030),
   * or H2 failing to read or write its file.
   */
  static boolean isUnavailable(SQLException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof IOException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          if (isUnavailableState(e)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether the database itself said it is unavailable, so the pool's connections to it are
   * spent (H2 closes its database after a failed write; PostgreSQL's are cut when it stops),
   * as against the pool timing out with no answer from it at all.
   */
  static boolean fromTheDatabase(SQLException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
      if (cause instanceof SQLException sql && !(sql instanceof SQLTransientConnectionException
          && sql.getSQLState() == null) && isUnavailableState(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnavailableState(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    return state.startsWith("08") || state.startsWith("53") || state.equals("58030")
        || SHUTDOWN_STATES.contains(state)
        || state.length() == 5 && state.startsWith("90")
            && H2_UNAVAILABLE.contains(e.getErrorCode());
  }
}
