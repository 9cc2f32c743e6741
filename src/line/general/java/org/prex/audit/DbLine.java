package org.prex.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How the transfer log connects to PostgreSQL on the general line (docs/audit-log.md, "Stores"):
 * the driver as it is, on the JDK's JSSE and providers. The FIPS line's class of the same name
 * checks what its approved-only module can do first (docs/fips.md).
 */
final class DbLine {
  private DbLine() {}

  /** A connection to {@code url}; {@code props} holds the password, if any. */
  static Connection connect(String url, Properties props) throws SQLException {
    return DriverManager.getConnection(url, props);
  }
}
