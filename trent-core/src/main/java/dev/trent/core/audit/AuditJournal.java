package dev.trent.core.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit journal: an append-only, hash-chained, group-committed record of events in {@code <audit-dir>}.
 *
 * <pre>
 * &lt;audit-dir&gt;/segments/segment-&lt;first sequence&gt;.jsonl   one {@link JournalRecord} per line
 * &lt;audit-dir&gt;/digests/digest-&lt;n&gt;.json(.sig)            signed {@link DigestFile}s, one per interval
 * &lt;audit-dir&gt;/signing-key.pub, keys/&lt;fingerprint&gt;.pub   the {@link AuditSigningKey} (public)
 * </pre>
 *
 * <p>{@link #append} queues an event and tells its caller once the event is on disk: one writer thread takes whatever
 * has queued, renders and chains it, writes it with one {@code write} and one {@code fsync} (group commit), then
 * tells every caller of the batch, with one task per executor the callers named (an event loop answers all of its
 * requests of a batch in one go). A response sent after that is never lost by a crash. When the write fails the batch's futures fail with an {@link AuditJournalException} (the requests
 * fail closed); the next batch tries again on a new segment. When the queue is full, callers wait for room (events
 * are never dropped) up to {@link Options#queueWait}, then fail closed.
 *
 * <p>A segment is never appended to once closed: a new one starts at each start-up, at each digest and when a
 * segment reaches {@link Options#maxSegmentBytes}. At start-up, a torn last line (a batch cut by a crash before its
 * fsync, so never acknowledged) is cut off.
 */
public final class AuditJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditJournal.class);
    public static final String SEGMENTS_DIR = "segments";
    private static final int MAX_BATCH = 4096;

    /**
     * @param dir the audit directory
     * @param digestInterval how often a signed digest is written (and the current segment closed)
     * @param maxSegmentBytes the size at which a segment is closed and a new one started
     * @param fsync whether each batch is forced to disk before its requests are answered (turn off only for tests
     *     and benchmarks: a crash may then lose acknowledged events)
     * @param queueCapacity how many events may wait for the writer
     * @param queueWait how long a caller waits for room in a full queue before its request fails
     */
    public record Options(
            Path dir,
            Duration digestInterval,
            long maxSegmentBytes,
            boolean fsync,
            int queueCapacity,
            Duration queueWait) {
        public static Options defaults(Path dir) {
            return new Options(dir, Duration.ofHours(1), 64L << 20, true, 65_536, Duration.ofSeconds(10));
        }

        public Options withDigestInterval(Duration d) {
            return new Options(dir, d, maxSegmentBytes, fsync, queueCapacity, queueWait);
        }

        public Options withFsync(boolean f) {
            return new Options(dir, digestInterval, maxSegmentBytes, f, queueCapacity, queueWait);
        }

        public Options withMaxSegmentBytes(long m) {
            return new Options(dir, digestInterval, m, fsync, queueCapacity, queueWait);
        }
    }

    /** A segment file as the journal knows it (its times and sequence range; for look-ups to skip files). */
    public record Segment(String name, long firstSequence, long lastSequence, Instant oldest, Instant newest) {}

    /** Told of each event once it is durable (on the writer thread, in sequence order). */
    @FunctionalInterface
    public interface Listener {
        void committed(long seq, EventAttributes event, String segment, long offset, int length);
    }

    /**
     * An event waiting for the writer, and whom to tell once it is durable ({@code then}, null for nobody), where
     * ({@code where}, null for the writer thread itself).
     */
    private record Pending(AuditEvent event, Executor where, Consumer<Throwable> then) {
        void done(Throwable failure) {
            if (then == null) return;
            try {
                then.accept(failure);
            } catch (RuntimeException e) {
                LOG.warn("An audit journal caller failed", e);
            }
        }
    }

    /** A growable byte buffer whose array is read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }

    private final Options options;
    private final AuditSigningKey key;
    private final Clock clock;
    private final Path segmentsDir;
    private final Path digestsDir;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private final AtomicLong durableSequence = new AtomicLong();

    // writer-thread state
    /** Buffers kept between batches up to this size (a batch of large events may grow them; then they are let go). */
    private static final int RETAINED_BUFFER = 4 << 20;

    private Buffer batchBuffer = new Buffer(256 * 1024);
    private Buffer eventBuffer = new Buffer(4096);
    private final MessageDigest sha = JournalRecord.sha256();
    private long lastSeq;
    private byte[] lastHash;
    private FileChannel current;
    private String currentName;
    private long currentSize;
    private long currentFirst;
    private Instant currentOldest;
    private Instant currentNewest;
    private final List<DigestFile.LogFile> undigested = new ArrayList<>();
    private DigestFile.Previous previousDigest;
    private long nextDigestNumber;
    private Instant digestStart;
    private Instant nextDigestAt;

    private AuditJournal(Options options, AuditSigningKey key, Clock clock) throws IOException {
        this.options = options;
        this.key = key;
        this.clock = clock;
        this.segmentsDir = options.dir().resolve(SEGMENTS_DIR);
        this.digestsDir = options.dir().resolve(DigestFile.DIR);
        Files.createDirectories(segmentsDir);
        Files.createDirectories(digestsDir);
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        recover();
        this.writer =
                Thread.ofPlatform().name("trent-audit-writer").daemon(true).unstarted(this::writeLoop);
    }

    /** Opens (or creates) the journal in {@code options.dir()} and starts its writer. */
    public static AuditJournal open(Options options, AuditSigningKey key, Clock clock) {
        try {
            AuditJournal j = new AuditJournal(options, key, clock);
            j.writer.start();
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the audit journal in " + options.dir() + ": " + e.getMessage(), e);
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * Queues {@code event}; the future completes when it is durable, or fails with an {@link AuditJournalException}
     * when it could not be written. Throws that exception at once when the journal is closed or its queue stays
     * full.
     */
    public CompletableFuture<Void> append(AuditEvent event) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        append(event, null, e -> {
            if (e == null) f.complete(null);
            else f.completeExceptionally(e);
        });
        return f;
    }

    /**
     * Queues {@code event}; once it is durable {@code then} gets null, or the {@link AuditJournalException} when it
     * could not be written. {@code then} runs on {@code where} (one task per executor per batch), or on the writer
     * thread when {@code where} is null; a null {@code then} waits for nothing. Throws that exception at once when
     * the journal is closed or its queue stays full.
     */
    public void append(AuditEvent event, Executor where, Consumer<Throwable> then) {
        Pending p = new Pending(event, where, then);
        if (!running) throw new AuditJournalException("the audit journal is closed", null);
        if (!queue.offer(p)) {
            try {
                if (!queue.offer(p, options.queueWait().toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AuditJournalException(
                            "the audit journal's queue stayed full for "
                                    + options.queueWait().toSeconds() + " s",
                            null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditJournalException("interrupted while waiting for the audit journal", e);
            }
        }
    }

    /** Whether the last write succeeded (for readiness checks and metrics). */
    public boolean healthy() {
        return healthy && running;
    }

    /** Why the journal is not healthy, or null. */
    public String lastError() {
        return lastError;
    }

    /** Events queued but not yet durable (the journal's lag, for metrics). */
    public int pending() {
        return queue.size();
    }

    /** The sequence number of the newest durable event. */
    public long durableSequence() {
        return durableSequence.get();
    }

    /** The segment files, oldest first (the current one included once it has records). */
    public List<Segment> segments() {
        List<Segment> out = new ArrayList<>(segments);
        String name = currentName;
        Instant oldest = currentOldest;
        if (name != null && oldest != null) {
            out.add(new Segment(name, currentFirst, durableSequence.get(), oldest, currentNewest));
        }
        return out;
    }

    public Path segmentsDir() {
        return segmentsDir;
    }

    // ---------------------------------------------------------------- start-up

    private void recover() throws IOException {
        List<Path> digests = list(digestsDir, ".json");
        Instant lastDigestEnd = null;
        long covered = 0;
        nextDigestNumber = 1;
        if (!digests.isEmpty()) {
            Path last = digests.get(digests.size() - 1);
            byte[] bytes = Files.readAllBytes(last);
            JsonNode d = Json.parse(bytes);
            JsonNode sig = Json.parse(Files.readAllBytes(last.resolveSibling(
                    DigestFile.signatureName(last.getFileName().toString()))));
            covered = d.path("lastRecordSequence").asLong();
            previousDigest = new DigestFile.Previous(
                    last.getFileName().toString(),
                    JournalRecord.hex(JournalRecord.sha256().digest(bytes)),
                    sig.path("signature").asText(),
                    covered,
                    d.path("lastRecordHash").asText());
            lastDigestEnd = Instant.parse(d.path("digestEndTime").asText());
            nextDigestNumber = DigestFile.number(last.getFileName().toString()) + 1;
            for (Path p : digests) {
                for (JsonNode f : Json.parse(Files.readAllBytes(p)).path("logFiles")) {
                    segments.add(new Segment(
                            f.path("logFile").asText(),
                            f.path("firstRecordSequence").asLong(),
                            f.path("lastRecordSequence").asLong(),
                            time(f.path("oldestEventTime")),
                            time(f.path("newestEventTime"))));
                }
            }
        }
        lastSeq = covered;
        lastHash = previousDigest == null
                ? JournalRecord.GENESIS
                : JournalRecord.hexBytes(previousDigest.lastRecordHash());
        List<Path> files = list(segmentsDir, ".jsonl");
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            long first = segmentFirst(f.getFileName().toString());
            if (first <= covered) continue;
            if (Files.size(f) == 0) {
                Files.delete(f); // made just before a crash, never written
                continue;
            }
            SegmentScan s = scan(f, i == files.size() - 1);
            if (s.lastSeq == 0) continue;
            lastSeq = s.lastSeq;
            lastHash = s.lastHash;
            undigested.add(new DigestFile.LogFile(
                    f.getFileName().toString(),
                    null,
                    first,
                    s.lastSeq,
                    JournalRecord.hex(s.lastHash),
                    s.oldest,
                    s.newest));
            segments.add(new Segment(f.getFileName().toString(), first, s.lastSeq, s.oldest, s.newest));
        }
        durableSequence.set(lastSeq);
        Instant now = clock.instant();
        digestStart = lastDigestEnd != null ? lastDigestEnd : now;
        nextDigestAt = now.plus(options.digestInterval());
    }

    private record SegmentScan(long lastSeq, byte[] lastHash, Instant oldest, Instant newest) {}

    /** Reads a segment's records; the last segment's torn tail (bytes after its last newline) is cut off. */
    private static SegmentScan scan(Path file, boolean last) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') end--;
        if (last && end < all.length) {
            LOG.warn(
                    "Audit segment {} ends in a torn record ({} bytes written by a batch a crash cut short, never"
                            + " acknowledged); cutting it off",
                    file,
                    all.length - end);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
        long lastSeq = 0;
        byte[] lastHash = null;
        Instant oldest = null;
        Instant newest = null;
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (all[i] != '\n') continue;
            try {
                JournalRecord r = JournalRecord.parse(all, start, i);
                lastSeq = r.seq();
                lastHash = r.hash();
                Instant t = time(Json.parse(r.event()).path("eventTime"));
                if (t != null) {
                    if (oldest == null || t.isBefore(oldest)) oldest = t;
                    if (newest == null || t.isAfter(newest)) newest = t;
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Audit segment {} has a line that is not a record at byte {}; `trent audit verify` tells more",
                        file,
                        start);
            }
            start = i + 1;
        }
        return new SegmentScan(lastSeq, lastHash, oldest, newest);
    }

    static Instant time(JsonNode n) {
        if (n == null || !n.isTextual()) return null;
        try {
            return Instant.parse(n.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    public static String segmentName(long firstSeq) {
        return String.format("segment-%020d.jsonl", firstSeq);
    }

    /** The first sequence number a segment file name carries, or -1. */
    public static long segmentFirst(String name) {
        if (!name.startsWith("segment-") || !name.endsWith(".jsonl")) return -1;
        try {
            return Long.parseLong(name.substring(8, name.length() - 6));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- the writer

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                long wait = Math.max(
                        1, Duration.between(clock.instant(), nextDigestAt).toMillis());
                Pending first = queue.poll(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                    batch.clear();
                }
                if (!clock.instant().isBefore(nextDigestAt)) digest();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                for (Pending p : batch) p.done(t);
                batch.clear();
                LOG.error("The audit journal writer failed", t);
            }
        }
    }

    /** Renders, chains and writes a batch, forces it to disk, then tells its listeners and callers. */
    private void write(List<Pending> batch) {
        long seq = lastSeq;
        byte[] hash = lastHash;
        Buffer buf = batchBuffer;
        buf.reset();
        List<Pending> written = new ArrayList<>(batch.size());
        List<EventAttributes> events = new ArrayList<>(batch.size());
        long[] places = new long[2 * batch.size()];
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (Pending p : batch) {
            EventAttributes attributes;
            Buffer event = eventBuffer;
            event.reset();
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(event)) {
                attributes = p.event().write(g);
            } catch (IOException | RuntimeException e) {
                p.done(new AuditJournalException("the audit event could not be rendered", e));
                LOG.error("An audit event could not be rendered", e);
                continue;
            }
            byte[] prev = hash;
            hash = JournalRecord.hash(sha, prev, ++seq, event.array(), 0, event.size());
            int at = buf.size();
            int length = JournalRecord.appendLine(buf, seq, prev, hash, event.array(), 0, event.size());
            places[2 * written.size()] = currentSize + at;
            places[2 * written.size() + 1] = length;
            written.add(p);
            events.add(attributes);
            if (attributes.time() != 0) {
                oldest = Math.min(oldest, attributes.time());
                newest = Math.max(newest, attributes.time());
            }
        }
        if (written.isEmpty()) return;
        try {
            if (current == null) {
                openSegment(lastSeq + 1);
            }
            ByteBuffer b = ByteBuffer.wrap(buf.array(), 0, buf.size());
            while (b.hasRemaining()) current.write(b);
            if (options.fsync()) current.force(false);
        } catch (IOException | RuntimeException e) {
            abandonSegment();
            healthy = false;
            lastError = "cannot write the audit journal in " + segmentsDir + ": " + e;
            AuditJournalException failure = new AuditJournalException(lastError, e);
            tell(written, failure);
            LOG.error(
                    "Cannot write the audit journal in {}: {}; requests fail until it can", segmentsDir, e.toString());
            return;
        }
        long firstOfBatch = lastSeq + 1;
        currentSize += buf.size();
        lastSeq = seq;
        lastHash = hash;
        if (oldest != Long.MAX_VALUE) {
            if (currentOldest == null || oldest < currentOldest.toEpochMilli())
                currentOldest = Instant.ofEpochMilli(oldest);
            if (currentNewest == null || newest > currentNewest.toEpochMilli())
                currentNewest = Instant.ofEpochMilli(newest);
        }
        durableSequence.set(seq);
        if (!healthy) LOG.info("The audit journal is writable again");
        healthy = true;
        lastError = null;
        // listeners first: an event can be looked up once its request is answered
        for (Listener l : listeners) {
            for (int i = 0; i < events.size(); i++) {
                try {
                    l.committed(firstOfBatch + i, events.get(i), currentName, places[2 * i], (int) places[2 * i + 1]);
                } catch (RuntimeException e) {
                    LOG.warn("An audit journal listener failed", e);
                }
            }
        }
        tell(written, null);
        if (currentSize >= options.maxSegmentBytes()) closeSegment();
        if (buf.array().length > RETAINED_BUFFER) batchBuffer = new Buffer(RETAINED_BUFFER);
        if (eventBuffer.array().length > RETAINED_BUFFER) eventBuffer = new Buffer(4096);
    }

    /**
     * Tells the callers of a batch its result: those without an executor here, the others with one task per
     * executor (so an event loop gets one task for all its requests of the batch, not one each).
     */
    private static void tell(List<Pending> batch, Throwable failure) {
        List<Executor> wheres = new ArrayList<>(4);
        List<List<Pending>> groups = new ArrayList<>(4);
        for (Pending p : batch) {
            if (p.then() == null) continue;
            if (p.where() == null) {
                p.done(failure);
                continue;
            }
            int g = wheres.indexOf(p.where());
            if (g < 0) {
                wheres.add(p.where());
                groups.add(new ArrayList<>());
                g = wheres.size() - 1;
            }
            groups.get(g).add(p);
        }
        for (int g = 0; g < wheres.size(); g++) {
            List<Pending> group = groups.get(g);
            try {
                wheres.get(g).execute(() -> {
                    for (Pending p : group) p.done(failure);
                });
            } catch (RuntimeException e) {
                // the executor is shutting down: tell them here
                for (Pending p : group) p.done(failure);
            }
        }
    }

    private void openSegment(long firstSeq) throws IOException {
        String name = segmentName(firstSeq);
        current = FileChannel.open(segmentsDir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory(segmentsDir);
        currentName = name;
        currentFirst = firstSeq;
        currentSize = 0;
        currentOldest = null;
        currentNewest = null;
    }

    /** After a failed write: cut the segment back to what was durable, or leave it for a new one. */
    private void abandonSegment() {
        if (current == null) return;
        try {
            current.truncate(currentSize);
            current.force(false);
        } catch (IOException | RuntimeException e) {
            // the next batch starts a new segment; the partial write stays in this one (verify reports it)
        }
        if (currentSize == 0) {
            try {
                current.close();
                Files.deleteIfExists(segmentsDir.resolve(currentName));
            } catch (IOException ignored) {
                // best effort
            }
            current = null;
            currentName = null;
        } else {
            closeSegment();
        }
    }

    private void closeSegment() {
        if (current == null) return;
        try {
            current.force(true);
            current.close();
        } catch (IOException e) {
            LOG.warn("Closing audit segment {} failed: {}", currentName, e.toString());
        }
        if (currentOldest != null) {
            undigested.add(new DigestFile.LogFile(
                    currentName,
                    null,
                    currentFirst,
                    lastSeq,
                    JournalRecord.hex(lastHash),
                    currentOldest,
                    currentNewest));
            segments.add(new Segment(currentName, currentFirst, lastSeq, currentOldest, currentNewest));
        }
        current = null;
        currentName = null;
        currentOldest = null;
        currentNewest = null;
        currentSize = 0;
    }

    /** Closes the current segment and writes the signed digest of the segments closed since the last one. */
    private void digest() {
        Instant end = clock.instant();
        try {
            closeSegment();
            List<DigestFile.LogFile> files = new ArrayList<>(undigested.size());
            for (DigestFile.LogFile f : undigested) {
                files.add(new DigestFile.LogFile(
                        f.name(),
                        fileHash(segmentsDir.resolve(f.name())),
                        f.firstSequence(),
                        f.lastSequence(),
                        f.lastRecordHash(),
                        f.oldestEventTime(),
                        f.newestEventTime()));
            }
            String name = DigestFile.name(nextDigestNumber);
            byte[] bytes = DigestFile.render(
                    name,
                    digestStart,
                    end,
                    key.fingerprint(),
                    previousDigest,
                    lastSeq,
                    JournalRecord.hex(lastHash),
                    files);
            String prevSig = previousDigest == null ? null : previousDigest.signature();
            byte[] signature = key.sign(DigestFile.dataToSign(Json.parse(bytes), bytes, prevSig));
            writeAtomically(digestsDir.resolve(DigestFile.signatureName(name)), DigestFile.signatureFile(signature));
            writeAtomically(digestsDir.resolve(name), bytes);
            forceDirectory(digestsDir);
            previousDigest = new DigestFile.Previous(
                    name,
                    JournalRecord.hex(JournalRecord.sha256().digest(bytes)),
                    JournalRecord.hex(signature),
                    lastSeq,
                    JournalRecord.hex(lastHash));
            nextDigestNumber++;
            undigested.clear();
            digestStart = end;
            nextDigestAt = end.plus(options.digestInterval());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write the audit digest in {}: {}; trying again in a minute", digestsDir, e.toString());
            nextDigestAt = end.plus(Duration.ofMinutes(1));
        }
    }

    static String fileHash(Path file) throws IOException {
        MessageDigest sha = JournalRecord.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[64 * 1024];
            int n;
            while ((n = in.read(b)) > 0) sha.update(b, 0, n);
        }
        return JournalRecord.hex(sha.digest());
    }

    private void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            if (options.fsync()) ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private void forceDirectory(Path dir) {
        if (!options.fsync()) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every platform can sync a directory
        }
    }

    /**
     * Stops the writer once the queue is drained, closes the current segment and writes a last digest (on this
     * thread, the writer being stopped).
     */
    @Override
    public void close() {
        if (!running) return;
        running = false; // the writer sees it within a second (never interrupted: that would close its file)
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done(new AuditJournalException("the audit journal is closed", null));
        }
        if (current != null || !undigested.isEmpty()) digest();
    }
}
