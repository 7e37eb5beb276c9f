package dev.trent.core.barrier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The high-water mark kept outside the store, in the data directory: the store id and the newest write sequence
 * this data directory has seen committed. A copy of the whole database put back from an older backup carries an
 * older marker of its own; only this file, which the copy did not replace, tells that the database went back.
 *
 * <p>The file is sealed by the barrier (identity {@code "file:" + name}, sealed with the sequence it records plus one),
 * so it cannot be forged without the root key. Sequence 0 means "this store id, nothing committed yet": it is written
 * before a new or upgraded store's first batch, so a crash between the two leaves no false alarm. It only ever records sequences the store has durably committed, so it is
 * never ahead of the store after a crash; it may lag by the writes of the last moment (see {@link #advance}), which
 * only narrows what is detected, never makes a false alarm.
 *
 * <p>Writes are atomic (a temporary file, forced to disk, renamed over the old one), made off the store writer's
 * thread and coalesced ({@link #advance}), so the file may lag the store by the writes of the last few milliseconds
 * (until {@link #flush}, which closing the store does). Two processes writing at once (the server and an admin
 * command) may leave the lower of their two values, which is safe.
 */
final class HighWaterFile {
    private static final Logger LOG = LoggerFactory.getLogger(HighWaterFile.class);
    private static final int MAGIC = 0x54524831; // "TRH1"
    private static final int LENGTH = 4 + StoreMarker.ID_LENGTH + Long.BYTES;

    /** What the file says. */
    record Mark(byte[] storeId, long sequence) {}

    private final Path file;
    private final Barrier barrier;
    private final String identity;
    private final AtomicLong target = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile byte[] storeId;
    private volatile long written; // written only by the holder of writing

    HighWaterFile(Path file, Barrier barrier) {
        this.file = file;
        this.barrier = barrier;
        this.identity = "file:" + file.getFileName();
    }

    Path path() {
        return file;
    }

    /** The file's sealed bytes, or null if there is none (opened later by {@link #open}). */
    byte[] readSealed() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the rollback marker " + file, e);
        }
    }

    /**
     * Opens what {@link #readSealed} read.
     *
     * @throws RollbackDetectedException if it does not open (altered, or sealed under another root key)
     */
    Mark open(byte[] sealed) {
        byte[] plain;
        try {
            plain = barrier.unseal(identity, sealed);
        } catch (Barrier.BarrierException e) {
            throw new RollbackDetectedException("the rollback marker " + file + " does not open with this root key"
                    + " (altered, or from another data directory)");
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        if (plain.length != LENGTH || b.getInt() != MAGIC) {
            throw new RollbackDetectedException("the rollback marker " + file + " is malformed");
        }
        byte[] id = new byte[StoreMarker.ID_LENGTH];
        b.get(id);
        long sequence = b.getLong();
        if (sequence < 0 || sequence + 1 != Barrier.sequenceOf(identity, sealed)) {
            throw new RollbackDetectedException("the rollback marker " + file + " is malformed");
        }
        return new Mark(id, sequence);
    }

    /**
     * Makes later {@link #advance} calls record store {@code id} from {@code sequence} on, and writes that now if
     * {@code write} (else the file says it already). Called once, at open, before any {@link #advance}.
     */
    void reset(byte[] id, long sequence, boolean write) {
        storeId = id.clone();
        target.set(sequence);
        if (write) write(sequence);
        synchronized (this) {
            written = sequence;
        }
    }

    /**
     * Records that the store has committed {@code sequence}. The file is written off the caller's thread (a write
     * forces the file to disk, which would double the latency of every store write): by a writer thread started
     * when none runs, which writes the newest sequence until it has caught up, so a burst of writes costs few file
     * writes. {@link #flush} waits for it.
     */
    void advance(long sequence) {
        target.accumulateAndGet(sequence, Math::max);
        if (written < target.get() && writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("trent-rollback-marker").start(this::drain);
        }
    }

    private void drain() {
        while (true) {
            try {
                for (long t = target.get(); written < t; t = target.get()) {
                    write(t);
                    synchronized (this) {
                        written = t;
                        notifyAll();
                    }
                }
            } finally {
                writing.set(false);
            }
            // a sequence that came after the last look, while this writer was stopping, is this writer's to write
            if (written >= target.get() || !writing.compareAndSet(false, true)) return;
        }
    }

    /** Waits (up to 10 s) until every sequence {@link #advance}d so far is in the file, or has failed to be. */
    void flush() {
        long t = target.get();
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (this) {
            while (written < t && !failing.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(long sequence) {
        byte[] plain = ByteBuffer.allocate(LENGTH)
                .putInt(MAGIC)
                .put(storeId)
                .putLong(sequence)
                .array();
        byte[] sealed = barrier.seal(identity, sequence + 1, plain); // sealed with sequence + 1: 0 is a valid mark
        Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(sealed));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (failing.compareAndSet(true, false)) LOG.info("The rollback marker {} is written again", file);
        } catch (IOException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn(
                        "Cannot write the rollback marker {} ({}); a restore of an older database copy may go"
                                + " unnoticed until it can be written",
                        file,
                        e.toString());
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next write tries again; a stray temporary file holds nothing secret
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
