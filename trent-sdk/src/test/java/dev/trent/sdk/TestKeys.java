package dev.trent.sdk;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

/** Shared key material for tests (generated once per JVM). */
public final class TestKeys {
    public static final byte[] AES_256 = bytes(32, 1);
    public static final byte[] AES_128 = bytes(16, 2);
    public static final byte[] AES_192 = bytes(24, 3);
    private static KeyPair rsa;

    private TestKeys() {}

    public static synchronized KeyPair rsa() {
        if (rsa == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(3072, new SecureRandom());
                rsa = g.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return rsa;
    }

    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
