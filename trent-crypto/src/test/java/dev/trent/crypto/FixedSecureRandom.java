package dev.trent.crypto;

import java.security.SecureRandom;

/** Test-only "random" source: returns the bytes start, start+1, start+2, ... (mod 256). */
final class FixedSecureRandom extends SecureRandom {

    private int next;

    FixedSecureRandom(int start) {
        this.next = start;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) next++;
        }
    }
}
