package org.prex.designate;

/** A designation that does not parse: says which text, where and what is allowed. */
public final class DesignationException extends IllegalArgumentException {
  public DesignationException(String text, String problem) {
    super("Invalid designation '" + text + "'; " + problem);
  }
}
