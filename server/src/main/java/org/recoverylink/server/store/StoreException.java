package org.recoverylink.server.store;

import java.sql.SQLException;

/**
 * The database failed; whatever was being written was rolled back. The message is the
 * database's own SQL state and error code only, enough to look the failure up, as a driver's
 * message may quote the data (a row's values, a statement's parameters).
 */
public sealed class StoreException extends RuntimeException
    permits StoreUnavailableException {

  private static final long serialVersionUID = 1L;

  public StoreException(SQLException cause) {
    this("database failure", cause);
  }

  StoreException(String what, SQLException cause) {
    super(what + ", " + codes(cause), cause);
  }

  /** The first state in the chain: a driver may chain a batch's failing statement to it. */
  private static String codes(SQLException cause) {
    SQLException telling = cause;
    for (SQLException e = cause; e != null; e = e.getNextException()) {
      if (e.getSQLState() != null) {
        telling = e;
        break;
      }
    }
    return "SQL state " + telling.getSQLState() + ", error code " + telling.getErrorCode();
  }

  /** SQLState class 23, integrity constraint violation: here, a unique index refused a row. */
  public boolean isUniqueViolation() {
    for (Throwable cause = this; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && isUniqueViolation(sql)) {
        return true;
      }
    }
    return false;
  }

  /** SQLState class 23, as {@link #isUniqueViolation()}, of the database's own exception. */
  static boolean isUniqueViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }
}
