package org.prex.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.prex.review.document.Destroyed;
import org.prex.review.document.DocumentException;
import org.prex.review.document.ItemHash;
import org.prex.review.document.Notice;
import org.prex.review.document.SignedDocument;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;
import org.prex.seal.SigningKey;
import org.prex.text.Escapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prex notice}: the agency opens a notice from the exchange ({@code prex-notice/1}, sealed
 * like a package item; docs/formats.md) and, when it asks for destruction, certifies it with a
 * {@code prex-destroyed/1} signed by the agency.
 */
@Command(
    name = "notice",
    mixinStandardHelpOptions = true,
    description = {
      "Open and verify a notice from the exchange (notices/<id>.json.pgp) and print it.",
      "With --destroyed-by and --out, also write a prex-destroyed/1 certificate for it, signed"
          + " with the agency key, for the agency's drop-box /returns (docs/formats.md).",
      "The agency key's passphrase, if any, comes from env " + Passphrases.AGENCY + "."
    })
final class NoticeCommand implements Callable<Integer> {
  /** A notice is small; a sealed one larger than this is refused unread. */
  private static final long MAX_SEALED = 4L << 20;

  private static final int MAX_PLAIN = 2 << 20;

  @Spec CommandSpec spec;

  @Mixin AgencyKeyOptions keys;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "NOTICE.json.pgp",
      description = "The sealed notice.")
  Path in;

  @Option(
      names = "--destroyed-by",
      paramLabel = "NAME",
      description =
          "The officer who destroyed what the notice asks (free text, at most "
              + Destroyed.MAX_OFFICER
              + " characters); needs --out.")
  String destroyedBy;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Where to write the prex-destroyed/1 certificate (a new file); needs --destroyed-by.")
  Path out;

  @Override
  public Integer call() {
    if ((destroyedBy == null) != (out == null)) {
      throw new CommandFailed(
          "--destroyed-by and --out go together",
          "give both to certify destruction, or neither to read the notice",
          2);
    }
    if (destroyedBy != null) {
      try {
        Destroyed.checkOfficer(destroyedBy);
      } catch (IllegalArgumentException e) {
        throw new CommandFailed(
            "--destroyed-by: " + e.getMessage().substring("officer: ".length()),
            "a person's name: at most " + Destroyed.MAX_OFFICER + " characters, one line",
            2);
      }
      DocumentFiles.checkWritable(out, "--out");
    }
    DecryptionKey agencyKey = keys.decryptionKey();
    PublicCert exchange = keys.exchange();
    SigningKey signing = destroyedBy == null ? null : keys.signingKey();
    Notice notice = open(agencyKey, exchange);
    PrintWriter pw = spec.commandLine().getOut();
    print(notice, pw);
    if (signing != null) {
      if (!notice.action().equals("destroy")) {
        throw new CommandFailed(
            "notice " + notice.id() + " asks for no destruction; no certificate written",
            "a prex-destroyed/1 answers a notice whose action is destroy");
      }
      Destroyed destroyed =
          new Destroyed(
              notice.id(), notice.transfers(), notice.items(), Instant.now(), destroyedBy);
      try {
        DocumentFiles.writeNew(out, SignedDocument.sign(signing, destroyed.toJson()));
      } catch (IOException e) {
        throw new CommandFailed("cannot write " + out + " (" + e + ")", null);
      }
      pw.println(
          "destruction certificate ("
              + Destroyed.FORMAT
              + ") written to "
              + out
              + ": put it into /returns in the agency's drop box");
    }
    pw.flush();
    return 0;
  }

  /** Decrypts, checks the exchange's seal and clear signature, and parses the notice. */
  private Notice open(DecryptionKey agencyKey, PublicCert exchange) {
    String refused = "refused: " + in;
    String hint = "nothing unverified is shown; ask the exchange for the notice again";
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    Opener.Opened opened;
    try {
      if (Files.size(in) > MAX_SEALED) {
        throw new CommandFailed(refused + " is larger than a notice can be", hint);
      }
      try (InputStream sealed = Files.newInputStream(in)) {
        opened = Opener.open(sealed, agencyKey, exchange, new Capped(plain));
      }
    } catch (NoSuchFileException e) {
      throw new CommandFailed(in + " does not exist", "--in takes a notices/<id>.json.pgp file");
    } catch (IOException e) {
      throw new CommandFailed("cannot read " + in + " (" + e.getMessage() + ")", null);
    } catch (SealException e) {
      throw new CommandFailed(refused + ": " + e.getMessage(), hint);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(plain.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw new CommandFailed(refused + ": not UTF-8 text", hint);
    }
    Notice notice;
    try {
      SignedDocument.Verified v = SignedDocument.verify(text, exchange);
      if (!v.format().equals(Notice.FORMAT)) {
        throw new DocumentException(
            "format: '" + v.format() + "', expected '" + Notice.FORMAT + "'");
      }
      notice = Notice.parse(v.json());
    } catch (DocumentException e) {
      throw new CommandFailed(refused + ": " + e.getMessage(), hint);
    }
    if (!(notice.id() + ".json").equals(opened.fileName())) {
      throw new CommandFailed(
          refused
              + ": sealed as "
              + Escapes.controls(opened.fileName())
              + ", not as "
              + notice.id()
              + ".json",
          hint);
    }
    return notice;
  }

  private static void print(Notice n, PrintWriter pw) {
    pw.println("notice      " + n.id() + " (" + Notice.FORMAT + ", signed by the exchange)");
    pw.println("type        " + n.type());
    pw.println("issued      " + n.issued());
    pw.println("submission  " + (n.submission() == null ? "-" : n.submission()));
    pw.println("transfers   " + (n.transfers().isEmpty() ? "-" : String.join(" ", n.transfers())));
    pw.println("items       " + n.items().size());
    for (ItemHash i : n.items()) {
      pw.println("  " + i.item() + "  sha256 " + i.sha256());
    }
    pw.println("action      " + n.action() + (n.deadline() == null ? "" : " by " + n.deadline()));
    pw.println("why         " + Escapes.controls(n.why()));
  }

  /** Holds at most {@link #MAX_PLAIN} bytes: a notice is small. */
  private static final class Capped extends java.io.FilterOutputStream {
    private long count;

    Capped(ByteArrayOutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
      if (count > MAX_PLAIN) {
        throw new IOException("more than " + MAX_PLAIN + " bytes: not a notice");
      }
      out.write(b, off, len);
    }
  }
}
