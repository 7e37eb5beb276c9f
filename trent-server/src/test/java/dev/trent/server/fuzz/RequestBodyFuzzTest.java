package dev.trent.server.fuzz;

import dev.trent.core.fuzz.FuzzStats;
import dev.trent.server.FuzzServer;
import dev.trent.server.pipeline.Outcome;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzz target: JSON request bodies for every KMS operation (generated from the model, see {@link KmsRequests}) go
 * through the real pipeline (parse, validate, the KMS handlers on real keys, the error mapper): every answer is a
 * 2xx or an AWS-shaped 4xx, never a 5xx, never an exception, never a hang, and no error names parser or JVM
 * internals. The server is made afresh every {@value #FRESH_EVERY} inputs, so keys created by the inputs never pile
 * up.
 */
class RequestBodyFuzzTest {
    static final int FRESH_EVERY = 20_000;
    private static final FuzzStats STATS = new FuzzStats("KMS request bodies");
    private static FuzzServer server;
    private static KmsRequests requests;
    private static int used;

    private static synchronized KmsRequests generator() {
        if (server == null || used++ >= FRESH_EVERY) {
            server = new FuzzServer();
            requests = new KmsRequests(server);
            used = 1;
        }
        return requests;
    }

    @Provide
    Arbitrary<KmsRequests.Request> requests() {
        return Arbitraries.randomValue(r -> generator().request(r));
    }

    @Property
    void everyBodyGetsAnAwsShapedAnswerAndNeverA5xx(@ForAll("requests") KmsRequests.Request request) throws Exception {
        long start = System.nanoTime();
        Outcome o = server.run(
                server.trusted, server.exchange(request.operation(), request.body(), new DefaultHttpHeaders()));
        STATS.record(FuzzServer.label(o), System.nanoTime() - start);
        FuzzServer.assertWellFormed(o, request.toString());
    }

    @AfterContainer
    static void report() {
        System.out.println(STATS.summary());
    }
}
