package dev.trent.server.fuzz;

import dev.trent.core.fuzz.FuzzStats;
import dev.trent.core.fuzz.RandomJson;
import dev.trent.server.FuzzServer;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzz target: HTTP headers, method and path. A signed request (or an unsigned one) gets headers added, repeated,
 * replaced or removed (X-Amz-Target, Content-Type, Host, Content-Length, Content-Encoding, Transfer-Encoding,
 * X-Amz-User-Agent, arbitrary names and values of any length Netty lets through), another method or path (the
 * health paths among them), and goes through the real pipeline, with the SigV4 authenticator or in dev mode
 * behind the Host check: never a 5xx or an exception, always an AWS-shaped answer.
 */
class HeaderFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("HTTP headers");
    private static final FuzzServer SERVER = new FuzzServer();
    private static final List<String> NAMES = List.of(
            "X-Amz-Target",
            "Content-Type",
            "Host",
            "Content-Length",
            "Content-Encoding",
            "Transfer-Encoding",
            "X-Amz-User-Agent",
            "User-Agent",
            "X-Amz-Date",
            "Date",
            "Authorization",
            "X-Amz-Security-Token",
            "X-Amz-Content-Sha256",
            "Expect",
            "Connection",
            "Accept",
            "X-Forwarded-For",
            "Origin");
    private static final List<String> VALUES = List.of(
            "TrentService.",
            "TrentService..Encrypt",
            "TrentService.Encrypt.Decrypt",
            "trentservice.ListKeys",
            "TrentService.ListKeys ",
            "AmazonSSM.GetParameter",
            "application/x-amz-json-1.1",
            "application/json",
            "application/x-amz-json-1.0",
            "text/plain",
            "",
            " ",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "attacker.example",
            "localhost:4599",
            "trent.test",
            "LOCALHOST",
            "localhost.",
            "-1",
            "0",
            "99999999999999999999",
            "gzip",
            "chunked",
            "100-continue",
            "close",
            "\u00e9\u00e8",
            "\u0000",
            "a\u007fb");

    /** A request through one of the pipelines, and what was done to it. */
    record Case(SignedRequests.Raw request, boolean dev, String change) {
        @Override
        public String toString() {
            return change + (dev ? " (dev mode)" : "") + "\n" + request;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(HeaderFuzzTest::make);
    }

    @Property
    void anyHeadersMethodOrPathGetAnAwsShapedAnswerAndNeverA5xx(@ForAll("cases") Case c) throws Exception {
        long start = System.nanoTime();
        Pipeline p = c.dev() ? SERVER.dev : SERVER.signed;
        Outcome o = SERVER.run(p, c.request().exchange(SERVER));
        STATS.record(FuzzServer.label(o) + (c.dev() ? " dev" : ""), System.nanoTime() - start);
        FuzzServer.assertWellFormed(o, c.toString());
    }

    @AfterContainer
    static void report() {
        System.out.println(STATS.summary());
    }

    static Case make(Random r) {
        SignedRequests.Raw raw = SignedRequests.valid(r, SERVER);
        if (r.nextInt(5) == 0) raw.set("Authorization", null);
        StringBuilder change = new StringBuilder();
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 30 : 3);
        for (int i = 0; i < n; i++) {
            String name = r.nextInt(4) == 0 ? RandomJson.string(r, 1 + r.nextInt(20)) : RandomJson.pick(r, NAMES);
            String value = value(r);
            switch (r.nextInt(4)) {
                case 0 -> raw.headers.add(Map.entry(name, value));
                case 1 -> raw.set(name, value);
                case 2 -> raw.set(name, null);
                default -> raw.headers.add(r.nextInt(raw.headers.size() + 1), Map.entry(name, value));
            }
            change.append(name).append(' ');
        }
        if (r.nextInt(8) == 0) {
            raw.method = RandomJson.pick(r, List.of("GET", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "post", "GeT"));
            change.append("method ");
        }
        if (r.nextInt(8) == 0) {
            raw.path = RandomJson.pick(
                    r,
                    List.of(
                            "/health",
                            "/health/ready",
                            "/health/live",
                            "/healthz",
                            "//",
                            "/x",
                            "/%2e%2e/",
                            "/?",
                            "*",
                            "/" + RandomJson.string(r, 10)));
            change.append("path ");
        }
        return new Case(raw, r.nextInt(3) == 0, change.toString().trim());
    }

    private static String value(Random r) {
        return switch (r.nextInt(5)) {
            case 0, 1 -> RandomJson.pick(r, VALUES);
            case 2 -> RandomJson.mutate(r, RandomJson.pick(r, VALUES));
            case 3 -> "x".repeat(RandomJson.length(r));
            default -> RandomJson.string(r);
        };
    }
}
