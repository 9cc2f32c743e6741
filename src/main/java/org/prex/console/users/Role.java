package org.prex.console.users;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a console account may do (docs/console.md, "Pages"): both roles see the transfer log, the
 * agencies and the log's integrity; only a security officer sees the quarantine.
 */
public enum Role {
  RECORDS_OFFICER("records-officer"),
  SECURITY_OFFICER("security-officer");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The role as the accounts file and the command line write it, e.g. {@code records-officer}. */
  public String id() {
    return id;
  }

  /**
   * The role {@code id} names.
   *
   * @throws IllegalArgumentException naming the bad value and the allowed ones
   */
  public static Role parse(String id) {
    for (Role r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown console role '" + id + "': use one of " + allowed());
  }

  /** The roles' ids, comma-separated, for messages. */
  static String allowed() {
    return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
  }
}
