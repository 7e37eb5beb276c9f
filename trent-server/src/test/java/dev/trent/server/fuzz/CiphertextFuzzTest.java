package dev.trent.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.fuzz.FuzzStats;
import dev.trent.core.fuzz.RandomJson;
import dev.trent.server.FuzzServer;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.WireJson;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzz target: Decrypt and ReEncrypt of mutated ciphertext blobs ({@link Ciphertexts}) of real keys, with the right
 * encryption context, sometimes naming the key or an algorithm: an altered blob is never decrypted (no 200), and
 * the answer is {@code InvalidCiphertextException} or another AWS 4xx, never a 5xx. An unaltered blob decrypts to
 * its plaintext. Also RSA Decrypt of random bytes.
 */
class CiphertextFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("ciphertext blobs");
    private static final FuzzServer SERVER = new FuzzServer();

    /** One Decrypt (or ReEncrypt) request of a mutated blob, and whether the blob is the original. */
    record Case(String operation, String body, boolean original, byte[] plaintext) {
        @Override
        public String toString() {
            return operation + " " + body + (original ? " (unaltered)" : "");
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(CiphertextFuzzTest::make);
    }

    private static Case make(Random r) {
        if (r.nextInt(20) == 0) {
            byte[] junk = new byte[r.nextInt(600)];
            r.nextBytes(junk);
            return new Case(
                    "Decrypt",
                    "{\"KeyId\":\"" + SERVER.rsaKeyId + "\",\"EncryptionAlgorithm\":\"RSAES_OAEP_SHA_256\","
                            + "\"CiphertextBlob\":\"" + Base64.getEncoder().encodeToString(junk) + "\"}",
                    false,
                    null);
        }
        FuzzServer.Sealed sealed = RandomJson.pick(r, SERVER.ciphertexts);
        byte[] blob = r.nextInt(20) == 0 ? sealed.blob() : Ciphertexts.mutate(r, sealed.blob(), SERVER);
        // a mutation may land on another genuine ciphertext (a splice at the header, say): that one may decrypt, if
        // it was made under the encryption context the request gives
        FuzzServer.Sealed genuine = null;
        for (FuzzServer.Sealed other : SERVER.ciphertexts) {
            if (Arrays.equals(blob, other.blob()) && other.contextJson().equals(sealed.contextJson())) genuine = other;
        }
        boolean original = genuine != null;
        StringBuilder body = new StringBuilder("{\"CiphertextBlob\":\"")
                .append(Base64.getEncoder().encodeToString(blob))
                .append("\",\"");
        String operation = r.nextInt(5) == 0 ? "ReEncrypt" : "Decrypt";
        if (operation.equals("ReEncrypt")) {
            body.append("SourceEncryptionContext\":")
                    .append(sealed.contextJson())
                    .append(",\"DestinationKeyId\":\"")
                    .append(SERVER.symmetricKeyId)
                    .append('"');
        } else {
            body.append("EncryptionContext\":").append(sealed.contextJson());
            if (r.nextInt(3) == 0)
                body.append(",\"KeyId\":\"")
                        .append(RandomJson.pick(r, SERVER.keyRefs))
                        .append('"');
            if (r.nextInt(4) == 0) body.append(",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"");
        }
        return new Case(operation, body.append('}').toString(), original, original ? genuine.plaintext() : null);
    }

    @Property
    void analteredBlobIsNeverDecryptedAndNeverA5xx(@ForAll("cases") Case c) throws Exception {
        long start = System.nanoTime();
        Outcome o = SERVER.run(SERVER.trusted, SERVER.exchange(c.operation(), c.body(), new DefaultHttpHeaders()));
        STATS.record(FuzzServer.label(o) + (c.original() ? " (unaltered)" : ""), System.nanoTime() - start);
        FuzzServer.assertWellFormed(o, c.toString());
        if (!c.original()) {
            assertThat(o.status()).as("an altered blob was accepted: %s", c).isNotEqualTo(200);
        } else if (o.status() == 200 && c.operation().equals("Decrypt")) {
            JsonNode out = WireJson.MAPPER.readTree(o.body());
            assertThat(out.get("Plaintext").binaryValue()).isEqualTo(c.plaintext());
        }
    }

    @AfterContainer
    static void report() {
        System.out.println(STATS.summary());
    }
}
