package org.prex.console.view;

/**
 * What every console page shows around its content: who is logged in, the form token, the active
 * tab, and whether the log still verifies.
 *
 * @param integrity the latest verification in one line, or null before the first
 * @param intact whether that verification passed
 */
public record Chrome(
    String title,
    String active,
    String user,
    String role,
    boolean securityOfficer,
    String csrf,
    String integrity,
    boolean intact) {

  /** The CSS class of a navigation link: "active" for this page's. */
  public String tab(String name) {
    return name.equals(active) ? "active" : "";
  }

  public String integrityClass() {
    if (integrity == null) {
      return "unknown";
    }
    return intact ? "ok" : "bad";
  }
}
