package org.prex.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;

/**
 * Encrypts with AES in OpenPGP's SEIPDv1 mode, plain CFB with a zero IV and no resynchronisation
 * (docs/formats.md, "Encryption"), the same bytes as the JDK's {@code AES/CFB/NoPadding}, about
 * twice as fast.
 *
 * <p>CFB is serial: each keystream block is the encryption of the ciphertext block before it, and
 * the JDK runs its CFB one 16-byte block per Java call. Its CBC mode runs many blocks per call on
 * AES-NI, and CBC over the plaintext computes exactly CFB's keystream: with chaining value O(i) =
 * E(C(i-1)), CBC gives E(P(i) xor O(i)) = E(C(i)) = O(i+1). So the plaintext goes through one CBC
 * cipher whose chaining value is always the current keystream block, and each ciphertext block is
 * its plaintext xor the CBC output one block earlier. No AES or mode of our own: only the JDK's
 * AES-CBC, and a xor.
 */
final class CfbOverCbc extends OutputStream {
  static final int BLOCK = 16;

  /** Plaintext encrypted per CBC call when the caller writes large buffers. */
  static final int CHUNK = 1 << 16;

  /** Eight bytes at a time: a byte loop here costs as much as the AES. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final OutputStream out;
  private final Cipher cbc;

  /** The current keystream block: E(previous ciphertext block), E(IV) at the start. */
  private final byte[] keystream = new byte[BLOCK];

  /** The plaintext of the block in progress, when a write ends inside a block. */
  private final byte[] partial = new byte[BLOCK];

  /** Bytes of the block in progress already encrypted (0 at a block boundary). */
  private int filled;

  /**
   * CBC output and cipher text of one call: sized to the longest write so far, up to {@link
   * #CHUNK}, so that a small message (a manifest, a model card) neither allocates nor wipes 128
   * KiB.
   */
  private byte[] chained = new byte[BLOCK];

  private byte[] cipherText = new byte[BLOCK];
  private final byte[] one = new byte[1];
  private boolean closed;

  /** A stream that encrypts into {@code out} under {@code key}, an AES key. */
  CfbOverCbc(OutputStream out, SecretKey key) throws GeneralSecurityException {
    this.out = out;
    this.cbc = Cipher.getInstance("AES/CBC/NoPadding");
    cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[BLOCK]));
    // With a zero chaining value, CBC of a zero block is E(0): CFB's first keystream block for a
    // zero IV; and the chaining value is now that block.
    encryptBlocks(new byte[BLOCK], 0, BLOCK, keystream);
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the encrypting stream is closed");
    }
    while (len > 0) {
      int n =
          filled > 0 || len < BLOCK ? writePartial(b, off, len) : writeBlocks(b, off, len & -BLOCK);
      off += n;
      len -= n;
    }
  }

  /** Encrypts up to the end of the block in progress; returns how many bytes it took. */
  private int writePartial(byte[] b, int off, int len) throws IOException {
    int n = Math.min(len, BLOCK - filled);
    for (int i = 0; i < n; i++) {
      partial[filled + i] = b[off + i];
      cipherText[i] = (byte) (b[off + i] ^ keystream[filled + i]);
    }
    out.write(cipherText, 0, n);
    filled += n;
    if (filled == BLOCK) {
      encryptBlocks(partial, 0, BLOCK, keystream);
      filled = 0;
    }
    return n;
  }

  /** Encrypts whole blocks from a block boundary, up to {@link #CHUNK}; returns how many bytes. */
  private int writeBlocks(byte[] b, int off, int whole) throws IOException {
    int n = Math.min(whole, CHUNK);
    if (chained.length < n) {
      grow(n);
    }
    encryptBlocks(b, off, n, chained);
    for (int i = 0; i < BLOCK; i += Long.BYTES) {
      LONGS.set(cipherText, i, (long) LONGS.get(b, off + i) ^ (long) LONGS.get(keystream, i));
    }
    for (int i = BLOCK; i < n; i += Long.BYTES) {
      LONGS.set(cipherText, i, (long) LONGS.get(b, off + i) ^ (long) LONGS.get(chained, i - BLOCK));
    }
    System.arraycopy(chained, n - BLOCK, keystream, 0, BLOCK);
    out.write(cipherText, 0, n);
    return n;
  }

  /** Room for {@code n} bytes, at least twice the old; the old arrays wiped. */
  private void grow(int n) {
    int size = Math.min(CHUNK, Math.max(n, 2 * chained.length));
    Arrays.fill(chained, (byte) 0);
    Arrays.fill(cipherText, (byte) 0);
    chained = new byte[size];
    cipherText = new byte[size];
  }

  private void encryptBlocks(byte[] in, int off, int len, byte[] into) {
    try {
      if (cbc.update(in, off, len, into, 0) != len) {
        throw new IllegalStateException("AES-CBC returned a short block run");
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException("AES-CBC output buffer too small", e);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Closes {@code out}; CFB has nothing to finish, every byte written is already encrypted. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    // what the last writes left behind can give back their plaintext (cipher text xor keystream)
    Arrays.fill(partial, (byte) 0);
    Arrays.fill(cipherText, (byte) 0);
    Arrays.fill(chained, (byte) 0);
    Arrays.fill(keystream, (byte) 0);
    one[0] = 0;
    out.close();
  }
}
