package dev.trent.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A digest file of the audit journal, after CloudTrail's log file integrity validation: every digest interval
 * (hourly by default) one {@code digests/digest-<n>.json} lists the segment files closed since the previous digest,
 * each with its SHA-256 hash, and names the previous digest with the SHA-256 of its bytes and its signature; the
 * signature of a digest sits beside it in {@code digest-<n>.json.sig} (where CloudTrail puts it in the S3 object's
 * metadata) and signs CloudTrail's data-to-sign string:
 *
 * <pre>
 * digestEndTime + "\n" + "digests/" + digestFile + "\n" + hex(SHA-256(digest file bytes)) + "\n" + previousDigestSignature
 * </pre>
 *
 * ({@code previousDigestSignature} is {@code null} for the first digest, as in CloudTrail). Trent adds the record
 * sequence numbers and chain hashes each segment ends with, so a verifier can tie the digests to the record chain.
 */
public final class DigestFile {
    public static final String DIR = "digests";
    public static final String HASH_ALGORITHM = "SHA-256";

    private DigestFile() {}

    /** A segment file as a digest lists it. */
    public record LogFile(
            String name,
            String hashValue,
            long firstSequence,
            long lastSequence,
            String lastRecordHash,
            Instant oldestEventTime,
            Instant newestEventTime) {}

    /** The previous digest as the next one names it. */
    public record Previous(String file, String hashValue, String signature, long lastSequence, String lastRecordHash) {}

    public static String name(long number) {
        return String.format("digest-%010d.json", number);
    }

    /** The digest number of a digest file name, or -1. */
    public static long number(String fileName) {
        if (!fileName.startsWith("digest-") || !fileName.endsWith(".json")) return -1;
        try {
            return Long.parseLong(fileName.substring(7, fileName.length() - 5));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static byte[] render(
            String file,
            Instant start,
            Instant end,
            String fingerprint,
            Previous previous,
            long lastSequence,
            String lastRecordHash,
            List<LogFile> logFiles) {
        ObjectNode d = Json.object();
        d.put("digestStartTime", start.toString());
        d.put("digestEndTime", end.toString());
        d.put("digestFile", file);
        d.put("digestPublicKeyFingerprint", fingerprint);
        d.put("digestSignatureAlgorithm", AuditSigningKey.ALGORITHM);
        Instant oldest = null;
        Instant newest = null;
        for (LogFile f : logFiles) {
            if (f.oldestEventTime() != null
                    && (oldest == null || f.oldestEventTime().isBefore(oldest))) {
                oldest = f.oldestEventTime();
            }
            if (f.newestEventTime() != null
                    && (newest == null || f.newestEventTime().isAfter(newest))) {
                newest = f.newestEventTime();
            }
        }
        putTime(d, "newestEventTime", newest);
        putTime(d, "oldestEventTime", oldest);
        d.put("previousDigestFile", previous == null ? null : previous.file());
        d.put("previousDigestHashValue", previous == null ? null : previous.hashValue());
        d.put("previousDigestHashAlgorithm", previous == null ? null : HASH_ALGORITHM);
        d.put("previousDigestSignature", previous == null ? null : previous.signature());
        d.put("lastRecordSequence", lastSequence);
        d.put("lastRecordHash", lastRecordHash);
        ArrayNode files = d.putArray("logFiles");
        for (LogFile f : logFiles) {
            ObjectNode o = files.addObject();
            o.put("logFile", f.name());
            o.put("hashValue", f.hashValue());
            o.put("hashAlgorithm", HASH_ALGORITHM);
            putTime(o, "oldestEventTime", f.oldestEventTime());
            putTime(o, "newestEventTime", f.newestEventTime());
            o.put("firstRecordSequence", f.firstSequence());
            o.put("lastRecordSequence", f.lastSequence());
            o.put("lastRecordHash", f.lastRecordHash());
        }
        return Json.bytes(d);
    }

    private static void putTime(ObjectNode o, String field, Instant t) {
        o.put(field, t == null ? null : t.toString());
    }

    /** CloudTrail's data-to-sign string of a digest. */
    public static byte[] dataToSign(JsonNode digest, byte[] digestBytes, String previousSignature) {
        String s = digest.path("digestEndTime").asText() + "\n" + DIR + "/"
                + digest.path("digestFile").asText() + "\n"
                + JournalRecord.hex(JournalRecord.sha256().digest(digestBytes)) + "\n"
                + (previousSignature == null ? "null" : previousSignature);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature file's content. */
    static byte[] signatureFile(byte[] signature) {
        return Json.bytes(Json.object()
                .put("signature", JournalRecord.hex(signature))
                .put("signatureAlgorithm", AuditSigningKey.ALGORITHM));
    }

    public static String signatureName(String digestFile) {
        return digestFile + ".sig";
    }
}
