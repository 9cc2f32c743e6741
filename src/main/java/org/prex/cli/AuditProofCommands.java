package org.prex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFormat;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.audit.LogCheck;
import org.prex.audit.verify.Checkpoint;
import org.prex.merkle.MerkleVerifier;
import org.prex.seal.ClearSigner;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit checkpoint}, {@code verify}, {@code prove} and {@code show} (docs/deployment.md,
 * docs/audit-log.md).
 */
final class AuditProofCommands {
  private AuditProofCommands() {}

  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description = "Prints the latest signed checkpoint of the log.")
  static final class PrintCheckpoint implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolder data;

    @Mixin DbOption db;

    @Override
    public Integer call() {
      String signed;
      try (AuditLog log = AuditLog.openReadOnly(db.log(data.path))) {
        signed =
            log.latestCheckpoint()
                .orElseThrow(
                    () ->
                        new CommandFailed(
                            "the log in " + data + " has no checkpoint yet",
                            "serve makes one after every handled item"));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(signed);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Recomputes every event's leaf hash and the Merkle tree; with --checkpoint, also proves"
              + " the log only grew since each. Exit 0 if intact, 1 naming the first bad event.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolder data;

    @Mixin DbOption db;

    @Option(
        names = "--keys",
        defaultValue = "keys-example",
        description = "Keys folder holding exchange/signing.pub.asc (default: ${DEFAULT-VALUE}).")
    Path keys;

    @Option(
        names = "--checkpoint",
        paramLabel = "FILE",
        description =
            "A checkpoint held outside: a signed checkpoint saved earlier, a lab receipt, or an"
                + " opened package manifest (repeatable).")
    List<Path> checkpoints = new ArrayList<>();

    @Override
    public Integer call() {
      LogCheck check;
      try (AuditLog log = AuditLog.openReadOnly(db.log(data.path))) {
        check = log.verify(claimedSizes());
      }
      if (!check.intact()) {
        throw new CommandFailed(
            check.problem(), "compare with a backup; see 'prex audit show' for that event", 1);
      }
      PublicCert cert = exchangeCert();
      for (String stored : check.storedCheckpoints()) {
        try {
          ClearSigner.verify(stored, cert);
        } catch (SealException e) {
          throw new CommandFailed(
              "stored checkpoint at size "
                  + LogCheck.parseSigned(stored).size()
                  + ": "
                  + e.getMessage(),
              "the checkpoint table was changed, or --keys names another exchange");
        }
      }
      long size = check.treeSize();
      byte[] root = check.root();
      PrintWriter out = spec.commandLine().getOut();
      for (Path file : checkpoints) {
        Checkpoint cp = CheckpointFile.read(file, cert);
        if (cp.size() > size) {
          throw new CommandFailed(
              "event "
                  + (size + 1)
                  + " is missing: checkpoint "
                  + file
                  + " covers "
                  + cp.size()
                  + " events, the log holds "
                  + size
                  + " (truncated)",
              restorable(size));
        }
        List<byte[]> proof = check.consistencyProof(cp.size());
        if (!MerkleVerifier.verifyConsistency(cp.size(), size, cp.root(), root, proof)) {
          throw new CommandFailed(
              "the log's first "
                  + cp.size()
                  + " events differ from checkpoint "
                  + file
                  + " (rewritten)",
              null);
        }
        out.println("checkpoint " + file + " (size " + cp.size() + "): consistent");
      }
      out.println(
          "ok: "
              + size
              + " events intact, "
              + check.storedCheckpoints().size()
              + " stored checkpoints signed by "
              + cert.fingerprint());
      out.flush();
      return 0;
    }

    /**
     * Whether the missing events may be only what H2's crash recovery dropped on a stopped
     * exchange: the journal holds them, and the next {@code prex serve} restores them (this
     * read-only command does not).
     */
    private String restorable(long size) {
      long journalEnd = AuditLog.journalEnd(data.path);
      return journalEnd > size
          ? "the journal holds events up to "
              + journalEnd
              + ", which the database lost in a crash: start prex serve to restore them, then"
              + " verify again"
          : null;
    }

    /**
     * The sizes the --checkpoint files claim, read without checking their signatures (that comes
     * later), so that the log check prepares a consistency proof from each.
     */
    private List<Long> claimedSizes() {
      List<Long> sizes = new ArrayList<>();
      for (Path file : checkpoints) {
        Checkpoint claimed = CheckpointFile.claimed(file);
        if (claimed != null) { // else reported when the file is read and its signature checked
          sizes.add(claimed.size());
        }
      }
      return sizes;
    }

    private PublicCert exchangeCert() {
      Path file = keys.resolve("exchange/signing.pub.asc");
      try {
        return PublicCert.read(file);
      } catch (KeyFileException e) {
        throw new CommandFailed(e.getMessage(), "pass the exchange's keys folder with --keys");
      }
    }
  }

  @Command(
      name = "prove",
      mixinStandardHelpOptions = true,
      description =
          "Prints an inclusion proof of event EVENT against the latest checkpoint"
              + " (format prex-inclusion-proof/1, see README).")
  static final class Prove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "EVENT", description = "The event's sequence number.")
    long seq;

    @Mixin DataFolder data;

    @Mixin DbOption db;

    @Override
    public Integer call() {
      AuditLog.InclusionProof proof;
      try (AuditLog log = AuditLog.openReadOnly(db.log(data.path))) {
        proof = log.prove(seq);
      }
      Checkpoint cp = LogCheck.parseSigned(proof.checkpoint());
      HexFormat hex = HexFormat.of();
      PrintWriter out = spec.commandLine().getOut();
      out.println("prex-inclusion-proof/1");
      out.println("event " + proof.seq());
      out.println("leaf-index " + (proof.seq() - 1));
      out.println("leaf-hash " + hex.formatHex(proof.leafHash()));
      out.println("tree-size " + cp.size());
      for (byte[] h : proof.proof()) {
        out.println("path " + hex.formatHex(h));
      }
      out.println();
      out.print(proof.checkpoint());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "The chain of custody of one submission, item or transfer: its events, and where each"
              + " item is now.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A submission, item or transfer id.")
    String id;

    @Mixin DataFolder data;

    @Mixin DbOption db;

    @Override
    public Integer call() {
      List<AuditEvent> all;
      try (AuditLog log = AuditLog.openReadOnly(db.log(data.path))) {
        all = log.list(new AuditQuery(null, null, null, null));
      }
      TreeSet<String> items = new TreeSet<>();
      for (AuditEvent e : all) {
        if (id.equals(e.submission()) || id.equals(e.item()) || id.equals(e.transfer())) {
          // a notice's id is in the item field of its events, and so is a finding's in
          // FINDINGS_RECEIVED, but neither is an item in custody
          if (e.item() != null && !e.item().startsWith("n-") && !e.item().startsWith("f-")) {
            items.add(e.item());
          }
        }
      }
      List<AuditEvent> chain = new ArrayList<>();
      for (AuditEvent e : all) {
        if (id.equals(e.submission())
            || id.equals(e.transfer())
            || id.equals(e.item())
            || (e.item() != null && items.contains(e.item()))) {
          chain.add(e);
        }
      }
      if (chain.isEmpty()) {
        throw new CommandFailed(
            "no submission, item or transfer '" + id + "' in the log",
            "see 'prex audit list' for ids");
      }
      PrintWriter out = spec.commandLine().getOut();
      AuditFormat.write(chain, "table", out);
      out.println();
      for (Map.Entry<String, String> where : custody(chain, items).entrySet()) {
        out.println(where.getKey() + ": " + where.getValue());
      }
      TreeSet<String> submissions = new TreeSet<>();
      chain.stream().map(AuditEvent::submission).filter(s -> s != null).forEach(submissions::add);
      for (String s : submissions) {
        List<AuditEvent> own = all.stream().filter(e -> s.equals(e.submission())).toList();
        java.util.function.Function<String, List<AuditEvent>> ofFinding =
            f -> all.stream().filter(e -> f.equals(e.submission())).toList();
        for (String line : org.prex.review.ReviewSummary.lines(s, own, ofFinding)) {
          out.println(line);
        }
      }
      Map<String, TreeSet<String>> policies = new LinkedHashMap<>();
      for (AuditEvent e : chain) {
        if (e.type() == EventType.ROUTED && e.policy() != null) {
          policies.computeIfAbsent(e.policy(), k -> new TreeSet<>()).add(e.item());
        }
      }
      for (Map.Entry<String, TreeSet<String>> p : policies.entrySet()) {
        out.println(
            "routed under policy "
                + p.getKey()
                + " ("
                + String.join(", ", p.getValue())
                + "; its text: prex audit policy "
                + p.getKey()
                + ")");
      }
      out.flush();
      return 0;
    }

    private static Map<String, String> custody(List<AuditEvent> chain, TreeSet<String> items) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String item : items) {
        TreeSet<String> delivered = new TreeSet<>();
        String state = null;
        AuditEvent last = null;
        for (AuditEvent e : chain) {
          if (!item.equals(e.item())) {
            continue;
          }
          last = e;
          if (e.type() == EventType.DELIVERED) {
            delivered.add(e.agency() + " (transfer " + e.transfer() + ")");
          } else if (e.type() == EventType.QUARANTINED) {
            state = "quarantined: " + e.reason();
          } else if (e.type() == EventType.REJECTED) {
            state = "rejected: " + e.reason();
          }
        }
        if (state == null && !delivered.isEmpty()) {
          state = "delivered to " + String.join(", ", delivered);
        } else if (state == null) {
          state = "in progress (last event " + last.seq() + " " + last.type() + ")";
        }
        out.put(item, state);
      }
      return out;
    }
  }
}
