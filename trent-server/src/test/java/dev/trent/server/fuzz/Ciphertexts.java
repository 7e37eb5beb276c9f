package dev.trent.server.fuzz;

import dev.trent.core.fuzz.RandomJson;
import dev.trent.server.FuzzServer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * Mutations of ciphertext blobs: bit flips, cuts, extensions, overwritten runs, the header of one blob on the body
 * of another, another (existing or unknown) key id, another material version, another format version, random
 * bytes. See docs/ciphertext-format.md for the layout the targeted ones aim at.
 */
final class Ciphertexts {
    private Ciphertexts() {}

    /** A mutated copy of {@code blob} (which it may, rarely, equal). */
    static byte[] mutate(Random r, byte[] blob, FuzzServer server) {
        byte[] b = blob.clone();
        switch (r.nextInt(10)) {
            case 0, 1 -> {
                int flips = 1 + r.nextInt(3);
                for (int i = 0; i < flips; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> {
                byte[] more = new byte[1 + r.nextInt(r.nextInt(10) == 0 ? 6000 : 40)];
                r.nextBytes(more);
                byte[] out = Arrays.copyOf(b, b.length + more.length);
                System.arraycopy(more, 0, out, b.length, more.length);
                b = out;
            }
            case 4 -> {
                int at = r.nextInt(b.length);
                int n = Math.min(b.length - at, 1 + r.nextInt(16));
                for (int i = 0; i < n; i++) b[at + i] = (byte) r.nextInt(256);
            }
            case 5 -> {
                byte[] other = RandomJson.pick(r, server.ciphertexts).blob();
                int cut = r.nextInt(Math.min(b.length, other.length));
                byte[] out = Arrays.copyOf(b, cut + other.length - cut);
                System.arraycopy(other, cut, out, cut, other.length - cut);
                b = out;
            }
            case 6 -> {
                UUID id = r.nextBoolean()
                        ? UUID.fromString(RandomJson.pick(
                                r,
                                server.keyRefs.stream()
                                        .filter(k -> k.length() == 36)
                                        .toList()))
                        : UUID.randomUUID();
                ByteBuffer.wrap(b, 1, 16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            }
            case 7 ->
                ByteBuffer.wrap(b, 17, 4).putInt(RandomJson.pick(r, java.util.List.of(0, 2, -1, Integer.MAX_VALUE)));
            case 8 -> b[0] = (byte) (int) RandomJson.pick(r, java.util.List.of(0, 2, 0x7f, 0xff));
            default -> {
                b = new byte[r.nextInt(200)];
                r.nextBytes(b);
            }
        }
        return b;
    }
}
