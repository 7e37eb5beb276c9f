package dev.trent.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks an audit directory offline (what {@code trent audit verify} runs): the digests' signatures and their
 * chain, each digested segment file against its hash, and every record against the hash chain; and says exactly
 * which file or record was modified, deleted, reordered or inserted.
 *
 * <p>Memory is bounded: records are streamed, and only the last {@value #WINDOW} records are kept to place
 * reordered and duplicated ones. What it cannot see, like CloudTrail's validation: records appended, with a
 * recomputed chain, to segments no digest covers yet (the ones written since the last digest).
 */
public final class JournalVerifier {
    static final int WINDOW = 100_000;

    public enum Problem {
        MODIFIED,
        DELETED,
        REORDERED,
        INSERTED,
        UNVERIFIABLE
    }

    /** One finding: what is wrong, where ({@code file}, and {@code line} from 1, or 0 for the whole file). */
    public record Finding(Problem problem, String file, int line, String message) {
        @Override
        public String toString() {
            return problem + " " + file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    /** What was checked and what was found. */
    public record Report(int digests, int segments, long records, long undigestedRecords, List<Finding> findings) {
        public boolean ok() {
            return findings.isEmpty();
        }
    }

    private record Loc(String file, int line, byte[] hash, byte[] prev, boolean consistent) {}

    private final Path dir;
    private final List<PublicKey> trusted;
    private final List<Finding> findings = new ArrayList<>();

    private JournalVerifier(Path dir, List<PublicKey> trusted) {
        this.dir = dir;
        this.trusted = trusted;
    }

    /**
     * Verifies the audit directory {@code dir}. Digests are checked with {@code trusted} keys when given (the keys
     * of {@code keys/} are then ignored), else with the keys in {@code keys/}.
     */
    public static Report verify(Path dir, List<PublicKey> trusted) throws IOException {
        return new JournalVerifier(dir, trusted).run();
    }

    private Report run() throws IOException {
        Map<String, DigestFile.LogFile> listed = new HashMap<>();
        Map<String, String> listedBy = new HashMap<>();
        Map<Long, String> digestLastHash = new HashMap<>();
        List<Path> digests = AuditJournal.list(dir.resolve(DigestFile.DIR), ".json");
        long digestedUpTo = digests(digests, listed, listedBy, digestLastHash);
        Path segDir = dir.resolve(AuditJournal.SEGMENTS_DIR);
        List<Path> segments = AuditJournal.list(segDir, ".jsonl");
        for (Map.Entry<String, DigestFile.LogFile> e : listed.entrySet()) {
            Path f = segDir.resolve(e.getKey());
            DigestFile.LogFile lf = e.getValue();
            if (!Files.exists(f)) {
                add(
                        Problem.DELETED,
                        e.getKey(),
                        0,
                        "segment file listed in " + listedBy.get(e.getKey()) + " (records " + lf.firstSequence() + ".."
                                + lf.lastSequence() + ") was deleted");
            } else if (!AuditJournal.fileHash(f).equals(lf.hashValue())) {
                add(
                        Problem.MODIFIED,
                        e.getKey(),
                        0,
                        "segment file does not match its hash in " + listedBy.get(e.getKey())
                                + ": it was modified after that digest (see its records below)");
            }
        }
        for (Path f : segments) {
            String name = f.getFileName().toString();
            if (!listed.containsKey(name) && AuditJournal.segmentFirst(name) <= digestedUpTo) {
                add(
                        Problem.INSERTED,
                        name,
                        0,
                        "segment file is listed in no digest although digests cover its"
                                + " sequence numbers: it was inserted (or renamed)");
            }
        }
        long[] counts = records(segments, digestLastHash, digestedUpTo);
        return new Report(digests.size(), segments.size(), counts[0], counts[1], List.copyOf(findings));
    }

    // ------------------------------------------------------------------ digests

    private long digests(
            List<Path> digests,
            Map<String, DigestFile.LogFile> listed,
            Map<String, String> listedBy,
            Map<Long, String> digestLastHash)
            throws IOException {
        long expectedNumber = 1;
        String prevName = null;
        byte[] prevBytes = null;
        String prevSig = null;
        long upTo = 0;
        for (Path p : digests) {
            String name = p.getFileName().toString();
            long number = DigestFile.number(name);
            if (number < 0) {
                add(Problem.INSERTED, name, 0, "not a digest file name");
                continue;
            }
            if (number > expectedNumber) {
                add(
                        Problem.DELETED,
                        DigestFile.DIR + "/" + DigestFile.name(expectedNumber),
                        0,
                        "digest files "
                                + DigestFile.name(expectedNumber)
                                + (number - 1 > expectedNumber ? " to " + DigestFile.name(number - 1) : "")
                                + " were deleted (the digests go from " + prevName + " to " + name + ")");
            }
            expectedNumber = number + 1;
            String where = DigestFile.DIR + "/" + name;
            byte[] bytes = Files.readAllBytes(p);
            JsonNode d;
            try {
                d = Json.parse(bytes);
                if (!d.isObject()) throw new IllegalArgumentException();
            } catch (RuntimeException e) {
                add(Problem.MODIFIED, where, 0, "digest file is not valid JSON: it was modified");
                prevName = name;
                prevBytes = bytes;
                prevSig = null;
                continue;
            }
            String sig = signature(p, where);
            if (sig != null) checkSignature(d, bytes, sig, where);
            if (!name.equals(d.path("digestFile").asText())) {
                add(
                        Problem.REORDERED,
                        where,
                        0,
                        "digest file says it is " + d.path("digestFile").asText()
                                + ": digest files were renamed or reordered");
            }
            String statedPrev = d.path("previousDigestFile").isNull()
                    ? null
                    : d.path("previousDigestFile").asText(null);
            if (number == 1 && statedPrev != null) {
                add(
                        Problem.DELETED,
                        where,
                        0,
                        "the first digest file names a previous digest " + statedPrev
                                + ": earlier digests were deleted");
            } else if (prevName != null && number == DigestFile.number(prevName) + 1) {
                if (!prevName.equals(statedPrev)) {
                    add(
                            Problem.REORDERED,
                            where,
                            0,
                            "digest names " + statedPrev + " as its previous digest, not " + prevName);
                } else if (!JournalRecord.hex(JournalRecord.sha256().digest(prevBytes))
                        .equals(d.path("previousDigestHashValue").asText())) {
                    add(
                            Problem.MODIFIED,
                            DigestFile.DIR + "/" + prevName,
                            0,
                            "digest file does not match the hash " + name
                                    + " holds of it: it was modified or replaced");
                } else if (prevSig != null
                        && !prevSig.equals(d.path("previousDigestSignature").asText())) {
                    add(
                            Problem.MODIFIED,
                            DigestFile.DIR + "/" + prevName + ".sig",
                            0,
                            "signature does not match the one " + name + " holds of it: it was replaced");
                }
            }
            for (JsonNode f : d.path("logFiles")) {
                String file = f.path("logFile").asText();
                if (listed.containsKey(file)) {
                    add(
                            Problem.INSERTED,
                            where,
                            0,
                            "lists segment " + file + " again (already in " + listedBy.get(file) + ")");
                    continue;
                }
                listed.put(
                        file,
                        new DigestFile.LogFile(
                                file,
                                f.path("hashValue").asText(),
                                f.path("firstRecordSequence").asLong(),
                                f.path("lastRecordSequence").asLong(),
                                f.path("lastRecordHash").asText(),
                                null,
                                null));
                listedBy.put(file, where);
                digestLastHash.put(
                        f.path("lastRecordSequence").asLong(),
                        f.path("lastRecordHash").asText());
            }
            long last = d.path("lastRecordSequence").asLong();
            if (last > 0) digestLastHash.put(last, d.path("lastRecordHash").asText());
            upTo = Math.max(upTo, last);
            prevName = name;
            prevBytes = bytes;
            prevSig = sig;
        }
        return upTo;
    }

    private String signature(Path digest, String where) {
        Path sigFile = digest.resolveSibling(
                DigestFile.signatureName(digest.getFileName().toString()));
        try {
            if (!Files.exists(sigFile)) {
                add(Problem.DELETED, where + ".sig", 0, "the digest's signature file was deleted");
                return null;
            }
            String s = Json.parse(Files.readAllBytes(sigFile)).path("signature").asText(null);
            if (s == null) throw new IllegalArgumentException();
            return s;
        } catch (IOException | RuntimeException e) {
            add(Problem.MODIFIED, where + ".sig", 0, "the digest's signature file is unreadable: it was modified");
            return null;
        }
    }

    private void checkSignature(JsonNode d, byte[] bytes, String sigHex, String where) {
        String fp = d.path("digestPublicKeyFingerprint").asText();
        PublicKey key = key(fp);
        if (key == null) {
            add(
                    Problem.UNVERIFIABLE,
                    where,
                    0,
                    "no public key with fingerprint " + fp
                            + (trusted.isEmpty() ? " in keys/" : " among the keys given"));
            return;
        }
        String prevSig = d.path("previousDigestSignature").isTextual()
                ? d.path("previousDigestSignature").asText()
                : null;
        byte[] sig;
        try {
            sig = JournalRecord.hexBytes(sigHex);
        } catch (IllegalArgumentException e) {
            sig = new byte[0];
        }
        if (!AuditSigningKey.verify(key, DigestFile.dataToSign(d, bytes, prevSig), sig)) {
            add(
                    Problem.MODIFIED,
                    where,
                    0,
                    "the digest's signature does not verify: the digest (or its signature) was" + " modified");
        }
    }

    private PublicKey key(String fingerprint) {
        if (!trusted.isEmpty()) {
            for (PublicKey k : trusted) if (AuditSigningKey.fingerprint(k).equals(fingerprint)) return k;
            return null;
        }
        if (!fingerprint.matches("[0-9a-f]{64}")) return null;
        Path f = dir.resolve(AuditSigningKey.KEYS_DIR).resolve(fingerprint + ".pub");
        try {
            PublicKey k = AuditSigningKey.readPublicKey(Files.readString(f));
            return AuditSigningKey.fingerprint(k).equals(fingerprint) ? k : null;
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ records

    /** Streams every record of every segment in order; returns {records, undigested records}. */
    private long[] records(List<Path> segments, Map<Long, String> digestLastHash, long digestedUpTo)
            throws IOException {
        Map<Long, List<Loc>> window = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, List<Loc>> eldest) {
                return size() > WINDOW;
            }
        };
        TreeMap<Long, Long> missing = new TreeMap<>(); // start -> end of runs of absent sequence numbers
        long maxSeen = 0;
        long count = 0;
        long undigested = 0;
        String lastWhere = null;
        for (int s = 0; s < segments.size(); s++) {
            Path p = segments.get(s);
            String file = AuditJournal.SEGMENTS_DIR + "/" + p.getFileName();
            byte[] all = Files.readAllBytes(p);
            int start = 0;
            int line = 0;
            while (start < all.length) {
                int nl = start;
                while (nl < all.length && all[nl] != '\n') nl++;
                line++;
                if (nl == all.length) {
                    add(
                            s == segments.size() - 1 ? Problem.UNVERIFIABLE : Problem.MODIFIED,
                            file,
                            line,
                            "the last line is incomplete (a write cut short by a crash; the server cuts it off at"
                                    + " its next start)");
                    break;
                }
                JournalRecord r;
                try {
                    r = JournalRecord.parse(all, start, nl);
                } catch (RuntimeException e) {
                    add(Problem.MODIFIED, file, line, "the line is not a journal record: it was modified");
                    start = nl + 1;
                    continue;
                }
                start = nl + 1;
                count++;
                if (r.seq() > digestedUpTo) undigested++;
                Loc loc = new Loc(file, line, r.hash(), r.prev(), r.selfConsistent());
                if (!loc.consistent()) {
                    add(
                            Problem.MODIFIED,
                            file,
                            line,
                            "record " + r.seq() + " was modified: its content does not match" + " its hash");
                }
                String expectedByDigest = digestLastHash.get(r.seq());
                if (expectedByDigest != null
                        && loc.consistent()
                        && !expectedByDigest.equals(JournalRecord.hex(r.hash()))) {
                    add(
                            Problem.MODIFIED,
                            file,
                            line,
                            "record " + r.seq() + " does not match the hash a digest holds"
                                    + " of it: it (or a record before it) was modified and the chain recomputed");
                }
                List<Loc> seen = window.get(r.seq());
                if (seen != null) {
                    seen.add(loc);
                    continue; // decided when the next record links to one of them
                }
                if (r.seq() <= maxSeen && !removeMissing(missing, r.seq())) {
                    add(
                            Problem.INSERTED,
                            file,
                            line,
                            "record " + r.seq() + " appears again, long after its first"
                                    + " appearance: it was inserted");
                    continue;
                }
                if (r.seq() < maxSeen) {
                    add(
                            Problem.REORDERED,
                            file,
                            line,
                            "record " + r.seq() + " comes after record " + maxSeen + ": records were reordered");
                } else if (r.seq() > maxSeen + 1) {
                    missing.put(maxSeen + 1, r.seq() - 1);
                }
                List<Loc> here = new ArrayList<>(1);
                here.add(loc);
                window.put(r.seq(), here);
                checkLink(r, loc, window);
                maxSeen = Math.max(maxSeen, r.seq());
                lastWhere = file + ":" + line;
            }
        }
        for (Map.Entry<Long, List<Loc>> e : window.entrySet()) {
            if (e.getValue().size() > 1) reportDuplicates(e.getKey(), e.getValue(), null);
        }
        for (Map.Entry<Long, Long> m : missing.entrySet()) {
            long a = m.getKey();
            long b = m.getValue();
            add(
                    Problem.DELETED,
                    AuditJournal.SEGMENTS_DIR,
                    0,
                    (a == b ? "record " + a + " is" : "records " + a + ".." + b + " are") + " missing: deleted");
        }
        if (digestedUpTo > maxSeen) {
            add(
                    Problem.DELETED,
                    AuditJournal.SEGMENTS_DIR,
                    0,
                    "records " + (maxSeen + 1) + ".." + digestedUpTo + " are covered by digests but missing: deleted"
                            + (lastWhere == null ? "" : " (after " + lastWhere + ")"));
        }
        return new long[] {count, undigested};
    }

    /** Checks that {@code r} links to the record before it; settles a duplicated predecessor. */
    private void checkLink(JournalRecord r, Loc loc, Map<Long, List<Loc>> window) {
        if (r.seq() == 1) {
            if (!MessageDigest.isEqual(r.prev(), JournalRecord.GENESIS)) {
                add(
                        Problem.DELETED,
                        loc.file(),
                        loc.line(),
                        "record 1 does not start the chain: records before it" + " were deleted");
            }
            return;
        }
        List<Loc> before = window.get(r.seq() - 1);
        if (before == null) return; // missing: reported as deleted
        if (before.size() > 1) {
            reportDuplicates(r.seq() - 1, before, r.prev());
            Loc keep = before.stream()
                    .filter(b -> Arrays.equals(b.hash(), r.prev()))
                    .findFirst()
                    .orElse(before.get(0));
            before.clear();
            before.add(keep);
            return;
        }
        Loc b = before.get(0);
        if (!Arrays.equals(b.hash(), r.prev()) && b.consistent() && loc.consistent()) {
            add(
                    Problem.MODIFIED,
                    b.file(),
                    b.line(),
                    "record " + (r.seq() - 1) + " was modified and its hash" + " recomputed: record " + r.seq() + " ("
                            + loc.file() + ":" + loc.line() + ") does not link to it");
        }
    }

    /** Of the records sharing {@code seq}, the one the next record links to (else the first) is kept. */
    private void reportDuplicates(long seq, List<Loc> locs, byte[] nextPrev) {
        Loc kept = locs.get(0);
        if (nextPrev != null) {
            for (Loc l : locs) {
                if (Arrays.equals(l.hash(), nextPrev)) {
                    kept = l;
                    break;
                }
            }
        }
        for (Loc l : locs) {
            if (l == kept) continue;
            add(
                    Problem.INSERTED,
                    l.file(),
                    l.line(),
                    "record " + seq + " appears more than once (also at " + kept.file() + ":" + kept.line()
                            + "); this one is not part of the chain: it was inserted");
        }
    }

    private static boolean removeMissing(TreeMap<Long, Long> missing, long seq) {
        Map.Entry<Long, Long> e = missing.floorEntry(seq);
        if (e == null || e.getValue() < seq) return false;
        missing.remove(e.getKey());
        if (e.getKey() < seq) missing.put(e.getKey(), seq - 1);
        if (e.getValue() > seq) missing.put(seq + 1, e.getValue());
        return true;
    }

    private void add(Problem p, String file, int line, String message) {
        findings.add(new Finding(p, file, line, message));
    }
}
