package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.RollbackDetectedException;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.store.Store;
import dev.trent.server.pipeline.WireJson;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Backups of a store, and restores: a consistent copy of every record as the store holds it, still sealed by the
 * barrier (the file holds no key material, no plaintext), so restoring needs the same root key. Every record is
 * copied whatever it is (keys, material versions, aliases, grants, policies, identities, parameters, secrets, the
 * barrier's canary and rollback marker); leases and the change feed are not (a restored store starts a new feed,
 * and its readers load it whole).
 *
 * <p><b>Consistency.</b> The records come from one {@link Store#scan} of the whole store, which the Store SPI
 * guarantees is one snapshot (SQLite: one read statement in WAL mode, beside a running server; PostgreSQL: one
 * statement, one MVCC snapshot, beside a running cluster). The barrier's marker in the snapshot covers exactly
 * its records, and both backup (when the root key is at hand) and restore check that they match before anything
 * is written, so a backup that was cut short or altered is refused. The format is the same for every store:
 * moving from SQLite to PostgreSQL is a backup and a restore.
 *
 * <p><b>Format</b> (version 1, UTF-8 JSON lines): a header {@code {"format":"trent-backup","version":1,
 * "revision":R,"records":N,"createdAt":"..."}}, one line per record {@code {"k":KEY,"v":BASE64}}, and a trailer
 * {@code {"sha256":HEX}} over the bytes of every line before it. Written 0600, atomically.
 */
public final class Backup {
    static final String FORMAT = "trent-backup";
    static final int VERSION = 1;

    private Backup() {}

    /** What a backup holds or a restore brought back. */
    public record Summary(long records, long revision, Instant createdAt) {}

    /** A backup file that cannot be restored as it is (truncated, altered, another format). */
    public static final class BadBackupException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        BadBackupException(String message) {
            super(message);
        }
    }

    /**
     * Writes a snapshot of {@code raw} (the store as the database holds it, sealed) to {@code output}; when
     * {@code opener} is given, checks first that its records match their marker and open with the root key.
     *
     * @param opener opens the barrier of a raw store with the root key (its keyring is one of the store's records),
     *     or null not to check
     */
    public static Summary write(Store raw, Function<Store, Barrier> opener, Path output, Instant now)
            throws IOException {
        long revision = raw.revision();
        List<Store.Entry> records = raw.scan("");
        if (records.isEmpty()) {
            throw new IllegalStateException("the store holds no Trent data: there is nothing to back up");
        }
        if (opener != null) {
            try (Barrier barrier = opener.apply(new Snapshot(records))) {
                verify(records, barrier);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageDigest sha = sha256();
        ObjectNode header = WireJson.MAPPER
                .createObjectNode()
                .put("format", FORMAT)
                .put("version", VERSION)
                .put("revision", revision)
                .put("records", records.size())
                .put("createdAt", now.toString());
        line(out, sha, header);
        Base64.Encoder b64 = Base64.getEncoder();
        for (Store.Entry e : records) {
            line(
                    out,
                    sha,
                    WireJson.MAPPER.createObjectNode().put("k", e.key()).put("v", b64.encodeToString(e.value())));
        }
        out.write(WireJson.bytes(
                WireJson.MAPPER.createObjectNode().put("sha256", HexFormat.of().formatHex(sha.digest()))));
        out.write('\n');
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(output.toAbsolutePath(), out.toByteArray(), true);
        return new Summary(records.size(), revision, now);
    }

    private static void line(ByteArrayOutputStream out, MessageDigest sha, JsonNode node) {
        byte[] b = WireJson.bytes(node);
        sha.update(b);
        sha.update((byte) '\n');
        out.writeBytes(b);
        out.write('\n');
    }

    /** The records of a backup file, checked against its trailer. */
    static List<Store.Entry> read(Path input, Summary[] summary) throws IOException {
        MessageDigest sha = sha256();
        List<Store.Entry> records = new ArrayList<>();
        JsonNode header = null;
        String trailer = null;
        Base64.Decoder b64 = Base64.getDecoder();
        try (InputStream in = Files.newInputStream(input);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (trailer != null) throw bad(input, "it has lines after its checksum");
                JsonNode n;
                try {
                    n = WireJson.MAPPER.readTree(l);
                } catch (IOException e) {
                    throw bad(input, "a line is not JSON");
                }
                if (header == null) {
                    header = n;
                    if (!FORMAT.equals(n.path("format").asText())
                            || n.path("version").asInt() != VERSION) {
                        throw bad(input, "it is not a Trent backup of format version " + VERSION);
                    }
                } else if (n.has("sha256")) {
                    trailer = n.get("sha256").asText();
                    continue;
                } else {
                    try {
                        records.add(new Store.Entry(
                                n.path("k").asText(), b64.decode(n.path("v").asText()), 0));
                    } catch (IllegalArgumentException e) {
                        throw bad(input, "a record is malformed");
                    }
                }
                sha.update(l.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
        }
        if (header == null) throw bad(input, "it is empty");
        if (trailer == null) throw bad(input, "it has no checksum line (cut short?)");
        if (!HexFormat.of().formatHex(sha.digest()).equals(trailer)) throw bad(input, "its checksum does not match");
        if (header.path("records").asLong(-1) != records.size()) throw bad(input, "it lacks records");
        summary[0] = new Summary(
                records.size(),
                header.path("revision").asLong(),
                Instant.parse(header.path("createdAt").asText(Instant.EPOCH.toString())));
        return records;
    }

    private static BadBackupException bad(Path input, String why) {
        return new BadBackupException("the backup " + input + " cannot be restored: " + why);
    }

    /**
     * Restores the backup {@code input} into {@code raw}, which must be empty: checks the backup with the root key
     * first (every record opens, and the records match their marker), then writes every record in one batch, then
     * marks the data directory's high-water file ({@code highWaterFile}, null for none) with the restored store, so
     * a server on it starts without {@code --accept-restore}. Closes {@code raw} when done.
     *
     * @throws BadBackupException if the file is not a whole, unaltered backup
     * @throws Barrier.BarrierException if the root key does not open the backup
     * @throws IllegalStateException if {@code raw} is not empty
     */
    public static Summary restore(Path input, Store raw, Function<Store, Barrier> opener, Path highWaterFile)
            throws IOException {
        try (raw) {
            Summary[] summary = new Summary[1];
            List<Store.Entry> records = read(input, summary);
            try (Barrier barrier = opener.apply(new Snapshot(records))) {
                restoreInto(records, raw, barrier, highWaterFile);
            }
            return summary[0];
        }
    }

    private static void restoreInto(List<Store.Entry> records, Store raw, Barrier barrier, Path highWaterFile) {
        verify(records, barrier);
        if (raw.revision() != 0 || !raw.scan("").isEmpty()) {
            throw new IllegalStateException("the target store is not empty (at revision " + raw.revision()
                    + "): restore into an empty data directory or database");
        }
        if (highWaterFile != null && Files.exists(highWaterFile)) {
            throw new IllegalStateException("the data directory has a " + SealedStore.HIGH_WATER_FILE + " of another"
                    + " store: restore into a new data directory");
        }
        List<Store.Mutation> batch = new ArrayList<>(records.size());
        for (Store.Entry e : records) batch.add(Store.Mutation.create(e.key(), e.value()));
        raw.apply(batch);
        // Opening through the barrier checks the restored store once more; a new data directory of a store of its
        // own has no high-water mark yet: that is accepted here (a deliberate restore) and the file is written.
        // Closing it waits for the high-water file; it closes raw too (closing twice does nothing more).
        new SealedStore(raw, barrier, new SealedStore.Options(highWaterFile, false, highWaterFile != null)).close();
    }

    /** Checks records taken from a store with the root key: every record opens, and they match their marker. */
    private static void verify(List<Store.Entry> records, Barrier barrier) {
        try {
            new SealedStore(new Snapshot(records), barrier, new SealedStore.Options(null, false, false));
        } catch (RollbackDetectedException e) {
            throw new BadBackupException("the records do not match the store's rollback marker (" + e.getMessage()
                    + "): the copy is incomplete or was altered");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records in memory, read-only: what the barrier's checks of a backup read. */
    private static final class Snapshot implements Store {
        private final TreeMap<String, Entry> records = new TreeMap<>();

        Snapshot(List<Entry> entries) {
            for (Entry e : entries) records.put(e.key(), new Entry(e.key(), e.value(), 1));
        }

        @Override
        public Optional<Entry> get(String key) {
            return Optional.ofNullable(records.get(key));
        }

        @Override
        public List<Entry> scan(String prefix) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : records.tailMap(prefix, true).values()) {
                if (!e.key().startsWith(prefix)) break;
                out.add(e);
            }
            return out;
        }

        @Override
        public long apply(List<Mutation> mutations) {
            throw new UnsupportedOperationException("a backup being checked is read-only");
        }

        @Override
        public long revision() {
            return records.isEmpty() ? 0 : 1;
        }

        @Override
        public ChangePage changesSince(long revision, int limit) {
            return new ChangePage(List.of(), false, revision());
        }

        @Override
        public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
            return false;
        }

        @Override
        public void releaseLease(String name, String holder) {}

        @Override
        public void close() {}
    }
}
