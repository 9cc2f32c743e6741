package org.prex.config;

import java.nio.file.Path;

/**
 * The three folders of a deployment (docs/deployment.md): keys, routes (with the policy) and data.
 * Every other path the exchange uses is derived here, so the layout can be read in one place.
 */
public record Deployment(Path keys, Path routes, Path data) {

  public Deployment {
    keys = keys.toAbsolutePath().normalize();
    routes = routes.toAbsolutePath().normalize();
    data = data.toAbsolutePath().normalize();
  }

  public Path policyFile() {
    return routes.resolve("policy.yaml");
  }

  /** Plaintext lives here, and only while an item is being handled. */
  public Path staging() {
    return data.resolve("staging");
  }

  /**
   * The inspection processes' private scratch folder: entries unpacked from containers while they
   * are inspected. Plaintext, like staging; emptied at every start.
   */
  public Path inspectScratch() {
    return data.resolve("inspect");
  }

  public Path outbox() {
    return data.resolve("outbox");
  }

  public Path quarantine() {
    return data.resolve("quarantine");
  }

  /** Root of the embedded SFTP drop box: one folder per lab. */
  public Path dropBox() {
    return data.resolve("sftp");
  }

  /** Key of the exchange's own ingest account on the embedded drop box. */
  public Path ingestAccount() {
    return data.resolve("ingest-account");
  }

  /**
   * The embedded drop box's host key as a known_hosts line, written at every start: what the
   * exchange's own ingest account checks, and what a lab's {@code sftp -o UserKnownHostsFile=…}
   * can.
   */
  public Path dropBoxKnownHosts() {
    return data.resolve("drop-box.known_hosts");
  }

  /** As {@link #ingestAccount()}, for one node of a pair (null: an exchange alone). */
  public Path ingestAccount(String node) {
    return node == null ? ingestAccount() : data.resolve("ingest-account." + node);
  }

  /**
   * As {@link #dropBoxKnownHosts()}, for one node of a pair (null: an exchange alone): the nodes
   * listen on different ports, so their lines differ.
   */
  public Path dropBoxKnownHosts(String node) {
    return node == null ? dropBoxKnownHosts() : data.resolve("drop-box." + node + ".known_hosts");
  }
}
