package dev.trent.sdk.internal;

import dev.trent.sdk.TrentCryptoException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A message digest that, past the first megabyte, hashes on a helper thread while the caller carries on with
 * encryption or I/O. Bytes are hashed strictly in the order they were given. The helper threads come from a
 * shared pool of daemon threads and only run while there is work, so an abandoned digest leaks nothing.
 */
public final class PipelinedDigest {
    /** Hash everything inline when false (system property {@code trent.sdk.pipelinedDigest}, default true). */
    private static final boolean PIPELINED =
            Boolean.parseBoolean(System.getProperty("trent.sdk.pipelinedDigest", "true"));

    private static final long INLINE_BYTES = PIPELINED ? 1 << 20 : Long.MAX_VALUE;
    private static final int BATCH = 1 << 18;
    private static final int BUFFERS = 3;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "trent-sdk-digest");
        t.setDaemon(true);
        return t;
    });

    private final MessageDigest md;
    private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private int allocated;
    private long inlined;
    private byte[] batch;
    private int batchLen;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    public PipelinedDigest(String algorithm) {
        try {
            this.md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new TrentCryptoException("Digest " + algorithm + " is not available", e);
        }
    }

    public void update(byte[] b, int off, int len) {
        if (inlined < INLINE_BYTES && batch == null) {
            int n = (int) Math.min((long) len, INLINE_BYTES - inlined);
            md.update(b, off, n);
            inlined += n;
            off += n;
            len -= n;
        }
        while (len > 0) {
            if (batch == null) {
                batch = takeBuffer();
                batchLen = 0;
            }
            int n = Math.min(len, BATCH - batchLen);
            System.arraycopy(b, off, batch, batchLen, n);
            batchLen += n;
            off += n;
            len -= n;
            if (batchLen == BATCH) {
                submit();
            }
        }
    }

    private byte[] takeBuffer() {
        byte[] buf = free.poll();
        if (buf != null) {
            return buf;
        }
        if (allocated < BUFFERS) {
            allocated++;
            return new byte[BATCH];
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrentCryptoException("Interrupted while hashing");
        }
    }

    private void submit() {
        byte[] buf = batch;
        int len = batchLen;
        batch = null;
        batchLen = 0;
        pending = pending.thenRunAsync(
                () -> {
                    md.update(buf, 0, len);
                    free.add(buf);
                },
                POOL);
    }

    /** Completes the hash. */
    public byte[] digest() {
        if (batch != null && batchLen > 0) {
            submit();
        }
        try {
            pending.join();
        } catch (CompletionException e) {
            throw new TrentCryptoException("Hashing failed", e.getCause());
        }
        return md.digest();
    }
}
