package dev.trent.sdk.internal;

import dev.trent.sdk.TrentCryptoException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF (RFC 5869) on top of the JDK's HMAC. */
public final class Hkdf {
    private final String macAlgorithm;
    private final byte[] prk;

    private Hkdf(String macAlgorithm, byte[] prk) {
        this.macAlgorithm = macAlgorithm;
        this.prk = prk;
    }

    /** Extract step. A null or empty salt means a salt of hash-length zero bytes. */
    public static Hkdf extract(String macAlgorithm, byte[] salt, byte[] ikm) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            byte[] s = (salt == null || salt.length == 0) ? new byte[mac.getMacLength()] : salt;
            mac.init(new SecretKeySpec(s, macAlgorithm));
            return new Hkdf(macAlgorithm, mac.doFinal(ikm));
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("HKDF extract failed", e);
        }
    }

    /** Expand step producing {@code length} bytes. */
    public byte[] expand(byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(prk, macAlgorithm));
            int hashLen = mac.getMacLength();
            if (length > 255 * hashLen) {
                throw new IllegalArgumentException("HKDF output too long");
            }
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int pos = 0;
            for (int i = 1; pos < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                byte[] next = mac.doFinal();
                Arrays.fill(t, (byte) 0);
                t = next;
                int n = Math.min(hashLen, length - pos);
                System.arraycopy(t, 0, out, pos, n);
                pos += n;
            }
            Arrays.fill(t, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("HKDF expand failed", e);
        }
    }

    /** Zeroes the pseudorandom key. */
    public void destroy() {
        Arrays.fill(prk, (byte) 0);
    }
}
