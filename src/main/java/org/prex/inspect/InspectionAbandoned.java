package org.prex.inspect;

/**
 * An inspection stopped because prex is stopping (or reloading its policy), not because of the
 * item: no verdict. The submission stays staged and is handled again at the next start, as after a
 * crash; it is neither delivered nor quarantined for it.
 */
public final class InspectionAbandoned extends RuntimeException {
  public InspectionAbandoned(String message) {
    super(message, null, false, false);
  }
}
