package dev.trent.core.barrier;

import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreException;
import dev.trent.crypto.ConstantTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} view that seals every value through the {@link Barrier}, so the backing store only ever sees
 * ciphertext, and that detects a store put back to an older state (rollback). Versions, preconditions, the change
 * feed and leases pass through untouched (they carry no secrets).
 *
 * <h2>Rollback detection</h2>
 *
 * <ul>
 *   <li><b>Every write has a sequence.</b> Each batch that writes gets the next <i>write sequence</i> (1, 2, ...),
 *       and every value it puts is sealed with it: the barrier binds a sealed value to its record and to the write
 *       that made it, so an older copy of a record always says it is older.
 *   <li><b>A marker in the store.</b> The record {@value #MARKER_KEY} holds the store id, the newest write sequence
 *       and a digest of which version of every record the store holds (the XOR of a keyed tag of (record, sequence)
 *       over all records). Every batch rewrites it, with a precondition on the version it had, so all writers
 *       (several processes, later several nodes) are serialised through it and sequences never repeat. Only the
 *       root key can make a marker, so a record put back, deleted or added behind Trent's back no longer matches.
 *   <li><b>A high-water mark outside the store.</b> A copy of the whole database brings its own, older, matching
 *       marker. The data directory's {@value #HIGH_WATER_FILE} ({@link HighWaterFile}) holds the newest sequence
 *       this data directory has seen committed; a store behind it was put back.
 *   <li><b>A shared store</b> ({@link Store#shared()}, PostgreSQL: several nodes, one database, each node with its
 *       own data directory): a data directory without a high-water file yet (a new node) adopts the store as it
 *       finds it, so a node joins a cluster without {@code --accept-restore}; every node that has run on the store
 *       keeps detecting a database put back behind its own high-water mark. A rollback that happens before any node
 *       with a high-water file opens the store again is not detectable from the store alone.
 *   <li><b>At open</b> every record is unsealed and the digest, the marker and the high-water mark are checked; a
 *       mismatch is a {@link RollbackDetectedException} whose message says what was found, unless the operator
 *       accepts the restore ({@link Options#acceptRestore}), which re-marks the store as it now is.
 *   <li><b>On read</b> a record older than one this view has already seen under the same key (or in the format from
 *       before the upgrade) fails closed with a {@link RollbackDetectedException}, logged once per record; a marker
 *       that went back is detected on the next write.
 * </ul>
 *
 * <p>A store of the earlier, unversioned format (no marker, every value sealed without a sequence) is upgraded at
 * open when {@link Options#upgrade} allows: every record is re-sealed with write sequence 1 in one batch. Costs: a
 * write reads the current sequence of each record it overwrites or deletes (one store read each, never on the hot
 * path, which reads no store at all) and writes one more record; reads cost nothing more than the check of a
 * number in memory.
 */
public final class SealedStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(SealedStore.class);
    static final String CANARY_KEY = "barrier/canary";
    /** The store's rollback marker record. */
    public static final String MARKER_KEY = "barrier/marker";
    /** The high-water file's name in the data directory. */
    public static final String HIGH_WATER_FILE = "rollback.marker";

    private static final byte[] CANARY = "trent barrier canary v1".getBytes(StandardCharsets.UTF_8);
    /** Writes that lose the race for the marker to another writer are retried this many times. */
    static final int MAX_MARKER_ATTEMPTS = 64;
    /** Records whose failure to read has been logged; beyond this many, failures are no longer logged. */
    private static final int MAX_REPORTED = 1024;

    /**
     * How to open a store.
     *
     * @param highWaterFile the data directory's high-water file, or null for none (a store in memory, tests)
     * @param upgrade whether a store of the earlier unversioned format may be upgraded (the server); without it such
     *     a store is refused (tools beside a running server never rewrite a store's format)
     * @param acceptRestore whether a detected rollback is accepted (a deliberate restore): the store is re-marked as
     *     it now is, and the high-water file follows
     */
    public record Options(Path highWaterFile, boolean upgrade, boolean acceptRestore) {
        /** No high-water file, upgrades allowed, nothing accepted. */
        public static Options inMemory() {
            return new Options(null, true, false);
        }
    }

    private final Store backing;
    private final Barrier barrier;
    private final HighWaterFile highWater;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The newest write sequence read or written per record key, so a read that goes back is caught. */
    private final ConcurrentHashMap<String, Long> newest = new ConcurrentHashMap<>();

    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile StoreMarker marker;

    /** Opens {@code backing} without a high-water file (see {@link Options#inMemory()}). */
    public SealedStore(Store backing, Barrier barrier) {
        this(backing, barrier, Options.inMemory());
    }

    /**
     * Opens {@code backing}: checks the root key, upgrades or initialises the marker, and checks every record
     * against the marker and the high-water file.
     *
     * @throws Barrier.BarrierException if the root key does not open the store, or a record is corrupt
     * @throws RollbackDetectedException if the store is older than its marker or the high-water file says, and
     *     {@code options.acceptRestore()} is off
     * @throws StoreException if the store is of the earlier format and {@code options.upgrade()} is off
     */
    public SealedStore(Store backing, Barrier barrier, Options options) {
        this.backing = backing;
        this.barrier = barrier;
        this.highWater = options.highWaterFile() == null ? null : new HighWaterFile(options.highWaterFile(), barrier);
        this.marker = openRacing(options);
    }

    /**
     * Opens; on a shared store, a node that lost the race to set up an empty store (another node's first batch came
     * first) opens again, now joining the store the other node made.
     */
    private StoreMarker openRacing(Options options) {
        try {
            return open(options);
        } catch (PreconditionFailedException raced) {
            if (!backing.shared()) throw raced;
            return open(options);
        }
    }

    // ------------------------------------------------------------------ opening

    private StoreMarker open(Options options) {
        // The file first, then the store: a writer updates the file only after its batch committed, so a store read
        // after the file is never legitimately behind it.
        byte[] highWaterFile = highWater == null ? null : highWater.readSealed();
        List<Entry> all = sealedRecords(backing.scan(""));
        Entry markerEntry = null;
        for (Entry e : all) {
            if (e.key().equals(MARKER_KEY)) markerEntry = e;
            if (e.key().equals(CANARY_KEY)) checkCanary(e); // a wrong root key is named as such, first
        }
        HighWaterFile.Mark mark = openHighWater(highWaterFile, options.acceptRestore());
        // sequence 0: the store id was chosen for a first batch that may not have been committed (a crash between
        // the file and the store); no evidence of any newer state, but the id to use
        byte[] pendingId = null;
        if (mark != null && mark.sequence() == 0) {
            pendingId = mark.storeId();
            mark = null;
        }
        List<Entry> records = new ArrayList<>(all);
        records.removeIf(e -> e.key().equals(MARKER_KEY));

        StoreMarker opened;
        if (markerEntry == null && records.isEmpty()) {
            if (mark != null && !options.acceptRestore()) {
                throw new RollbackDetectedException("the store is empty, but this data directory has held store "
                        + shortId(mark.storeId()) + " up to write " + mark.sequence() + " (its " + HIGH_WATER_FILE
                        + "): the database was removed or replaced by an empty one");
            }
            opened = initialize(mark, pendingId);
        } else if (markerEntry == null) {
            boolean allUnversioned = true;
            for (Entry e : records) {
                if (Barrier.sequenceOf(e.key(), e.value()) != Barrier.UNVERSIONED) allUnversioned = false;
            }
            if (allUnversioned && mark == null) {
                if (!options.upgrade()) {
                    throw new StoreException("the data directory was written by an earlier Trent (records sealed"
                            + " without write sequences): start the Trent server of this build on it once to upgrade"
                            + " it");
                }
                byte[] id = pendingId != null ? pendingId : newStoreId();
                if (highWater != null) highWater.reset(id, 0, true); // before the store's first marked batch
                opened = remark(records, null, id, 1);
                LOG.info(
                        "Upgraded {} records to sealed values with write sequences (rollback detection); store {}",
                        records.size(),
                        opened.shortId());
            } else {
                String problem = allUnversioned
                        ? "the database is a copy from before this data directory was upgraded (this data"
                                + " directory has held store " + shortId(mark.storeId()) + " up to write "
                                + mark.sequence() + ")"
                        : "the store's rollback marker record is missing";
                long floor = mark == null ? 0 : mark.sequence();
                for (Entry e : records) floor = Math.max(floor, Barrier.sequenceOf(e.key(), e.value()));
                opened = acceptOrRefuse(
                        options,
                        problem,
                        records,
                        null,
                        mark != null ? mark.storeId() : pendingId != null ? pendingId : newStoreId(),
                        floor);
            }
        } else {
            opened = verify(options, mark, markerEntry, records, pendingId);
        }
        if (highWater != null) {
            highWater.reset(opened.storeId(), opened.sequence(), mark == null || !sameMark(mark, opened));
        }
        return opened;
    }

    private static boolean sameMark(HighWaterFile.Mark mark, StoreMarker m) {
        return Arrays.equals(mark.storeId(), m.storeId()) && mark.sequence() == m.sequence();
    }

    private HighWaterFile.Mark openHighWater(byte[] sealed, boolean acceptRestore) {
        if (sealed == null) return null;
        try {
            return highWater.open(sealed);
        } catch (RollbackDetectedException e) {
            if (!acceptRestore) throw e;
            LOG.warn("{}; accepted (--accept-restore): it is written again", e.getMessage());
            return null;
        }
    }

    private void checkCanary(Entry e) {
        try {
            wipe(barrier.unseal(CANARY_KEY, e.value()));
        } catch (Barrier.BarrierException wrongKey) {
            throw new Barrier.BarrierException(
                    "the root key does not open this data directory (barrier canary check failed)");
        }
    }

    /** A new, empty store: the canary and the first marker, both at write 1 (or past the high-water mark). */
    private StoreMarker initialize(HighWaterFile.Mark mark, byte[] pendingId) {
        long seq = mark == null ? 1 : mark.sequence() + 1;
        byte[] id = mark != null ? mark.storeId() : pendingId != null ? pendingId : newStoreId();
        if (highWater != null && mark == null) highWater.reset(id, 0, true); // before the store's first batch
        byte[] digest = barrier.recordTag(CANARY_KEY, seq);
        StoreMarker m = new StoreMarker(id, seq, digest, 0);
        long rev = backing.apply(List.of(
                Mutation.create(CANARY_KEY, barrier.seal(CANARY_KEY, seq, CANARY)),
                Mutation.create(MARKER_KEY, barrier.seal(MARKER_KEY, seq, m.encode()))));
        newest.put(CANARY_KEY, seq);
        return m.withStoreVersion(rev);
    }

    /** Checks every record of a marked store against its marker and the high-water mark. */
    private StoreMarker verify(
            Options options, HighWaterFile.Mark mark, Entry markerEntry, List<Entry> records, byte[] pendingId) {
        StoreMarker m;
        try {
            m = openMarker(markerEntry);
        } catch (Barrier.BarrierException e) {
            long floor = mark == null ? 0 : mark.sequence();
            for (Entry r : records) floor = Math.max(floor, Barrier.sequenceOf(r.key(), r.value()));
            return acceptOrRefuse(
                    options,
                    "the store's rollback marker record does not open (altered)",
                    records,
                    markerEntry,
                    mark != null ? mark.storeId() : pendingId != null ? pendingId : newStoreId(),
                    floor);
        }
        byte[] digest = new byte[Barrier.TAG_LENGTH];
        long highest = m.sequence();
        int unversioned = 0;
        for (Entry e : records) {
            long seq = Barrier.sequenceOf(e.key(), e.value());
            wipe(barrier.unseal(e.key(), e.value())); // a corrupt record is a BarrierException, never accepted
            if (seq == Barrier.UNVERSIONED) {
                unversioned++;
                continue;
            }
            StoreMarker.xor(digest, barrier.recordTag(e.key(), seq));
            highest = Math.max(highest, seq);
            newest.put(e.key(), seq);
        }
        String problem = null;
        if (unversioned > 0) {
            problem = unversioned + " record(s) are in the format from before this store was upgraded: they were put"
                    + " back from an older copy";
        } else if (!ConstantTime.equals(digest, m.digest())) {
            problem = "the records do not match the store's rollback marker at write " + m.sequence()
                    + ": a record was put back from an older copy, or removed or added outside Trent";
        } else if (mark != null && !Arrays.equals(mark.storeId(), m.storeId())) {
            problem = "this data directory has held store " + shortId(mark.storeId()) + " (its " + HIGH_WATER_FILE
                    + "), but the store is " + m.shortId() + ": the database was replaced by another";
        } else if (mark != null && mark.sequence() > m.sequence()) {
            problem = "the store is at write " + m.sequence() + ", but this data directory has seen write "
                    + mark.sequence() + " (its " + HIGH_WATER_FILE + "): an older copy of the database was put back";
        } else if (mark == null && backing.shared()) {
            // A data directory new to a shared store (a node joining the cluster, or one that lost the race to set
            // the store up): it adopts the store as it finds it; from now on its high-water mark guards it.
            LOG.info("This node joins store {} at write {}", m.shortId(), m.sequence());
        } else if (pendingId != null && !Arrays.equals(pendingId, m.storeId())) {
            problem = "this data directory was setting up store " + shortId(pendingId) + " (its " + HIGH_WATER_FILE
                    + "), but the store is " + m.shortId() + ": the database was replaced by another";
        } else if (mark == null && pendingId == null && highWater != null) {
            problem = "the store has been written (up to write " + m.sequence() + ") but the data directory has no "
                    + HIGH_WATER_FILE + ": the database was copied in from elsewhere, or the file was removed";
        }
        if (problem == null) return m;
        if (mark != null) highest = Math.max(highest, mark.sequence());
        return acceptOrRefuse(options, problem, records, markerEntry, m.storeId(), highest);
    }

    private StoreMarker acceptOrRefuse(
            Options options, String problem, List<Entry> records, Entry markerEntry, byte[] storeId, long floor) {
        if (!options.acceptRestore()) throw new RollbackDetectedException(problem);
        StoreMarker m = remark(records, markerEntry, storeId, floor + 1);
        LOG.warn(
                "Accepted a restored store (--accept-restore): {}. It is marked as it is now, at write {}",
                problem,
                m.sequence());
        return m;
    }

    /**
     * Marks the store as it is: re-seals records of the unversioned format with write {@code seq}, writes a marker
     * of every record at {@code seq}. Preconditions keep every record at the version read and the marker as found.
     */
    private StoreMarker remark(List<Entry> records, Entry markerEntry, byte[] storeId, long seq) {
        List<Mutation> batch = new ArrayList<>(records.size() + 1);
        byte[] digest = new byte[Barrier.TAG_LENGTH];
        Map<String, Long> sequences = new HashMap<>();
        for (Entry e : records) {
            long s = Barrier.sequenceOf(e.key(), e.value());
            if (s == Barrier.UNVERSIONED) {
                byte[] plain = barrier.unseal(e.key(), e.value());
                try {
                    batch.add(Mutation.put(
                            e.key(), barrier.seal(e.key(), seq, plain), Precondition.version(e.version())));
                } finally {
                    wipe(plain);
                }
                s = seq;
            }
            StoreMarker.xor(digest, barrier.recordTag(e.key(), s));
            sequences.put(e.key(), s);
        }
        StoreMarker m = new StoreMarker(storeId, seq, digest, 0);
        batch.add(Mutation.put(
                MARKER_KEY,
                barrier.seal(MARKER_KEY, seq, m.encode()),
                markerEntry == null ? Precondition.ABSENT : Precondition.version(markerEntry.version())));
        long rev;
        try {
            rev = backing.apply(batch);
        } catch (PreconditionFailedException raced) {
            throw new StoreException(
                    "the store changed while it was being marked (another process wrote to it); start again", raced);
        }
        newest.putAll(sequences);
        return m.withStoreVersion(rev);
    }

    private StoreMarker openMarker(Entry e) {
        long seq = Barrier.sequenceOf(MARKER_KEY, e.value());
        byte[] plain = barrier.unseal(MARKER_KEY, e.value());
        StoreMarker m = StoreMarker.decode(plain, e.version());
        if (m.sequence() != seq) throw new Barrier.BarrierException("the store's rollback marker is malformed");
        return m;
    }

    private static byte[] newStoreId() {
        byte[] id = new byte[StoreMarker.ID_LENGTH];
        new SecureRandom().nextBytes(id);
        return id;
    }

    private static String shortId(byte[] id) {
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(id, 4));
    }

    // ------------------------------------------------------------------ reads

    /** The records the barrier seals: all but the keyring record, which opens the barrier ({@link KeyringRecord}). */
    private static List<Entry> sealedRecords(List<Entry> entries) {
        if (entries.stream().noneMatch(e -> e.key().equals(KeyringRecord.KEY))) return entries;
        List<Entry> out = new ArrayList<>(entries);
        out.removeIf(e -> e.key().equals(KeyringRecord.KEY));
        return out;
    }

    @Override
    public Optional<Entry> get(String key) {
        if (key.equals(KeyringRecord.KEY)) return Optional.empty();
        Optional<Entry> e = backing.get(key);
        return e.isEmpty() ? e : Optional.of(unseal(e.get()));
    }

    @Override
    public List<Entry> scan(String prefix) {
        List<Entry> sealed = sealedRecords(backing.scan(prefix));
        List<Entry> out = new ArrayList<>(sealed.size());
        try {
            for (Entry e : sealed) out.add(unseal(e));
        } catch (RuntimeException e) {
            for (Entry opened : out) wipe(opened.value());
            throw e;
        }
        return out;
    }

    /** Opens one entry and checks that it is not older than what this view has seen of its record. */
    private Entry unseal(Entry e) {
        String key = e.key();
        long seq;
        byte[] plain;
        try {
            seq = Barrier.sequenceOf(key, e.value());
            plain = barrier.unseal(key, e.value());
        } catch (Barrier.BarrierException failed) {
            throw reported(key, failed);
        }
        if (!key.startsWith("barrier/")) {
            try {
                checkNotOlder(key, seq);
            } catch (RollbackDetectedException rolledBack) {
                wipe(plain);
                throw rolledBack;
            }
            newest.merge(key, seq, Math::max);
        }
        return new Entry(key, plain, e.version());
    }

    /** Fails if the record {@code key} of write {@code seq} is older than what this view has read or written. */
    private void checkNotOlder(String key, long seq) {
        Long seen = newest.get(key);
        if (seq != Barrier.UNVERSIONED && (seen == null || seq >= seen)) return;
        throw reported(
                key,
                new RollbackDetectedException("rollback detected: the record '" + key + "' in the store is "
                        + (seq == Barrier.UNVERSIONED
                                ? "in the format from before the store was upgraded"
                                : "the one of write " + seq + ", older than write " + seen
                                        + " that this server has read or written")
                        + ": it was put back from an older copy; the newer state stays in use"));
    }

    /** Logs a failed record read once (one line, no stack trace), and returns the failure to throw. */
    private <T extends RuntimeException> T reported(String key, T failure) {
        if (reported.size() < MAX_REPORTED && reported.add(key)) LOG.error("{}", failure.getMessage());
        return failure;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public long apply(List<Mutation> mutations) {
        boolean writes = false;
        for (Mutation m : mutations) writes |= !m.checkOnly();
        if (!writes) return backing.apply(mutations);
        writeLock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                StoreMarker m = marker;
                long seq = m.sequence() + 1;
                byte[] digest = m.digest().clone();
                Map<String, Long> after = new HashMap<>();
                List<Mutation> sealed = new ArrayList<>(mutations.size() + 1);
                for (Mutation mu : mutations) {
                    if (mu.checkOnly()) {
                        sealed.add(mu);
                        continue;
                    }
                    String key = mu.key();
                    long before = after.containsKey(key) ? after.get(key) : currentSequence(mu);
                    if (before != Barrier.UNVERSIONED) StoreMarker.xor(digest, barrier.recordTag(key, before));
                    if (mu.isDelete()) {
                        after.put(key, Barrier.UNVERSIONED);
                        sealed.add(mu);
                    } else {
                        StoreMarker.xor(digest, barrier.recordTag(key, seq));
                        after.put(key, seq);
                        sealed.add(mu.withValue(barrier.seal(key, seq, mu.value())));
                    }
                }
                StoreMarker next = new StoreMarker(m.storeId(), seq, digest, 0);
                sealed.add(Mutation.put(
                        MARKER_KEY,
                        barrier.seal(MARKER_KEY, seq, next.encode()),
                        Precondition.version(m.storeVersion())));
                long rev;
                try {
                    rev = backing.apply(sealed);
                } catch (PreconditionFailedException lost) {
                    if (!MARKER_KEY.equals(lost.key()) || attempt >= MAX_MARKER_ATTEMPTS) throw lost;
                    reloadMarker(); // another writer (process or node) wrote meanwhile
                    barrier.refresh(); // and may have rotated the keyring: seal the retry with its active term
                    continue;
                }
                marker = next.withStoreVersion(rev);
                after.forEach((k, s) -> {
                    if (s == Barrier.UNVERSIONED) newest.remove(k);
                    else newest.merge(k, s, Math::max);
                });
                if (highWater != null) highWater.advance(seq);
                return rev;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The write sequence of the record a mutation replaces or deletes ({@link Barrier#UNVERSIONED}: none). */
    private long currentSequence(Mutation m) {
        if (m.precondition() instanceof Precondition.Absent) return Barrier.UNVERSIONED; // else the batch fails
        Optional<Entry> e = backing.get(m.key());
        if (e.isEmpty()) return Barrier.UNVERSIONED;
        long seq = Barrier.sequenceOf(m.key(), e.get().value());
        checkNotOlder(m.key(), seq); // a write never replaces a record put back from an older copy unnoticed
        return seq;
    }

    /** Re-reads the marker after another writer moved it; it must have moved forward. */
    private void reloadMarker() {
        StoreMarker known = marker;
        Optional<Entry> e = backing.get(MARKER_KEY);
        StoreMarker now;
        try {
            now = openMarker(e.orElseThrow(
                    () -> new RollbackDetectedException("the store's rollback marker record disappeared")));
        } catch (Barrier.BarrierException failed) {
            throw reported(MARKER_KEY, new RollbackDetectedException("rollback detected: " + failed.getMessage()));
        }
        if (!Arrays.equals(now.storeId(), known.storeId())) {
            throw reported(
                    MARKER_KEY,
                    new RollbackDetectedException("rollback detected: the store was replaced by another (store "
                            + now.shortId() + ", was " + known.shortId() + ")"));
        }
        if (now.sequence() < known.sequence()) {
            throw reported(
                    MARKER_KEY,
                    new RollbackDetectedException("rollback detected: the store went back from write "
                            + known.sequence() + " to write " + now.sequence() + ": an older copy was put back"));
        }
        marker = now;
    }

    // ------------------------------------------------------------------ rotation

    /**
     * Re-seals every record that is not sealed with the barrier's active keyring term, through the ordinary write
     * path ({@link #apply}: a new write sequence, the marker follows, the change feed shows the records as written),
     * {@code batchSize} records per batch, each record on the condition that it is still the version read (a record
     * written meanwhile is sealed with the active term already). Returns how many records it re-sealed; afterwards
     * the high-water file is sealed with the active term too.
     *
     * @param progress told the number re-sealed so far after each batch
     */
    public int resealToActiveTerm(int batchSize, java.util.function.IntConsumer progress) {
        int done = 0;
        while (true) {
            int active = barrier.activeTerm();
            List<Entry> pending = new ArrayList<>();
            for (Entry e : sealedRecords(backing.scan(""))) {
                if (e.key().equals(MARKER_KEY) || Barrier.termOf(e.key(), e.value()) == active) continue;
                pending.add(e);
                if (pending.size() == batchSize) break;
            }
            if (pending.isEmpty()) break;
            List<Mutation> batch = new ArrayList<>(pending.size());
            try {
                for (Entry e : pending) {
                    Entry opened = unseal(e);
                    batch.add(Mutation.put(e.key(), opened.value(), Precondition.version(e.version())));
                }
                apply(batch);
                done += pending.size();
                progress.accept(done);
            } catch (PreconditionFailedException writtenMeanwhile) {
                // written under the active term by someone else: the next scan sees it so
            } finally {
                for (Mutation m : batch) wipe(m.value());
            }
        }
        if (highWater != null) highWater.flush();
        return done;
    }

    /** Waits until the high-water file holds every write of this view (closing does too). */
    public void flushHighWater() {
        if (highWater != null) highWater.flush();
    }

    /** The newest write sequence this view knows of (the marker's). */
    public long sequence() {
        return marker.sequence();
    }

    private static void wipe(byte[] b) {
        Arrays.fill(b, (byte) 0);
    }

    // ------------------------------------------------------------------ pass-through

    @Override
    public long revision() {
        return backing.revision();
    }

    @Override
    public ChangePage changesSince(long revision, int limit) {
        return backing.changesSince(revision, limit);
    }

    @Override
    public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
        return backing.tryLease(name, holder, now, ttl);
    }

    @Override
    public void releaseLease(String name, String holder) {
        backing.releaseLease(name, holder);
    }

    @Override
    public boolean shared() {
        return backing.shared();
    }

    @Override
    public boolean reachable() {
        return backing.reachable();
    }

    @Override
    public Subscription onChange(Runnable listener) {
        return backing.onChange(listener);
    }

    /** Closes the backing store, once the high-water file holds every write of this view. */
    @Override
    public void close() {
        try {
            if (highWater != null) highWater.flush();
        } finally {
            backing.close();
        }
    }
}
