package dev.trent.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Json;
import dev.trent.core.barrier.Barrier;
import dev.trent.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private Barrier barrier;
    private final dev.trent.core.store.InMemoryStore store = new dev.trent.core.store.InMemoryStore();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T07:00:00Z"), ZoneOffset.UTC);
    private int n;

    @BeforeEach
    void setUp() {
        barrier = new Barrier(SecretBytes.random(random, 32), random);
    }

    private AuditJournal open() {
        return AuditJournal.open(
                AuditJournal.Options.defaults(dir).withDigestInterval(Duration.ofDays(1)),
                AuditSigningKey.loadOrCreate(dir, store, barrier, random),
                clock);
    }

    private AuditEvent event() {
        int i = ++n;
        return () -> Json.object()
                .put("eventTime", "2026-12-01T07:00:" + String.format("%02d", i % 60) + "Z")
                .put("eventName", "Encrypt")
                .put("number", i);
    }

    @Test
    void callersAreToldOnTheirExecutorWithOneTaskPerExecutorAndBatch() throws Exception {
        ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
        java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor loop = task -> {
            tasks.incrementAndGet();
            inside.set(true);
            try {
                task.run();
            } finally {
                inside.set(false);
            }
        };
        int events = 300;
        java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(events);
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        try (AuditJournal j = open()) {
            for (int i = 0; i < events; i++) {
                j.append(event(), loop, failure -> {
                    if (failure != null || !inside.get()) wrong.incrementAndGet();
                    told.countDown();
                });
            }
            assertThat(told.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(j.durableSequence()).isEqualTo(events);
        }
        assertThat(wrong).hasValue(0);
        assertThat(tasks.get()).isBetween(1, events);
        assertThat(lines(segment(0))).hasSize(events);
        assertThat(verify().ok()).isTrue();
    }

    /** Two runs of 10 records each: two segments, two digests. */
    private void write20() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (AuditJournal j = open()) {
                List<CompletableFuture<Void>> fs = new ArrayList<>();
                for (int i = 0; i < 10; i++) fs.add(j.append(event()));
                for (CompletableFuture<Void> f : fs) f.get();
                assertThat(j.durableSequence()).isEqualTo(10L * (run + 1));
                assertThat(j.healthy()).isTrue();
            }
        }
    }

    private JournalVerifier.Report verify() throws IOException {
        return JournalVerifier.verify(dir, List.of());
    }

    private Path segment(int i) throws IOException {
        return AuditJournal.list(dir.resolve("segments"), ".jsonl").get(i);
    }

    private static List<String> lines(Path f) throws IOException {
        return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
    }

    private static void write(Path f, List<String> lines) throws IOException {
        Files.writeString(f, String.join("\n", lines) + "\n");
    }

    @Test
    void aJournalWrittenOverTwoRunsVerifies() throws Exception {
        write20();
        JournalVerifier.Report r = verify();
        assertThat(r.findings()).isEmpty();
        assertThat(r.records()).isEqualTo(20);
        assertThat(r.digests()).isEqualTo(2);
        assertThat(r.segments()).isEqualTo(2);
        assertThat(r.undigestedRecords()).isZero();
        String first = lines(segment(0)).get(0);
        assertThat(Json.parse(first.getBytes(StandardCharsets.UTF_8))
                        .path("event")
                        .path("number")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aModifiedRecordIsNamed() throws Exception {
        write20();
        Path f = segment(0);
        List<String> l = lines(f);
        l.set(2, l.get(2).replace("\"number\":3", "\"number\":33"));
        write(f, l);
        assertThat(verify().findings())
                .anySatisfy(x -> assertFinding(x, JournalVerifier.Problem.MODIFIED, f, 3, "record 3 was modified"));
    }

    @Test
    void aModifiedRecordWithARecomputedHashIsNamed() throws Exception {
        write20();
        Path f = segment(0);
        List<String> l = lines(f);
        JournalRecord r = parse(l.get(2));
        byte[] event = new String(r.event(), StandardCharsets.UTF_8)
                .replace("\"number\":3", "\"number\":33")
                .getBytes(StandardCharsets.UTF_8);
        l.set(2, new String(JournalRecord.chain(3, r.prev(), event).line(), StandardCharsets.UTF_8).strip());
        write(f, l);
        assertThat(verify().findings())
                .anySatisfy(x -> assertFinding(
                        x, JournalVerifier.Problem.MODIFIED, f, 3, "record 3 was modified and its hash recomputed"));
    }

    @Test
    void aDeletedRecordIsNamed() throws Exception {
        write20();
        Path f = segment(0);
        List<String> l = lines(f);
        l.remove(3);
        write(f, l);
        assertThat(verify().findings())
                .anySatisfy(x -> assertThat(x.toString()).contains("DELETED").contains("record 4 is missing"));
    }

    @Test
    void reorderedRecordsAreNamed() throws Exception {
        write20();
        Path f = segment(1);
        List<String> l = lines(f);
        String a = l.get(4);
        l.set(4, l.get(5));
        l.set(5, a);
        write(f, l);
        assertThat(verify().findings())
                .anySatisfy(x ->
                        assertFinding(x, JournalVerifier.Problem.REORDERED, f, 6, "record 15 comes after record 16"));
    }

    @Test
    void anInsertedCopyAndAForgedRecordAreNamed() throws Exception {
        write20();
        Path f = segment(0);
        List<String> l = lines(f);
        l.add(5, l.get(4)); // a replayed copy of record 5 after it
        write(f, l);
        assertThat(verify().findings())
                .anySatisfy(x ->
                        assertFinding(x, JournalVerifier.Problem.INSERTED, f, 6, "record 5 appears more than once"));
    }

    @Test
    void aForgedRecordChainedInIsNamed() throws Exception {
        write20();
        Path f = segment(0);
        List<String> l = lines(f);
        JournalRecord five = parse(l.get(4));
        byte[] forged =
                "{\"eventTime\":\"2026-12-01T07:00:00Z\",\"eventName\":\"Decrypt\"}".getBytes(StandardCharsets.UTF_8);
        l.add(5, new String(JournalRecord.chain(6, five.hash(), forged).line(), StandardCharsets.UTF_8).strip());
        write(f, l);
        assertThat(verify().findings())
                .anySatisfy(x ->
                        assertFinding(x, JournalVerifier.Problem.INSERTED, f, 6, "record 6 appears more than once"));
    }

    @Test
    void deletedInsertedAndModifiedFilesAreNamed() throws Exception {
        write20();
        Path s0 = segment(0);
        Path s1 = segment(1);
        Files.copy(s1, s0.resolveSibling(AuditJournal.segmentName(11).replace("11", "12")));
        Files.delete(s0);
        List<JournalVerifier.Finding> f = verify().findings();
        assertThat(f)
                .anySatisfy(x -> assertThat(x.toString())
                        .startsWith("DELETED " + s0.getFileName())
                        .contains("records 1..10"));
        assertThat(f).anySatisfy(x -> assertThat(x.toString()).startsWith("INSERTED segment-00000000000000000012"));
    }

    @Test
    void deletedAndModifiedDigestsAreNamed() throws Exception {
        write20();
        Path d1 = dir.resolve("digests").resolve(DigestFile.name(1));
        Path d2 = dir.resolve("digests").resolve(DigestFile.name(2));
        String original = Files.readString(d2);
        Files.writeString(d2, original.replace("\"lastRecordSequence\":20", "\"lastRecordSequence\":19"));
        assertThat(verify().findings())
                .anySatisfy(x -> assertThat(x.toString())
                        .startsWith("MODIFIED digests/" + d2.getFileName())
                        .contains("signature does not verify"));
        Files.writeString(d2, original);
        Files.delete(d1);
        assertThat(verify().findings())
                .anySatisfy(x -> assertThat(x.toString()).startsWith("DELETED digests/" + d1.getFileName()));
    }

    @Test
    void anotherSigningKeyIsRefused() throws Exception {
        write20();
        var other = java.security.KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair()
                .getPublic();
        assertThat(JournalVerifier.verify(dir, List.of(other)).findings())
                .anySatisfy(x -> assertThat(x.problem()).isEqualTo(JournalVerifier.Problem.UNVERIFIABLE));
        var own = AuditSigningKey.readPublicKey(Files.readString(dir.resolve(AuditSigningKey.PUBLIC_FILE)));
        assertThat(JournalVerifier.verify(dir, List.of(own)).findings()).isEmpty();
    }

    @Test
    void aTornTailIsCutAtStartAndTheChainGoesOn() throws Exception {
        AuditJournal crashed = open(); // never closed, as after kill -9: no digest
        crashed.append(event()).get();
        crashed.append(event()).get();
        Path f = segment(0);
        Files.writeString(f, "{\"seq\":3,\"prev\":\"00", StandardOpenOption.APPEND);
        try (AuditJournal j = open()) {
            assertThat(j.durableSequence()).isEqualTo(2);
            j.append(event()).get();
            assertThat(j.durableSequence()).isEqualTo(3);
        }
        assertThat(lines(f)).hasSize(2);
        assertThat(verify().findings()).isEmpty();
        assertThat(verify().records()).isEqualTo(3);
    }

    @Test
    void writesFailClosedWhenTheJournalCannotBeWrittenAndRecover() throws Exception {
        AuditJournal j = AuditJournal.open(
                AuditJournal.Options.defaults(dir)
                        .withDigestInterval(Duration.ofDays(1))
                        .withMaxSegmentBytes(1),
                AuditSigningKey.loadOrCreate(dir, store, barrier, random),
                clock);
        try {
            j.append(event()).get(); // its segment is closed at once (1 byte limit)
            Path segments = dir.resolve("segments");
            Path aside = dir.resolve("segments-aside");
            Files.move(segments, aside);
            Files.writeString(segments, "not a directory");
            assertThatThrownBy(() -> j.append(event()).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(AuditJournalException.class)
                    .hasMessageContaining("cannot write the audit journal");
            assertThat(j.healthy()).isFalse();
            Files.delete(segments);
            Files.move(aside, segments);
            j.append(event()).get();
            assertThat(j.healthy()).isTrue();
        } finally {
            j.close();
        }
        assertThat(verify().findings()).isEmpty();
    }

    private static JournalRecord parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return JournalRecord.parse(b, 0, b.length);
    }

    private static void assertFinding(
            JournalVerifier.Finding x, JournalVerifier.Problem p, Path file, int line, String text) {
        assertThat(x.problem()).isEqualTo(p);
        assertThat(x.file()).isEqualTo("segments/" + file.getFileName());
        assertThat(x.line()).isEqualTo(line);
        assertThat(x.message()).contains(text);
    }
}
