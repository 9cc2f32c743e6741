package org.prex.seal;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * "AES/OCB/NoPadding" as a JCA cipher over {@link Ocb}, for BouncyCastle's OpenPGP SEIPDv2 code,
 * which asks the JCA for it by that name and passes the nonce and tag length in a {@link
 * GCMParameterSpec}. One message (one AEAD chunk) per init: data is gathered until {@code doFinal},
 * as any AEAD decryption must before it may release plaintext.
 */
final class JdkOcbCipher extends CipherSpi {
  private int mode;
  private byte[] keyBytes;
  private Ocb ocb;
  private byte[] nonce;
  private final ByteArrayOutputStream aad = new ByteArrayOutputStream();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  @Override
  protected void engineSetMode(String m) throws NoSuchAlgorithmException {
    if (!m.equalsIgnoreCase("OCB")) {
      throw new NoSuchAlgorithmException("only OCB, not " + m);
    }
  }

  @Override
  protected void engineSetPadding(String padding) throws NoSuchPaddingException {
    if (!padding.equalsIgnoreCase("NoPadding")) {
      throw new NoSuchPaddingException("only NoPadding, not " + padding);
    }
  }

  @Override
  protected int engineGetBlockSize() {
    return Ocb.BLOCK;
  }

  @Override
  protected int engineGetOutputSize(int inputLen) {
    int total = data.size() + inputLen;
    return mode == Cipher.ENCRYPT_MODE ? total + Ocb.TAG : Math.max(0, total - Ocb.TAG);
  }

  @Override
  protected byte[] engineGetIV() {
    return nonce == null ? null : nonce.clone();
  }

  @Override
  protected AlgorithmParameters engineGetParameters() {
    return null;
  }

  @Override
  protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
    throw new InvalidKeyException("OCB needs a nonce: init with a GCMParameterSpec");
  }

  @Override
  protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    if (opmode != Cipher.ENCRYPT_MODE && opmode != Cipher.DECRYPT_MODE) {
      throw new InvalidAlgorithmParameterException("OCB only encrypts or decrypts");
    }
    if (!(params instanceof GCMParameterSpec spec) || spec.getTLen() != Ocb.TAG * 8) {
      throw new InvalidAlgorithmParameterException(
          "expected a GCMParameterSpec with a 128-bit tag and the OCB nonce");
    }
    byte[] iv = spec.getIV();
    if (iv.length < 1 || iv.length > 15) {
      throw new InvalidAlgorithmParameterException("an OCB nonce has 1 to 15 bytes");
    }
    byte[] encoded = key.getEncoded();
    if (!"AES".equalsIgnoreCase(key.getAlgorithm())
        || encoded == null
        || (encoded.length != 16 && encoded.length != 24 && encoded.length != 32)) {
      throw new InvalidKeyException("expected an AES key");
    }
    if (ocb == null || !Arrays.equals(keyBytes, encoded)) {
      try {
        ocb = new Ocb(new SecretKeySpec(encoded, "AES"));
      } catch (GeneralSecurityException e) {
        throw new InvalidKeyException("cannot set up AES for OCB: " + e.getMessage(), e);
      }
      keyBytes = encoded;
    }
    mode = opmode;
    nonce = iv;
    aad.reset();
    data.reset();
  }

  @Override
  protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    try {
      engineInit(opmode, key, params.getParameterSpec(GCMParameterSpec.class), random);
    } catch (java.security.spec.InvalidParameterSpecException e) {
      throw new InvalidAlgorithmParameterException(e.getMessage(), e);
    }
  }

  @Override
  protected void engineUpdateAAD(byte[] src, int offset, int len) {
    requireInit();
    if (data.size() > 0) {
      throw new IllegalStateException("associated data must come before the data");
    }
    aad.write(src, offset, len);
  }

  @Override
  protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
    requireInit();
    data.write(input, inputOffset, inputLen);
    return new byte[0];
  }

  @Override
  protected int engineUpdate(
      byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) {
    requireInit();
    data.write(input, inputOffset, inputLen);
    return 0;
  }

  @Override
  protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen)
      throws IllegalBlockSizeException, BadPaddingException {
    requireInit();
    if (input != null) {
      data.write(input, inputOffset, inputLen);
    }
    byte[] all = data.toByteArray();
    byte[] associated = aad.toByteArray();
    byte[] usedNonce = nonce;
    nonce = null; // a nonce is never used twice: init again before the next message
    aad.reset();
    data.reset();
    try {
      return mode == Cipher.ENCRYPT_MODE
          ? ocb.encrypt(usedNonce, associated, all, 0, all.length)
          : ocb.decrypt(usedNonce, associated, all, 0, all.length);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("OCB failed: " + e.getMessage(), e);
    }
  }

  @Override
  protected int engineDoFinal(
      byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
      throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
    int needed = engineGetOutputSize(input == null ? 0 : inputLen);
    if (output.length - outputOffset < needed) {
      throw new ShortBufferException("needs " + needed + " bytes of output");
    }
    byte[] result = engineDoFinal(input, inputOffset, inputLen);
    System.arraycopy(result, 0, output, outputOffset, result.length);
    return result.length;
  }

  private void requireInit() {
    if (nonce == null) {
      throw new IllegalStateException("OCB cipher not initialised with a fresh nonce");
    }
  }
}
