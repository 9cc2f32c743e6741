package org.prex.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.prex.audit.AuditLog;
import org.prex.classify.Classifier;
import org.prex.classify.ClassifyStep;
import org.prex.config.AgencyPolicy;
import org.prex.config.Deployment;
import org.prex.config.Policy;
import org.prex.config.PolicyException;
import org.prex.config.PolicyLoader;
import org.prex.deliver.Deliverer;
import org.prex.deliver.DeliveryTarget;
import org.prex.deliver.SftpTarget;
import org.prex.designate.Designator;
import org.prex.files.OwnerOnly;
import org.prex.ingest.DropBoxAddress;
import org.prex.ingest.DropBoxClient;
import org.prex.ingest.FolderIntake;
import org.prex.ingest.IngestFailures;
import org.prex.ingest.IngestFilter;
import org.prex.ingest.IngestPollStrategy;
import org.prex.ingest.SftpDropBoxClient;
import org.prex.ingest.Stager;
import org.prex.keys.KeyCheck;
import org.prex.keys.KeySet;
import org.prex.markings.TextExtractor;
import org.prex.outcome.Checkpointer;
import org.prex.outcome.Completion;
import org.prex.outcome.Rejector;
import org.prex.outcome.Unanswered;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Receipts;
import org.prex.route.Router;
import org.prex.seal.ClearSigner;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.sftp.DropBox;
import org.prex.sftp.DropBoxConfig;
import org.prex.sftp.DropBoxLimits;
import org.prex.sftp.DropBoxListener;
import org.prex.staging.Staging;
import org.prex.submission.Admission;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running exchange: the embedded SFTP drop box (unless ingesting from elsewhere), the audit log,
 * and the Camel routes from the routes folder wired to the pipeline's beans. Work interrupted by a
 * previous stop or crash is picked up again at start.
 */
public final class PrexServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrexServer.class);
  private final Main camel;
  private final DropBox dropBox;
  private final AuditLog log;
  private final String description;

  private PrexServer(Main camel, DropBox dropBox, AuditLog log, String description) {
    this.camel = camel;
    this.dropBox = dropBox;
    this.log = log;
    this.description = description;
  }

  public static PrexServer start(ServeOptions options, char[] signingPassphrase)
      throws StartupException, IOException {
    Deployment d = options.deployment();
    KeySet keys;
    Policy policy;
    try {
      keys = KeySet.load(d.keys(), signingPassphrase);
    } catch (KeyFileException e) {
      throw new StartupException(List.of(e.getMessage()));
    }
    try {
      policy = PolicyLoader.load(d.policyFile());
    } catch (PolicyException e) {
      throw new StartupException(
          e.problems().stream().map(p -> d.policyFile() + ": " + p).toList());
    }
    checkKeysForPolicy(keys, policy, d.data());
    for (String warning : keyWarnings(d.keys(), signingPassphrase)) {
      LOG.warn("{}", warning);
    }
    if (keys.isExample()) {
      LOG.warn(
          "*** RUNNING ON EXAMPLE KEYS from {}: anyone holding this repository can open what this"
              + " exchange seals. Make real keys (prex keys init) before sharing anything real."
              + " ***",
          d.keys());
    }

    ownerOnlyDataFolder(d.data());
    AuditLog log = AuditLog.open(d.data());
    DropBox dropBox = null;
    Main camel = null;
    try {
      Staging staging = new Staging(d.staging());
      staging.removeAborted();
      // Camel's sftp consumer makes the folders it downloads into with the umask's mode: they
      // exist, owner-only, before it looks
      for (String lab : keys.labSshKeys().keySet()) {
        OwnerOnly.createFolders(staging.incoming().resolve(lab).resolve("inbox"));
      }
      Sealer sealer = new Sealer(keys.signingKey());
      Map<String, DeliveryTarget> targets = targets(policy, d.data());
      String ingestUri;
      IngestFilter filter;
      String where;
      DropBoxAddress dropBoxAddress;
      java.util.function.Predicate<String> beingWritten;
      if (options.ingest() == null) {
        IngestAccount account = IngestAccount.create(d.ingestAccount(), d.dropBoxKnownHosts());
        dropBox =
            DropBox.start(
                new DropBoxConfig(
                    options.sftpHost(),
                    options.sftpPort(),
                    d.dropBox(),
                    keys.hostKeyFile(),
                    keys.labSshKeys(),
                    account.publicKey(),
                    new DropBoxListener() {},
                    DropBoxLimits.DEFAULT.withQuotas(
                        policy.quotas().inboxBytes(),
                        policy.quotas().inboxFiles(),
                        policy.quotas().maxFileBytes(),
                        policy.partialUploadMaxAge())));
        account.trustHost(dropBox.knownHostsLine());
        ingestUri =
            IngestUri.embedded(
                options.sftpHost(),
                dropBox.port(),
                account.privateKeyFile(),
                account.knownHostsFile());
        beingWritten = dropBox::isBeingWritten;
        filter = new IngestFilter(keys.labSshKeys().keySet(), beingWritten);
        dropBoxAddress =
            DropBoxAddress.embedded(
                options.sftpHost(),
                dropBox.port(),
                account.privateKeyFile(),
                account.knownHostsFile());
        where = "SFTP drop box at " + options.sftpHost() + ":" + dropBox.port();
      } else {
        ingestUri = IngestUri.external(options.ingest(), options.ingestPassphrase());
        beingWritten = path -> false;
        filter = new IngestFilter(keys.labSshKeys().keySet(), beingWritten);
        dropBoxAddress =
            DropBoxAddress.fromIngestUri(options.ingest())
                .withPassphrase(options.ingestPassphrase());
        where = "ingesting from " + options.ingest().replaceAll("\\?.*", "");
      }

      camel = new Main();
      camel.configure().withName("prex");
      camel.configure().withRoutesIncludePattern("file:" + d.routes() + "/*.camel.yaml");
      camel.configure().withShutdownTimeout(30);
      // Camel Main caches streams by default, spooling bodies over 128 KiB to a temp file: that
      // would put plaintext outside staging and read whole uploads before staging sees them.
      camel.configure().withStreamCachingEnabled(false);
      camel.configure().withMessageHistory(false);
      camel.configure().withAutoConfigurationLogSummary(false);
      camel.addInitialProperty("prex.ingest.uri", ingestUri);
      camel.addInitialProperty("prex.ingest.work", staging.incoming().toString());
      camel.addInitialProperty("prex.folders.period", "1000");
      FolderIntake.Connector connector = () -> SftpDropBoxClient.connect(dropBoxAddress);
      camel.bind("ingestFilter", filter);
      camel.bind("ingestFailures", new IngestFailures());
      camel.bind("ingestPollStrategy", new IngestPollStrategy());
      camel.bind("stager", new Stager(staging, log));
      camel.bind(
          "folderIntake",
          new FolderIntake(
              connector,
              keys.labSshKeys().keySet(),
              beingWritten,
              staging,
              log,
              policy,
              java.time.Clock.systemUTC()));
      camel.bind("admission", new Admission());
      camel.bind("classifyStep", new ClassifyStep(new Classifier(), staging, log));
      camel.bind(
          "designator",
          new Designator(policy, log, staging, new TextExtractor(1 << 20, Duration.ofSeconds(30))));
      camel.bind("router", new Router(policy, log));
      ClearSigner clearSigner = new ClearSigner(keys.signingKey());
      Checkpointer checkpointer = new Checkpointer(log, clearSigner);
      camel.bind(
          "transferSealer",
          new TransferSealer(sealer, keys.agencies(), policy, staging, log, checkpointer::current));
      camel.bind("checkpointer", checkpointer);
      camel.bind(
          "receipts",
          new Receipts(
              log,
              checkpointer,
              clearSigner,
              (lab, name, content) -> {
                try (DropBoxClient box = connector.connect()) {
                  box.writeAtomically(lab + "/receipts", name, content);
                }
              }));
      camel.bind("deliverer", new Deliverer(targets, staging, log));
      camel.bind("completion", new Completion(staging));
      camel.bind("rejector", new Rejector(log));
      camel.bind("unanswered", new Unanswered());
      camel.bind(
          "quarantine",
          new Quarantine(sealer, keys.quarantineCert(), d.quarantine(), staging, log));
      camel.start();
      resume(camel.getCamelContext(), staging);
      String description =
          where
              + "; labs "
              + String.join(", ", keys.labSshKeys().keySet())
              + "; agencies "
              + String.join(", ", policy.agencies().keySet());
      return new PrexServer(camel, dropBox, log, description);
    } catch (Exception e) {
      closeQuietly(camel, dropBox, log);
      if (e instanceof IOException io) {
        throw io;
      }
      throw new StartupException(List.of("cannot start: " + e.getMessage()));
    }
  }

  /** One line for the operator: where uploads are accepted and who is served. */
  public String description() {
    return description;
  }

  /** The drop box's port, or -1 when ingesting from an external server. */
  public int sftpPort() {
    return dropBox == null ? -1 : dropBox.port();
  }

  /** The drop box's host key as a known_hosts line, for clients that check it strictly. */
  public String knownHostsLine() {
    if (dropBox == null) {
      throw new IllegalStateException("no embedded drop box: ingesting from an external server");
    }
    return dropBox.knownHostsLine();
  }

  public CamelContext camelContext() {
    return camel.getCamelContext();
  }

  @Override
  public void close() {
    closeQuietly(camel, dropBox, log);
  }

  private static void closeQuietly(Main camel, DropBox dropBox, AuditLog log) {
    if (dropBox != null) {
      dropBox.close();
    }
    if (camel != null) {
      try {
        camel.stop();
      } catch (RuntimeException e) {
        LOG.warn("Camel did not stop cleanly: {}", e.getClass().getName());
      }
    }
    log.close();
  }

  /**
   * The data folder holds plaintext and the log: it and everything in it are owner-only
   * (docs/threat-model.md). What an earlier version, an operator or a restore left open to others
   * is closed here, and said.
   */
  private static void ownerOnlyDataFolder(Path data) throws IOException {
    OwnerOnly.createFolders(data);
    String mode = OwnerOnly.openToOthers(data);
    if (mode != null) {
      LOG.warn("data folder {} was open to group or others ({}); made it 0700", data, mode);
    }
    int fixed = OwnerOnly.restrictTree(data);
    if (fixed > (mode == null ? 0 : 1)) {
      LOG.warn(
          "{} file(s) and folder(s) in data folder {} were open to group or others; made them"
              + " owner-only (files 0600, folders 0700)",
          fixed - (mode == null ? 0 : 1),
          data);
    }
  }

  /** What {@code keys check} warns about (keys expiring within 30 days), one line per key. */
  static List<String> keyWarnings(Path keysDir, char[] signingPassphrase) {
    List<String> warnings = new ArrayList<>();
    for (KeyCheck.KeyProblem p :
        KeyCheck.check(keysDir, java.time.Instant.now(), signingPassphrase)) {
      if (p.severity() == KeyCheck.Severity.WARNING) {
        warnings.add("key warning: " + p.file() + ": " + p.problem());
      }
    }
    return warnings;
  }

  private static void checkKeysForPolicy(KeySet keys, Policy policy, Path data)
      throws StartupException {
    List<String> problems = new ArrayList<>();
    java.time.Instant now = java.time.Instant.now();
    for (AgencyPolicy a : policy.agencies().values()) {
      PublicCert cert = keys.agencies().get(a.id());
      if (cert == null) {
        problems.add(
            "agency "
                + a.id()
                + " has no key: expected "
                + keys.dir().resolve("agencies").resolve(a.id() + ".asc"));
        continue;
      }
      for (String p : cert.encryptionProblems(now)) {
        problems.add("agency " + a.id() + " key " + cert.fingerprint() + ": " + p);
      }
      if (a.deliver().startsWith("sftp://")) {
        SftpTarget sftp;
        try {
          sftp = SftpTarget.of(a.id(), a.deliver(), data);
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
          continue;
        }
        if (!java.nio.file.Files.isReadable(sftp.privateKeyFile())) {
          problems.add(
              "agency "
                  + a.id()
                  + ": privateKeyFile "
                  + sftp.privateKeyFile()
                  + " is not readable");
        }
        if (!java.nio.file.Files.isReadable(sftp.knownHostsFile())) {
          problems.add(
              "agency "
                  + a.id()
                  + ": knownHostsFile "
                  + sftp.knownHostsFile()
                  + " is not readable");
        }
      }
    }
    for (String p : keys.quarantineCert().encryptionProblems(now)) {
      problems.add("quarantine key " + keys.quarantineCert().fingerprint() + ": " + p);
    }
    for (String p : keys.signingKey().problems(now)) {
      problems.add("exchange signing key " + keys.signingKey().fingerprint() + ": " + p);
    }
    if (!problems.isEmpty()) {
      throw new StartupException(problems);
    }
  }

  private static Map<String, DeliveryTarget> targets(Policy policy, Path data) throws IOException {
    Map<String, DeliveryTarget> targets = new LinkedHashMap<>();
    for (AgencyPolicy a : policy.agencies().values()) {
      DeliveryTarget target = DeliveryTarget.of(a.id(), a.deliver(), data);
      target.removeLeftovers();
      targets.put(a.id(), target);
    }
    return targets;
  }

  /**
   * Sends submissions taken before a stop or crash through the pipeline again; beans are
   * idempotent.
   */
  private static void resume(CamelContext context, Staging staging) throws IOException {
    List<StagedSubmission> pending = staging.pending();
    if (pending.isEmpty()) {
      return;
    }
    LOG.info("resuming {} submission(s) taken before the last stop", pending.size());
    try (ProducerTemplate producer = context.createProducerTemplate()) {
      for (StagedSubmission s : pending) {
        producer.sendBody("seda:submissions", Submission.of(s));
      }
    }
  }
}
