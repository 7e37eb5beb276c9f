package dev.trent.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rough single-thread cost of {@link SigV4Verifier#verify} (not a test; run by hand):
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.trent.server.auth.SigV4VerifierBench
 * </pre>
 */
public final class SigV4VerifierBench {

    private SigV4VerifierBench() {}

    public static void main(String[] args) throws Exception {
        SigV4Verifier verifier = new SigV4Verifier(
                new TestRequests.MapLookup().put(BotocoreVectorsTest.AKID, BotocoreVectorsTest.SECRET),
                TestRequests.clockAt(BotocoreVectorsTest.NOW));
        SignedRequest small = BotocoreVectorsTest.encrypt().build();

        byte[] big = new byte[4096];
        Arrays.fill(big, (byte) 'a');
        SignedRequest sdk4k = SdkSignerCrossCheckTest.sign(
                SdkSignerCrossCheckTest.kmsPost("Encrypt", new String(big, StandardCharsets.UTF_8))
                        .build(),
                big);
        SigV4Verifier sdkVerifier = new SigV4Verifier(
                new TestRequests.MapLookup().put(SdkSignerCrossCheckTest.AKID, SdkSignerCrossCheckTest.SECRET),
                SdkSignerCrossCheckTest.CLOCK);
        SignedRequest bad = BotocoreVectorsTest.encrypt()
                .replaceHeader("X-Amz-Date", "20261123T101500Z")
                .build();

        for (int round = 0; round < 5; round++) {
            report("botocore Encrypt (57 B body)", verifier, small, 400_000);
            report("SDK v2 Encrypt (4 KiB body)", sdkVerifier, sdk4k, 200_000);
            report("expired (rejected early)", verifier, bad, 400_000);
        }
    }

    private static void report(String name, SigV4Verifier v, SignedRequest r, int n) {
        long t0 = System.nanoTime();
        int ok = 0;
        for (int i = 0; i < n; i++) {
            try {
                v.verify(r, "kms");
                ok++;
            } catch (AuthException e) {
                ok--;
            }
        }
        long dt = System.nanoTime() - t0;
        System.out.printf("%-32s %7.2f us/verify  (%d ok of %d)%n", name, dt / 1000.0 / n, Math.max(ok, 0), n);
    }
}
