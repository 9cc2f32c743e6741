package org.prex.config;

import java.util.Set;

/**
 * One agency's entry in the routing policy (docs/policy.md).
 *
 * @param deliver delivery URI: {@code file:PATH} (relative paths are inside the data folder) or
 *     {@code sftp://user@host:port/path?…}
 * @param format OpenPGP packet format: {@code auto} (from the key's Features), {@code seipd-v1} or
 *     {@code seipd-v2}
 */
public record AgencyPolicy(
    String id,
    String name,
    String country,
    boolean federal,
    Set<String> categories,
    String deliver,
    String format) {

  public AgencyPolicy {
    categories = Set.copyOf(categories);
  }
}
