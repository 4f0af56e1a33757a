package org.recoverylink.fhir.store;

import java.sql.SQLException;

/**
 * The database failed; whatever was being written was rolled back. The message is the
 * database's own state code only, as a driver's message may quote the data.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(SQLException cause) {
    super("database failure, SQL state " + cause.getSQLState(), cause);
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
