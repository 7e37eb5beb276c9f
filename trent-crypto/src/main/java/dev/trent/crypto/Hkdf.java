package dev.trent.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF (RFC 5869), backed by BouncyCastle's {@link HKDFBytesGenerator}. */
public final class Hkdf {

  /** Largest output of HKDF-SHA256: 255 * 32 bytes. */
  public static final int SHA256_MAX_LENGTH = 255 * 32;

  private Hkdf() {}

  /**
   * HKDF-SHA256 extract-and-expand.
   *
   * <p>Note: BouncyCastle copies {@code ikm} internally and those copies cannot be zeroed; the
   * returned array is owned by the caller, who should zero it when done.
   *
   * @param ikm input keying material; must not be null
   * @param salt optional salt; null or empty means a string of 32 zero bytes (RFC 5869 2.2)
   * @param info optional context and application specific information; null means empty
   * @param length output length in bytes, 0 to {@value #SHA256_MAX_LENGTH}
   * @return {@code length} bytes of output keying material
   */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    Objects.requireNonNull(ikm, "ikm");
    if (length < 0 || length > SHA256_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "HKDF-SHA256 length must be 0.." + SHA256_MAX_LENGTH + ", got " + length);
    }
    byte[] okm = new byte[length];
    if (length == 0) {
      return okm;
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt, info));
    generator.generateBytes(okm, 0, length);
    return okm;
  }
}
