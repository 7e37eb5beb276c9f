package dev.trent.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.fuzz.FuzzStats;
import dev.trent.core.fuzz.RandomJson;
import dev.trent.server.FuzzServer;
import dev.trent.server.pipeline.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzz target: SigV4 fields. A request signed by the AWS SDK's signer (in the Authorization header, or presigned
 * in the query string) gets one field changed: the algorithm, each part of the credential scope (access key id,
 * date, Region, service, terminator), SignedHeaders, the signature, X-Amz-Date, X-Amz-Content-Sha256, a session
 * token, the body, X-Amz-Target, the header's structure, the presign parameters (X-Amz-Expires among them) and
 * their percent-encoding. Through the real pipeline and {@code Authenticator}: never a 5xx or an exception, always
 * an AWS-shaped answer; and a request whose signature, signed content or signing scope changed is never served.
 */
class SigV4FuzzTest {
    private static final FuzzStats STATS = new FuzzStats("SigV4 fields");
    private static final FuzzServer SERVER = new FuzzServer();

    /** A mutated request, what was changed, and whether the change must make it fail. */
    record Case(SignedRequests.Raw request, String change, boolean mustFail) {
        @Override
        public String toString() {
            return change + (mustFail ? " (must fail)" : "") + "\n" + request;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(SigV4FuzzTest::make);
    }

    @Property
    void aChangedSignatureOrScopeIsNeverServedAndNothingIsA5xx(@ForAll("cases") Case c) throws Exception {
        long start = System.nanoTime();
        Outcome o = SERVER.run(SERVER.signed, c.request().exchange(SERVER));
        STATS.record(FuzzServer.label(o), System.nanoTime() - start);
        FuzzServer.assertWellFormed(o, c.toString());
        if (c.mustFail()) assertThat(o.status()).as("served: %s", c).isNotEqualTo(200);
    }

    @AfterContainer
    static void report() {
        System.out.println(STATS.summary());
    }

    // ------------------------------------------------------------------ mutations

    static Case make(Random r) {
        SignedRequests.Raw raw = SignedRequests.valid(r, SERVER);
        if (r.nextInt(25) == 0) return new Case(raw, "none", false);
        boolean presigned = raw.query != null && raw.query.contains("X-Amz-Signature");
        return presigned && r.nextInt(3) > 0 ? mutateQuery(r, raw) : mutateHeaders(r, raw, presigned);
    }

    private static Case mutateHeaders(Random r, SignedRequests.Raw raw, boolean presigned) {
        String auth = raw.header("Authorization");
        switch (r.nextInt(12)) {
            case 0 -> {
                byte[] before = raw.body;
                raw.body = RandomJson.mutate(r, new String(raw.body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                return new Case(raw, "body", !java.util.Arrays.equals(before, raw.body));
            }
            case 1 -> {
                String before = raw.header("X-Amz-Target");
                String target = "TrentService."
                        + RandomJson.pick(
                                r,
                                List.of(
                                        "DisableKey",
                                        "ScheduleKeyDeletion",
                                        "CreateKey",
                                        "Decrypt",
                                        RandomJson.string(r, 8)));
                raw.set("X-Amz-Target", target);
                return new Case(raw, "X-Amz-Target", !target.equals(before));
            }
            case 2 -> {
                String before = raw.header("X-Amz-Date");
                String date = dateLike(r);
                raw.set("X-Amz-Date", date);
                return new Case(raw, "X-Amz-Date", !presigned && !date.equals(before));
            }
            case 3 -> {
                raw.set(
                        "X-Amz-Content-Sha256",
                        RandomJson.pick(
                                r,
                                List.of(
                                        "UNSIGNED-PAYLOAD",
                                        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                                        "0".repeat(64),
                                        RandomJson.string(r))));
                return new Case(raw, "X-Amz-Content-Sha256", false);
            }
            case 4 -> {
                raw.set("X-Amz-Security-Token", RandomJson.string(r));
                return new Case(raw, "X-Amz-Security-Token", false);
            }
            case 5 -> {
                raw.headers.add(java.util.Map.entry("Authorization", auth == null ? RandomJson.string(r) : auth));
                return new Case(raw, "a second Authorization header", false);
            }
            default -> {
                if (auth == null) {
                    raw.set("Authorization", authorizationLike(r));
                    return new Case(raw, "Authorization beside a presigned query", false);
                }
                Mutated m = mutateAuthorization(r, auth);
                raw.set("Authorization", m.value);
                return new Case(raw, "Authorization " + m.what, m.mustFail);
            }
        }
    }

    private record Mutated(String value, String what, boolean mustFail) {}

    /** Changes one part of {@code AWS4-HMAC-SHA256 Credential=a/d/r/s/t, SignedHeaders=h, Signature=s}. */
    private static Mutated mutateAuthorization(Random r, String auth) {
        int credential = auth.indexOf("Credential=");
        int signedHeaders = auth.indexOf("SignedHeaders=");
        int signature = auth.indexOf("Signature=");
        if (credential < 0 || signedHeaders < 0 || signature < 0)
            return new Mutated(RandomJson.mutate(r, auth), "text", false);
        String algorithm = auth.substring(0, credential).trim();
        String scope = auth.substring(credential + 11, auth.indexOf(',', credential));
        String headers = auth.substring(signedHeaders + 14, auth.indexOf(',', signedHeaders));
        String sig = auth.substring(signature + 10);
        String[] parts = scope.split("/", -1);
        boolean mustFail = true;
        String what;
        switch (r.nextInt(10)) {
            case 0 -> {
                algorithm = RandomJson.pick(
                        r,
                        List.of(
                                "AWS4-HMAC-SHA512",
                                "aws4-hmac-sha256",
                                "AWS4-ECDSA-P256-SHA256",
                                "",
                                RandomJson.string(r, 10)));
                what = "algorithm";
            }
            case 1, 2 -> {
                int i = r.nextInt(parts.length);
                String before = parts[i];
                parts[i] = r.nextBoolean()
                        ? RandomJson.mutate(r, before)
                        : RandomJson.pick(
                                r,
                                List.of(
                                        "",
                                        "us-west-2",
                                        "kms",
                                        "s3",
                                        "20261130",
                                        "20261202",
                                        "aws4_request",
                                        "AKIAUNKNOWNUNKNOWN0",
                                        before + "/x"));
                mustFail = !parts[i].equals(before);
                scope = String.join("/", parts);
                what = "credential part " + i;
            }
            case 3 -> {
                scope = RandomJson.mutate(r, scope);
                what = "credential text";
                mustFail = false;
            }
            case 4 -> {
                List<String> names = new ArrayList<>(List.of(headers.split(";", -1)));
                switch (r.nextInt(4)) {
                    case 0 -> names.remove(r.nextInt(names.size()));
                    case 1 ->
                        names.add(
                                r.nextInt(names.size() + 1),
                                RandomJson.pick(
                                        r,
                                        List.of(
                                                "content-length",
                                                "x-amz-security-token",
                                                "user-agent",
                                                "",
                                                RandomJson.string(r, 6))));
                    case 2 -> java.util.Collections.shuffle(names, r);
                    default -> names.replaceAll(n -> n.toUpperCase(java.util.Locale.ROOT));
                }
                String changed = String.join(";", names);
                mustFail = !changed.equals(headers) && !changed.equalsIgnoreCase(headers);
                headers = changed;
                what = "SignedHeaders";
            }
            case 5, 6 -> {
                String before = sig;
                sig = switch (r.nextInt(5)) {
                    case 0 -> flipHex(r, sig);
                    case 1 -> sig.substring(0, r.nextInt(sig.length()));
                    case 2 -> sig + "0";
                    case 3 -> "";
                    default -> RandomJson.string(r, 64);
                };
                mustFail = !sig.equalsIgnoreCase(before);
                what = "signature";
            }
            case 7 -> {
                return new Mutated(RandomJson.mutate(r, auth), "text", false);
            }
            case 8 -> {
                // the same parts in other layouts: another order, no spaces, extra spaces, a duplicate part
                String[] components = {"Credential=" + scope, "SignedHeaders=" + headers, "Signature=" + sig};
                java.util.Collections.shuffle(java.util.Arrays.asList(components), r);
                String sep = RandomJson.pick(r, List.of(",", ", ", " , ", ",,", ", Signature=" + sig + ", "));
                return new Mutated(
                        algorithm + RandomJson.pick(r, List.of(" ", "  ", "")) + String.join(sep, components),
                        "layout",
                        false);
            }
            default -> {
                return new Mutated(authorizationLike(r), "replaced", false);
            }
        }
        return new Mutated(
                algorithm + " Credential=" + scope + ", SignedHeaders=" + headers + ", Signature=" + sig,
                what,
                mustFail);
    }

    private static Case mutateQuery(Random r, SignedRequests.Raw raw) {
        List<String> params = new ArrayList<>(List.of(raw.query.split("&", -1)));
        int i = r.nextInt(params.size());
        String p = params.get(i);
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        String value = eq < 0 ? "" : p.substring(eq + 1);
        boolean mustFail = false;
        switch (r.nextInt(8)) {
            case 0 -> {
                String changed = switch (name) {
                    case "X-Amz-Signature" -> flipHex(r, value);
                    case "X-Amz-Expires" ->
                        RandomJson.pick(
                                r, List.of("-1", "0", "901", "604800", "604801", "99999999999999999999", "abc", ""));
                    case "X-Amz-Date" -> dateLike(r);
                    default -> RandomJson.mutate(r, value);
                };
                mustFail = name.equals("X-Amz-Signature") && !changed.equalsIgnoreCase(value)
                        || name.equals("X-Amz-Credential") && !changed.equals(value);
                params.set(i, name + "=" + changed);
            }
            case 1 -> params.remove(i);
            case 2 -> params.add(p); // a parameter twice
            case 3 -> params.set(i, name + "=" + RandomJson.pick(r, List.of("%", "%zz", "%2", "%C3%28", "%00", "+")));
            case 4 -> params.set(i, name);
            case 5 -> params.add(RandomJson.string(r, 5) + "=" + RandomJson.string(r, 5));
            case 6 -> raw.set("Authorization", authorizationLike(r));
            default -> {
                raw.body = (new String(raw.body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
                mustFail = true;
            }
        }
        raw.query = String.join("&", params);
        return new Case(raw, "query " + name, mustFail);
    }

    private static String flipHex(Random r, String hex) {
        if (hex.isEmpty()) return "0";
        int i = r.nextInt(hex.length());
        char c = hex.charAt(i);
        char other = c == '0' ? '1' : '0';
        return hex.substring(0, i) + other + hex.substring(i + 1);
    }

    private static String dateLike(Random r) {
        return RandomJson.pick(
                r,
                List.of(
                        "20261201T100000Z",
                        "20261201T101600Z",
                        "20261201T094400Z",
                        "20261201T100000",
                        "2026-12-01T10:00:00Z",
                        "20261301T100000Z",
                        "20261201T250000Z",
                        "99999999T999999Z",
                        "",
                        "0",
                        "Tue, 01 Dec 2026 10:00:00 GMT",
                        RandomJson.string(r, 16)));
    }

    private static String authorizationLike(Random r) {
        return RandomJson.pick(
                r,
                List.of(
                        "AWS4-HMAC-SHA256",
                        "AWS4-HMAC-SHA256 ",
                        "AWS4-HMAC-SHA256 Credential=",
                        "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=, Signature=",
                        "Basic dXNlcjpwYXNz",
                        "Bearer x",
                        "AWS AKIA:sig",
                        RandomJson.string(r)));
    }
}
