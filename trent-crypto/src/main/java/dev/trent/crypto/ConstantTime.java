package dev.trent.crypto;

import java.security.MessageDigest;

/** Constant-time comparisons for MACs, tags and other secret-dependent values. */
public final class ConstantTime {

    private ConstantTime() {}

    /**
     * Compares two byte arrays in time that depends only on their lengths, not on their content
     * (delegates to {@link MessageDigest#isEqual(byte[], byte[])}). Two {@code null}s are equal; a
     * {@code null} and a non-null array are not.
     */
    public static boolean equals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
