package org.prex.sftp;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * How to run the {@link DropBox}.
 *
 * @param host address to listen on, e.g. {@code 127.0.0.1}
 * @param port port to listen on; 0 picks a free one (see {@link DropBox#port()})
 * @param root folder holding one folder per lab ({@code <root>/<lab>/inbox}, {@code .../receipts})
 * @param hostKeyFile the Ed25519 host key in OpenSSH format; created (0600) if missing
 * @param labKeys per lab id (which is also its SFTP user name), the public keys it may log in with
 * @param ingestKey the public key of the internal {@value DropBox#INGEST_USER} account
 * @param listener security and upload events; null means {@link DropBoxListener#NONE}
 * @param limits quotas, connection caps and timeouts; null means {@link DropBoxLimits#DEFAULT}
 * @param formerLabs labs no longer in the key set (they cannot log in) with work still staged: the
 *     exchange may write their receipts, which wait in their receipts folder
 * @param agencyKeys per agency with a drop-box account (docs/review-cycle.md), the public keys it
 *     may log in with; an agency id is never a lab id
 */
public record DropBoxConfig(
    String host,
    int port,
    Path root,
    Path hostKeyFile,
    Map<String, List<PublicKey>> labKeys,
    PublicKey ingestKey,
    DropBoxListener listener,
    DropBoxLimits limits,
    java.util.Set<String> formerLabs,
    Map<String, List<PublicKey>> agencyKeys) {

  /** Lab ids: lower-case letters, digits and '-', starting with a letter or digit, at most 63. */
  public static final Pattern LAB_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public DropBoxConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(hostKeyFile, "hostKeyFile");
    Objects.requireNonNull(labKeys, "labKeys");
    Objects.requireNonNull(ingestKey, "ingestKey");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid SFTP port " + port + ": use 0-65535");
    }
    labKeys = copyValidated(labKeys);
    agencyKeys = copyValidated(agencyKeys == null ? Map.of() : agencyKeys);
    for (String agency : agencyKeys.keySet()) {
      if (labKeys.containsKey(agency)) {
        throw new IllegalArgumentException(
            "'"
                + agency
                + "' is both a lab and an agency: one SFTP user name can be one account only");
      }
    }
    Map<String, List<PublicKey>> everyone = new LinkedHashMap<>(labKeys);
    everyone.putAll(agencyKeys);
    checkNoSharedKeys(everyone, ingestKey);
    listener = listener == null ? DropBoxListener.NONE : listener;
    limits = limits == null ? DropBoxLimits.DEFAULT : limits;
    formerLabs =
        formerLabs == null ? new java.util.TreeSet<String>() : new java.util.TreeSet<>(formerLabs);
    formerLabs.removeAll(labKeys.keySet());
    formerLabs.removeAll(agencyKeys.keySet());
    for (String lab : formerLabs) {
      if (!LAB_ID.matcher(lab).matches() || lab.equals(DropBox.INGEST_USER)) {
        throw new IllegalArgumentException("Invalid former lab id '" + lab + "'");
      }
    }
    formerLabs = java.util.Set.copyOf(formerLabs);
  }

  /** With no agency accounts. */
  public DropBoxConfig(
      String host,
      int port,
      Path root,
      Path hostKeyFile,
      Map<String, List<PublicKey>> labKeys,
      PublicKey ingestKey,
      DropBoxListener listener,
      DropBoxLimits limits,
      java.util.Set<String> formerLabs) {
    this(host, port, root, hostKeyFile, labKeys, ingestKey, listener, limits, formerLabs, null);
  }

  /** With no former labs. */
  public DropBoxConfig(
      String host,
      int port,
      Path root,
      Path hostKeyFile,
      Map<String, List<PublicKey>> labKeys,
      PublicKey ingestKey,
      DropBoxListener listener,
      DropBoxLimits limits) {
    this(host, port, root, hostKeyFile, labKeys, ingestKey, listener, limits, null);
  }

  /** With the {@link DropBoxLimits#DEFAULT} limits. */
  public DropBoxConfig(
      String host,
      int port,
      Path root,
      Path hostKeyFile,
      Map<String, List<PublicKey>> labKeys,
      PublicKey ingestKey,
      DropBoxListener listener) {
    this(host, port, root, hostKeyFile, labKeys, ingestKey, listener, null);
  }

  private static Map<String, List<PublicKey>> copyValidated(Map<String, List<PublicKey>> labKeys) {
    Map<String, List<PublicKey>> copy = new LinkedHashMap<>();
    labKeys.forEach(
        (lab, keys) -> {
          if (lab == null || !LAB_ID.matcher(lab).matches()) {
            throw new IllegalArgumentException(
                "Invalid lab id '"
                    + lab
                    + "': use 1-63 lower-case letters, digits and '-', starting with a letter or"
                    + " digit");
          }
          if (lab.equals(DropBox.INGEST_USER)) {
            throw new IllegalArgumentException(
                "Invalid lab id '" + lab + "': reserved for the exchange's ingest account");
          }
          if (keys == null || keys.isEmpty() || keys.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("'" + lab + "' has no usable SSH public key");
          }
          copy.put(lab, List.copyOf(keys));
        });
    return Map.copyOf(copy);
  }

  /** A key that logs in as two accounts would let one of them act as the other: refuse it. */
  private static void checkNoSharedKeys(Map<String, List<PublicKey>> labKeys, PublicKey ingestKey) {
    List<Map.Entry<String, PublicKey>> seen = new ArrayList<>();
    seen.add(Map.entry(DropBox.INGEST_USER, ingestKey));
    labKeys.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            lab -> {
              for (PublicKey key : lab.getValue()) {
                for (Map.Entry<String, PublicKey> other : seen) {
                  if (!other.getKey().equals(lab.getKey())
                      && KeyUtils.compareKeys(other.getValue(), key)) {
                    throw new IllegalArgumentException(
                        "SSH key "
                            + KeyUtils.getFingerPrint(key)
                            + " is registered for both '"
                            + other.getKey()
                            + "' and '"
                            + lab.getKey()
                            + "': each account needs its own key");
                  }
                }
                seen.add(Map.entry(lab.getKey(), key));
              }
            });
  }
}
