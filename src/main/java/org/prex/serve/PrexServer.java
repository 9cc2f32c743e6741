package org.prex.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.main.Main;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.config.AgencyKeys;
import org.prex.config.AgencyPolicy;
import org.prex.config.Deployment;
import org.prex.config.Policy;
import org.prex.config.PolicyException;
import org.prex.config.PolicyFile;
import org.prex.config.PolicyLoader;
import org.prex.config.PolicyStore;
import org.prex.console.ConsoleServer;
import org.prex.console.ConsoleSources;
import org.prex.deliver.Deliveries;
import org.prex.deliver.DeliveryTarget;
import org.prex.designator.Designator;
import org.prex.files.OwnerOnly;
import org.prex.ingest.DropBoxAddress;
import org.prex.ingest.DropBoxFiles;
import org.prex.ingest.FolderIntake;
import org.prex.ingest.IngestFailures;
import org.prex.ingest.IngestReadLock;
import org.prex.ingest.LocalReads;
import org.prex.ingest.SftpDropBoxClient;
import org.prex.ingest.Stager;
import org.prex.inspect.Inspector;
import org.prex.keys.KeyCheck;
import org.prex.keys.KeySet;
import org.prex.observe.Checks;
import org.prex.observe.Health;
import org.prex.observe.HttpAddress;
import org.prex.observe.Metrics;
import org.prex.observe.ObserveServer;
import org.prex.outcome.Completion;
import org.prex.outcome.LastResort;
import org.prex.outcome.Rejector;
import org.prex.outcome.Unanswered;
import org.prex.pipeline.AdmitStep;
import org.prex.pipeline.CheckpointStep;
import org.prex.pipeline.ClassifyStep;
import org.prex.pipeline.CompleteStep;
import org.prex.pipeline.DeliverStep;
import org.prex.pipeline.DesignateStep;
import org.prex.pipeline.IngestFailedStep;
import org.prex.pipeline.LastResortStep;
import org.prex.pipeline.QuarantineStep;
import org.prex.pipeline.ReceiptStep;
import org.prex.pipeline.RejectStep;
import org.prex.pipeline.RouteStep;
import org.prex.pipeline.SealStep;
import org.prex.pipeline.UnansweredStep;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.Receipts;
import org.prex.route.Router;
import org.prex.seal.ClearSigner;
import org.prex.seal.KeyFileException;
import org.prex.seal.Sealer;
import org.prex.sftp.DropBox;
import org.prex.sftp.DropBoxConfig;
import org.prex.sftp.DropBoxLimits;
import org.prex.sftp.DropBoxListener;
import org.prex.staging.Staging;
import org.prex.submission.Admission;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.transfer.Presealer;
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
  private final ServeOptions options;
  private final char[] signingPassphrase;
  private final DropBox dropBox;

  /** The transfer log: open from start alone, or once this node leads its pair; else null. */
  private volatile AuditLog log;

  private final Staging staging;
  private final Ingest ingest;
  private final PolicyStore policies;
  private final PolicyReloads reloads;
  private Main camel;
  private Deliveries deliveries;

  /**
   * What the routes running hold open and must close once they stop: the labs' submission-folder
   * intakes (each keeping a session) and the presealer (its messages in staging).
   */
  private List<AutoCloseable> intakes = List.of();

  private Inspector inspector;
  private Loaded loaded;
  private String description;

  /** Health and metrics, when {@code --http} is given (docs/operations.md); else null. */
  private final Metrics metrics;

  private ObserveServer observe;

  /** The console, while this node leads and {@code --console} asked for it. */
  private volatile ConsoleServer console;

  /** This process's hold on the data folder: one serve per folder. */
  private DataFolderLock folderLock;

  /** The Camel context running now, for health; null while a reload replaces it. */
  private volatile CamelContext running;

  /** The answers step of the routes running now, for the receipts-waiting gauge. */
  private volatile Receipts receipts;

  /** The agencies' lanes of the routes running now, for the metrics; read without the monitor. */
  private volatile Deliveries lanes;

  /** Set when a reload left no routes running: liveness is down, so that a supervisor restarts. */
  private volatile String broken;

  /** This node's role: "leader" (also alone), or "standby" in a pair until it leads. */
  private volatile String role;

  /** The pair's leadership (docs/operations.md, "Two nodes"); null when alone. */
  private volatile Leadership leadership;

  /** Set once {@link #close} has begun: a lead taken meanwhile is not started. */
  private volatile boolean closed;

  /** Told one line each time this node starts leading its pair. */
  private final java.util.function.Consumer<String> announce;

  /**
   * Where and how uploads come in: fixed for the life of the server, across policy reloads.
   *
   * @param labs the labs whose uploads are taken: the embedded drop box's accounts, which change
   *     only with a restart (docs/policy.md); null when ingesting from elsewhere, where they are
   *     the key set's in force
   */
  private record Ingest(
      String uri,
      DropBoxAddress address,
      java.util.function.Predicate<String> beingWritten,
      String where,
      java.util.Set<String> labs) {

    /** Never the URI: it may carry the ingest key's passphrase, and this may be logged. */
    @Override
    public String toString() {
      return "ingest from " + where;
    }
  }

  private PrexServer(
      ServeOptions options,
      char[] signingPassphrase,
      DropBox dropBox,
      AuditLog log,
      Staging staging,
      Ingest ingest,
      java.util.function.Consumer<String> announce) {
    this.options = options;
    this.announce = announce;
    this.role = options.pair() == null ? "leader" : "standby";
    this.signingPassphrase = signingPassphrase == null ? null : signingPassphrase.clone();
    this.dropBox = dropBox;
    this.log = log;
    this.staging = staging;
    this.ingest = ingest;
    this.policies = PolicyStore.in(options.deployment().data());
    this.reloads = new PolicyReloads(options.deployment().data(), this::reload);
    this.metrics = options.http() == null ? null : new Metrics(java.time.Clock.systemUTC());
  }

  public static PrexServer start(ServeOptions options, char[] signingPassphrase)
      throws StartupException, IOException {
    return start(options, signingPassphrase, line -> {});
  }

  /**
   * Starts the exchange; alone, it leads at once. As a node of a pair ({@link ServeOptions#pair})
   * it serves its drop box and health at once and leads once it holds the pair's lock; {@code
   * announce} is told when it does.
   */
  public static PrexServer start(
      ServeOptions options, char[] signingPassphrase, java.util.function.Consumer<String> announce)
      throws StartupException, IOException {
    // before Camel's SFTP endpoints open their sessions
    org.prex.remote.JschSettings.install();
    Deployment d = options.deployment();
    Loaded loaded = load(d, signingPassphrase);
    KeySet keys = loaded.keys();
    if (options.console() != null) {
      // checked now, on a standby too: a console that cannot start would stop it at takeover
      try {
        org.prex.console.ConsoleCertificate.load(d.keys());
      } catch (IllegalArgumentException e) {
        throw new StartupException(List.of(e.getMessage()));
      }
    }
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
    String node = options.pair();
    // alone: the folder is this process's from the start; in a pair, once it leads
    DataFolderLock folderLock = node == null ? DataFolderLock.take(d.data()) : null;
    AuditLog log = null;
    try {
      log = node == null ? AuditLog.open(options.logDatabase()) : null;
    } catch (RuntimeException e) {
      folderLock.close();
      throw e;
    }
    DropBox dropBox = null;
    PrexServer server = null;
    try {
      Staging staging = new Staging(d.staging());
      if (node == null) {
        staging.removeAborted();
      }
      Ingest ingest;
      if (options.ingest() == null) {
        IngestAccount account =
            IngestAccount.create(d.ingestAccount(node), d.dropBoxKnownHosts(node));
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
                        loaded.policy().policy().quotas().inboxBytes(),
                        loaded.policy().policy().quotas().inboxFiles(),
                        loaded.policy().policy().quotas().maxFileBytes(),
                        loaded.policy().policy().partialUploadMaxAge()),
                    // a lab removed from the key set with work still staged: that work is
                    // still answered, its receipts wait in its receipts folder
                    staging.pending().stream()
                        .map(StagedSubmission::lab)
                        .collect(java.util.stream.Collectors.toSet()),
                    // agencies of the policy with a drop-box account (docs/review-cycle.md)
                    agencyKeys(keys, loaded.policy().policy())),
                node);
        account.trustHost(dropBox.knownHostsLine());
        java.util.function.Predicate<String> beingWritten = dropBox::isBeingWritten;
        ingest =
            new Ingest(
                IngestUri.embedded(
                    DropBox.reachableAt(options.sftpHost()),
                    dropBox.port(),
                    account.privateKeyFile(),
                    account.knownHostsFile()),
                DropBoxAddress.embedded(
                    DropBox.reachableAt(options.sftpHost()),
                    dropBox.port(),
                    account.privateKeyFile(),
                    account.knownHostsFile()),
                beingWritten,
                "SFTP drop box at " + options.sftpHost() + ":" + dropBox.port(),
                java.util.Set.copyOf(keys.labSshKeys().keySet()));
      } else {
        java.util.function.Predicate<String> beingWritten = path -> false;
        ingest =
            new Ingest(
                IngestUri.external(options.ingest(), options.ingestPassphrase()),
                DropBoxAddress.fromIngestUri(options.ingest())
                    .withPassphrase(options.ingestPassphrase()),
                beingWritten,
                "ingesting from " + options.ingest().replaceAll("\\?.*", ""),
                null);
      }
      server = new PrexServer(options, signingPassphrase, dropBox, log, staging, ingest, announce);
      server.folderLock = folderLock;
      if (node == null) {
        server.lead(loaded, "loaded at start from " + d.policyFile());
        server.serveHealth();
      } else {
        server.description =
            "standby node "
                + node
                + " of a pair: "
                + ingest.where()
                + " (the leader takes what is uploaded)";
        server.serveHealth();
        PrexServer pair = server;
        server.leadership =
            Leadership.join(d.data(), node, pair::takeTheLead, why -> fatal(why, null));
      }
      return server;
    } catch (Exception e) {
      if (server != null) {
        server.close();
      } else {
        if (dropBox != null) {
          dropBox.close();
        }
        if (log != null) {
          log.close();
        }
        if (folderLock != null) {
          folderLock.close();
        }
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new StartupException(List.of("cannot start: " + e.getMessage()));
    }
  }

  /**
   * Starts the work only a leader does: the transfer log, staged work left by a crash, the routes
   * and policy reloads.
   */
  private void lead(Loaded loaded, String how) throws Exception {
    Deployment d = options.deployment();
    if (log == null) {
      log = AuditLog.open(options.logDatabase());
    }
    policies.keep(loaded.policy());
    logLoaded(loaded.policy(), how, null);
    serveConsole(loaded);
    startCamel(loaded);
    reloads.start();
    LOG.debug("leading from {}", d.data());
  }

  /**
   * A pair's standby has just taken the pair's lock: it takes the data folder from any serve run
   * alone on it, reads its keys and policy again (the other node may have reloaded them), and
   * leads. What the other node left in flight is staged, and resumed like work left by a crash. If
   * it cannot lead, the process ends: holding the lock without leading would leave no one leading.
   */
  private void takeTheLead() {
    Deployment d = options.deployment();
    role = "leader";
    try {
      DataFolderLock taken = DataFolderLock.await(d.data());
      synchronized (this) {
        if (closed) {
          taken.close();
          return;
        }
        folderLock = taken;
        Loaded now = load(d, signingPassphrase);
        staging.removeAborted();
        lead(
            now,
            "loaded on taking the lead as node " + options.pair() + ", from " + d.policyFile());
      }
      LOG.info("prex leading: {}", description());
      announce.accept(description());
    } catch (StartupException e) {
      fatal("this node cannot lead: " + String.join("; ", e.problems()), null);
    } catch (Exception e) {
      fatal("this node cannot lead", e);
    }
  }

  /**
   * Ends the process at once, without shutdown hooks: a node that has led and may not go on must
   * not take or deliver anything more, not even while stopping. Its supervisor starts it again.
   */
  private static void fatal(String why, Exception e) {
    LOG.error(
        "{}{}; stopping this process now",
        why,
        e == null
            ? ""
            : ": "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    System.err.println("prex: " + why + "; stopping this process now");
    System.err.flush();
    Runtime.getRuntime().halt(EXIT_LOST_LEAD);
  }

  /** The exit status of a node that lost, or could not take, its pair's lead. */
  public static final int EXIT_LOST_LEAD = 75;

  /** With {@code --http}: health and metrics over HTTP (docs/operations.md). */
  private void serveHealth() throws StartupException {
    if (metrics == null) {
      return;
    }
    Gauges gauges =
        new Gauges(
            options.deployment(),
            staging,
            dropBox == null ? null : ingest.labs(),
            () -> lanes,
            () -> receipts);
    metrics.readFrom(() -> gauges);
    Health health =
        new Health(
            () -> running,
            () -> role,
            () -> broken,
            List.of(
                Checks.dropBox(dropBox),
                Checks.diskSpace(options.deployment().data(), Checks.DISK_FLOOR)));
    try {
      observe = ObserveServer.start(options.http(), health, metrics);
    } catch (IOException | RuntimeException e) {
      throw new StartupException(
          List.of(
              "cannot serve health and metrics on "
                  + options.http()
                  + ": "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")));
    }
    LOG.info("health and metrics on http://{}/ (health/live, health/ready, metrics)", httpAt());
  }

  /**
   * With {@code --console}: the records officers' console over HTTPS (docs/console.md), on the
   * leader only, since every use of it is written to the log. Started before the routes, so that a
   * console that cannot start stops the exchange before it takes anything.
   */
  private void serveConsole(Loaded loaded) throws StartupException {
    if (options.console() == null) {
      return;
    }
    KeySet keys = loaded.keys();
    List<String> agencies = List.copyOf(keys.agencies().keySet());
    ConsoleSources sources =
        new ConsoleSources(
            log,
            options.deployment().keys(),
            keys.signingKey().publicCert(),
            options.deployment().quarantine(),
            () -> agencies,
            () -> {
              Deliveries now = lanes;
              return now == null ? Map.of() : now.lanes();
            });
    try {
      console = ConsoleServer.start(options.console(), sources, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new StartupException(List.of(e.getMessage()));
    } catch (Exception e) {
      throw new StartupException(
          List.of(
              "cannot serve the console on "
                  + options.console()
                  + ": "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")));
    }
    LOG.info("console on https://{}/", consoleAt());
  }

  /** Where the console is served, with the port actually bound; null when it is not. */
  public String consoleAt() {
    ConsoleServer c = console;
    return c == null ? null : new HttpAddress(options.console().host(), c.port()).toString();
  }

  /** Where health and metrics are served, with the port actually bound; null when they are not. */
  public String httpAt() {
    return observe == null
        ? null
        : new HttpAddress(options.http().host(), observe.port()).toString();
  }

  /** Keys and policy, validated together: every problem of both, or both usable. */
  private record Loaded(KeySet keys, PolicyFile policy) {}

  private static Loaded load(Deployment d, char[] signingPassphrase) throws StartupException {
    List<String> problems = new ArrayList<>();
    KeySet keys = null;
    try {
      keys = KeySet.load(d.keys(), signingPassphrase);
    } catch (KeyFileException e) {
      problems.add(e.getMessage());
    }
    PolicyFile policyFile = null;
    try {
      policyFile = loadPolicy(d);
    } catch (StartupException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new StartupException(problems);
    }
    checkExchangeKeys(keys);
    return new Loaded(keys, policyFile);
  }

  private void logLoaded(PolicyFile p, String how, String previous) {
    log.append(
        EventDraft.of(EventType.POLICY_LOADED)
            .policy(p.sha256())
            .reason(
                how
                    + (previous == null ? "" : "; replaces policy " + previous)
                    + "; agencies "
                    + String.join(", ", p.policy().agencies().keySet())));
    LOG.info("policy {} in force ({})", p.sha256(), how);
  }

  /** Builds the pipeline's beans for a policy and starts the Camel routes; resumes staged work. */
  private void startCamel(Loaded loaded) throws Exception {
    Deployment d = options.deployment();
    KeySet keys = loaded.keys();
    Policy policy = loaded.policy().policy();
    String policySha = loaded.policy().sha256();
    // a reload does not change the drop box's accounts: its labs' uploads are still taken
    java.util.Collection<String> labs =
        ingest.labs() != null ? ingest.labs() : keys.labSshKeys().keySet();
    Main camel = new Main();
    Deliveries deliveries = null;
    Receipts answers;
    List<AutoCloseable> intakes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      Sealer sealer = new Sealer(keys.signingKey());
      Map<String, DeliveryTarget> targets = targets(policy, d.data());
      camel.configure().withName("prex");
      camel.configure().withRoutesIncludePattern("file:" + d.routes() + "/*.camel.yaml");
      // SIGTERM: work still in flight after 6 s is abandoned, safely: everything taken is staged
      // and
      // handled again (idempotently) at the next start, as after a crash
      camel.configure().withShutdownTimeout(6);
      // Camel Main caches streams by default, spooling bodies over 128 KiB to a temp file: that
      // would put plaintext outside staging and read whole uploads before staging sees them.
      camel.configure().withStreamCachingEnabled(false);
      camel.configure().withMessageHistory(false);
      camel.configure().withAutoConfigurationLogSummary(false);
      // readiness (docs/operations.md): the context, every route, and prex's checks bound below;
      // consumers' last polls are left out (their retries and the metrics tell)
      camel
          .configure()
          .health()
          .withEnabled(true)
          .withRoutesEnabled(true)
          .withRegistryEnabled(true)
          .withExposureLevel("full");
      camel.bind("prexAuditLogCheck", Checks.auditLog(log));
      camel.bind("prexDropBoxCheck", Checks.dropBox(dropBox));
      camel.bind("prexDiskCheck", Checks.diskSpace(d.data(), Checks.DISK_FLOOR));
      if (metrics != null) {
        // Camel's route metrics into the registry /metrics scrapes (camel-micrometer)
        camel.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics.registry());
        camel.bind("prexRouteMetrics", new MicrometerRoutePolicyFactory());
      }
      camel.addInitialProperty("prex.ingest.uri", ingest.uri());
      camel.addInitialProperty("prex.ingest.delay", IngestUri.delay(options.ingest()));
      // the embedded drop box's files are read in place by the stager: the consumer need not
      // open them over SFTP (two round trips per file); an external server's are downloaded
      camel.addInitialProperty("prex.ingest.download", String.valueOf(dropBox == null));
      camel.addInitialProperty("prex.folders.period", "1000");
      camel.addInitialProperty("prex.review.period", String.valueOf(reviewPeriodMillis()));
      // seda queues hold 1,000 by default and refuse the next: with an agency down for a day,
      // more than that wait staged, and resuming them at start failed the start (and a reload);
      // a lane answering a burst once its agency is back would drop answers. What the queues
      // hold is staged on disk anyway: they are only as long as staging.
      camel.addInitialProperty("camel.component.seda.queueSize", String.valueOf(Integer.MAX_VALUE));
      // the embedded drop box's files are read in place; an external one's through SFTP
      DropBoxFiles inPlace =
          dropBox == null
              ? null
              : DropBoxFiles.of(dropBox::openForIngest, dropBox::identityForIngest);
      FolderIntake.Connector connector =
          () -> LocalReads.over(SftpDropBoxClient.connect(ingest.address()), inPlace);
      // the steps the route file calls, by the names it calls them (docs/pipeline.md)
      camel.bind(
          "ingestReadLock",
          dropBox != null
              ? IngestReadLock.dropBox(p -> dropBox.isBeingWritten(p) || dropBox.isSettling(p))
              : IngestReadLock.external());
      camel.bind("ingestFailures", new IngestFailedStep(new IngestFailures()));
      Stager stager = new Stager(staging, log, inPlace);
      camel.bind("stager", stager);
      camel.bind("admission", new AdmitStep(new Admission()));
      Classifier classifier = new Classifier();
      camel.bind("classifyStep", new ClassifyStep(classifier, staging, log));
      Inspector inspecting = inspector(policy);
      Router router = new Router(policy, policySha, log);
      camel.bind("router", new RouteStep(router));
      ClearSigner clearSigner = new ClearSigner(keys.signingKey());
      Checkpointer checkpointer = new Checkpointer(log, clearSigner);
      TransferSealer transferSealer =
          new TransferSealer(sealer, keys.agencies(), policy, staging, log, checkpointer::covering);
      Presealer presealer = transferSealer.presealing(policy.inspectionTimeout());
      intakes.add(presealer);
      camel.bind(
          "designator",
          new DesignateStep(new Designator(policy, log, staging, inspecting), presealer, router));
      if (metrics != null) {
        transferSealer.countSealed(metrics::sealed);
      }
      camel.bind("transferSealer", new SealStep(transferSealer));
      camel.bind("checkpointer", new CheckpointStep(checkpointer));
      CamelReceiptBox receiptBox = new CamelReceiptBox(camel::getCamelContext);
      Receipts receipts =
          new Receipts(
              log,
              checkpointer,
              clearSigner,
              receiptBox,
              staging.root().resolve(Staging.RECEIPTS),
              policySha);
      org.prex.review.ReviewCycle review =
          new org.prex.review.ReviewCycle(
              new org.prex.review.ReviewCycle.Parts(
                  log,
                  keys.signingKey(),
                  clearSigner,
                  checkpointer,
                  keys.agencies(),
                  policy.agencies(),
                  targets,
                  agencyAccounts(keys, policy),
                  (agency, name, bytes) -> receiptBox.putPath(agency + "/notices/" + name, bytes),
                  receiptBox,
                  connector,
                  ingest.beingWritten(),
                  () -> policy,
                  policySha,
                  new org.prex.review.Findings.Inspection(classifier, () -> inspecting),
                  sealer,
                  keys.quarantineCert(),
                  d.quarantine(),
                  keys.dir(),
                  d.data(),
                  options.clock()));
      camel.bind("reviewCycle", review);
      org.prex.review.Withdrawals withdrawals =
          new org.prex.review.Withdrawals(
              log,
              clearSigner,
              receiptBox,
              org.prex.review.ReviewCycle.withdrawals(d.data()),
              () -> {
                Deliveries lanes = this.lanes;
                if (lanes != null) {
                  lanes.withdrawn();
                }
              });
      if (metrics != null) {
        receipts.countAnswered(metrics::answered);
      }
      camel.bind("receipts", new ReceiptStep(receipts));
      answers = receipts;
      deliveries = new Deliveries(targets, staging, log, java.time.Clock.systemUTC());
      camel.bind("deliveries", new DeliverStep(deliveries));
      Completion completion = new Completion(staging, presealer::discard);
      camel.bind("completion", new CompleteStep(completion));
      camel.bind("rejector", new RejectStep(new Rejector(log)));
      camel.bind("unanswered", new UnansweredStep(new Unanswered()));
      Quarantine quarantine =
          new Quarantine(sealer, keys.quarantineCert(), d.quarantine(), staging, log);
      camel.bind("quarantine", new QuarantineStep(quarantine));
      LastResort lastResort =
          new LastResort(staging, quarantine, receipts, completion, checkpointer, log);
      camel.bind("lastResort", new LastResortStep(lastResort));
      // what was staged before this start, read before the intake routes can stage more: those
      // they stage go on by themselves, and must not be sent a second time by resume
      List<StagedSubmission> pending = staging.pending();
      camel.start();
      LabRoutes.start(
          camel.getCamelContext(),
          labs,
          pending.stream().map(StagedSubmission::lab).toList(),
          ingest.beingWritten(),
          lab -> {
            FolderIntake intake =
                new FolderIntake(
                    connector,
                    java.util.Set.of(lab),
                    ingest.beingWritten(),
                    staging,
                    log,
                    policy,
                    options.clock());
            intake.withdrawingTo(withdrawals);
            intake.takingDotNamedFiles(
                stager::take,
                new org.prex.files.Sightings(
                    d.data().resolve("ingest").resolve("first-seen-" + lab + ".tsv")));
            intakes.add(intake);
            return intake;
          },
          dropBox != null);
      resume(camel.getCamelContext(), pending, lastResort);
    } catch (Exception e) {
      stopQuietly(camel, deliveries, intakes);
      throw e;
    }
    this.running = camel.getCamelContext();
    this.receipts = answers;
    this.lanes = deliveries;
    this.broken = null;
    synchronized (this) {
      this.camel = camel;
      this.deliveries = deliveries;
      this.intakes = intakes;
      this.loaded = loaded;
      this.description =
          ingest.where()
              + "; labs "
              + String.join(", ", new java.util.TreeSet<>(labs))
              + "; agencies "
              + String.join(", ", policy.agencies().keySet())
              + "; policy "
              + policySha;
    }
  }

  /**
   * Loads the policy (and keys) again, on an operator's explicit request (docs/policy.md): a valid
   * policy replaces the one in force, between submissions (the routes stop gracefully, what was
   * staged is resumed under the new policy) and is logged POLICY_LOADED like a start; a policy with
   * any problem is refused, logged POLICY_REFUSED, and the one in force stays.
   *
   * @return what happened, in one line per problem after the first
   */
  public synchronized PolicyReloads.Outcome reload() {
    Deployment d = options.deployment();
    Loaded before = this.loaded;
    if (before == null) {
      return new PolicyReloads.Outcome(
          "refused",
          "",
          List.of("this node is a pair's standby: reload the policy on the leader, which it runs"));
    }
    String previous = before.policy().sha256();
    Loaded loaded;
    try {
      loaded = load(d, signingPassphrase);
    } catch (StartupException e) {
      byte[] text = null;
      try {
        text = java.nio.file.Files.readAllBytes(d.policyFile());
      } catch (IOException ignored) {
        // named in the problems
      }
      log.append(
          EventDraft.of(EventType.POLICY_REFUSED)
              .policy(text == null ? null : PolicyFile.sha256Of(text))
              .reason(
                  "reload refused, policy "
                      + previous
                      + " stays in force: "
                      + String.join("; ", e.problems())));
      LOG.warn("policy reload refused; {} stays in force: {}", previous, e.problems());
      return new PolicyReloads.Outcome("refused", previous, e.problems());
    }
    if (loaded.policy().sha256().equals(previous)) {
      return new PolicyReloads.Outcome(
          "unchanged", previous, List.of("policy " + previous + " is already in force"));
    }
    try {
      policies.keep(loaded.policy());
      running = null;
      lanes = null;
      stopQuietly(camel, deliveries, intakes);
      logLoaded(loaded.policy(), "reloaded from " + d.policyFile(), previous);
      startCamel(loaded);
      return new PolicyReloads.Outcome(
          "loaded",
          loaded.policy().sha256(),
          List.of("policy " + loaded.policy().sha256() + " in force, replacing " + previous));
    } catch (Exception e) {
      LOG.error("the routes did not start under the new policy: {}", e.getMessage());
      try {
        logLoaded(before.policy(), "restored: the routes did not start under the new one", null);
        startCamel(before);
      } catch (Exception again) {
        LOG.error("the routes did not start under the old policy either: {}", again.getMessage());
        broken = "the routes did not start after a policy reload, under the new policy or the old";
      }
      return new PolicyReloads.Outcome(
          "failed",
          loaded.policy().sha256(),
          List.of("the routes did not start under the new policy: " + e.getMessage()));
    }
  }

  /**
   * The inspection processes for a policy (its inspection-timeout and legacy markings); those of
   * the policy before, if any, are stopped first: the routes that used them are stopped.
   */
  private synchronized Inspector inspector(Policy policy) throws IOException {
    if (inspector != null) {
      inspector.close();
    }
    inspector =
        new Inspector(
            options.deployment().inspectScratch(),
            policy.inspectionTimeout(),
            policy.legacyMarkings(),
            2,
            System.getProperty("prex.inspect.heap", "512m"));
    if (!inspector.ocr()) {
      LOG.warn(
          "OCR is off (tesseract is not installed, or -Dprex.inspect.ocr=false): the text of"
              + " images cannot be read, so images are {} (policy images: {})",
          policy.images() == Policy.ImageRule.HOLD ? "held" : "delivered unread",
          policy.images().name().toLowerCase(java.util.Locale.ROOT));
    }
    return inspector;
  }

  /**
   * Waits, at most {@code timeout}, until the inspection processes have started: a first upload
   * then does not wait seconds for their JVMs. Returns whether they did in time.
   */
  public boolean awaitInspection(java.time.Duration timeout) throws InterruptedException {
    Inspector current;
    synchronized (this) {
      current = inspector;
    }
    return current == null || current.awaitStarted(timeout);
  }

  /** The policy in force. */
  public synchronized PolicyFile policy() {
    return loaded.policy();
  }

  /** One line for the operator: where uploads are accepted and who is served. */
  public synchronized String description() {
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

  public synchronized CamelContext camelContext() {
    return camel.getCamelContext();
  }

  @Override
  public void close() {
    closed = true;
    reloads.close();
    running = null;
    if (observe != null) {
      observe.close();
    }
    if (console != null) {
      console.close();
    }
    synchronized (this) {
      // the routes first, while the drop box still takes their receipts: closed first, it left
      // every answer in flight retrying against a closed port until the shutdown timeout
      stopQuietly(camel, deliveries, intakes);
      if (dropBox != null) {
        dropBox.close();
      }
      if (log != null) {
        log.close();
      }
      if (inspector != null) {
        inspector.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      if (folderLock != null) {
        folderLock.close();
      }
    }
    // last: the other node leads only once this one has stopped
    if (leadership != null) {
      leadership.close();
    }
  }

  /**
   * Stops the routes, ends the folder intakes' sessions and removes what was presealed, then stops
   * the agencies' delivery lanes (what waits stays staged).
   */
  private static void stopQuietly(Main camel, Deliveries deliveries, List<AutoCloseable> intakes) {
    if (camel != null) {
      try {
        camel.stop();
      } catch (RuntimeException e) {
        LOG.warn("Camel did not stop cleanly: {}", e.getClass().getName());
      }
    }
    for (AutoCloseable c : intakes) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn(
            "{} did not close cleanly: {}", c.getClass().getSimpleName(), e.getClass().getName());
      }
    }
    if (deliveries != null) {
      deliveries.close();
    }
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

  /**
   * The policy, validated strictly with every agency's key and SFTP key files (docs/policy.md); any
   * problem refuses the start, each named with its line.
   */
  static PolicyFile loadPolicy(Deployment d) throws StartupException {
    try {
      return PolicyLoader.read(
          d.policyFile(), AgencyKeys.in(d.keys(), java.time.Instant.now()), d.data());
    } catch (PolicyException e) {
      throw new StartupException(
          e.problems().stream().map(p -> d.policyFile() + ": " + p).toList());
    }
  }

  private static void checkExchangeKeys(KeySet keys) throws StartupException {
    List<String> problems = new ArrayList<>();
    java.time.Instant now = java.time.Instant.now();
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

  /**
   * How often the review route takes agencies' returns and sends due notices
   * (docs/review-cycle.md); a system property lets tests tick faster.
   */
  private static long reviewPeriodMillis() {
    return Long.getLong("prex.review.period", 5000);
  }

  /** The agencies with a drop-box account that the policy names (docs/review-cycle.md). */
  private static java.util.Set<String> agencyAccounts(KeySet keys, Policy policy) {
    return agencyKeys(keys, policy).keySet();
  }

  /** The SSH keys of the agencies the policy names that have a drop-box account. */
  private static Map<String, List<java.security.PublicKey>> agencyKeys(KeySet keys, Policy policy) {
    Map<String, List<java.security.PublicKey>> out = new java.util.TreeMap<>();
    keys.agencySshKeys()
        .forEach(
            (agency, k) -> {
              if (policy.agencies().containsKey(agency)) {
                out.put(agency, k);
              }
            });
    return out;
  }

  private static Map<String, DeliveryTarget> targets(Policy policy, Path data) {
    Map<String, DeliveryTarget> targets = new LinkedHashMap<>();
    for (AgencyPolicy a : policy.agencies().values()) {
      // leftovers of a cut-off upload are removed by the next attempt at that transfer
      targets.put(a.id(), DeliveryTarget.of(a.id(), a.deliver(), data));
    }
    return targets;
  }

  /**
   * Sends submissions taken before a stop or crash through the pipeline again; beans are
   * idempotent. One that failed too often already is given up instead (docs/outcomes.md).
   */
  private static void resume(
      CamelContext context, List<StagedSubmission> pending, LastResort lastResort)
      throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    LOG.info("resuming {} submission(s) taken before the last stop", pending.size());
    try (ProducerTemplate producer = context.createProducerTemplate()) {
      for (StagedSubmission s : pending) {
        producer.sendBody(
            lastResort.exhausted(s.submissionId())
                ? "seda:given-up"
                : "seda:submissions-" + s.lab(),
            Submission.of(s));
      }
    }
  }
}
