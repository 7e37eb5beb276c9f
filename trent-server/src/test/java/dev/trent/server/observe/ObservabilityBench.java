package dev.trent.server.observe;

import static dev.trent.server.pipeline.TestService.post;

import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.QuotaOverride;
import dev.trent.core.quota.RequestQuotas;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import dev.trent.server.pipeline.TestService;
import java.util.List;

/**
 * Prints what request quotas and observation add to one request on its thread: a token taken from a bucket, the
 * metrics recorded, an access log line queued. Not a test (no assertions on time): run with {@code java -cp ...
 * dev.trent.server.observe.ObservabilityBench}.
 */
public final class ObservabilityBench {
    private ObservabilityBench() {}

    public static void main(String[] args) {
        int n = 2_000_000;
        RequestQuotas quotas = new RequestQuotas(
                KmsRequestQuotas.catalogue(),
                true,
                List.of(new QuotaOverride(null, null, KmsRequestQuotas.SYMMETRIC, 1e9)),
                System::nanoTime);
        TestService t = new TestService();
        ServiceRegistry services = new ServiceRegistry(List.of(t.definition()));
        Observability metricsOnly = new Observability(services, true, null, null);
        Observability withLog = new Observability(
                services,
                true,
                new AccessLog(
                        new AccessLog.Sink() {
                            @Override
                            public void write(List<String> lines) {}

                            @Override
                            public void close() {}
                        },
                        null),
                null);
        Exchange[] ex = new Exchange[1];
        t.observedPipeline(new Stages.Observer() {
                    @Override
                    public void started(Exchange e) {}

                    @Override
                    public void finished(Exchange e, Outcome o, boolean counted) {
                        ex[0] = e;
                    }
                })
                .run(post("ListKeys", "{}"), o -> {});
        Outcome ok = Outcome.success(new byte[0]);
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            int admitted = 0;
            for (int i = 0; i < n; i++) {
                if (quotas.tryAcquire("111122223333", "us-east-1", KmsRequestQuotas.SYMMETRIC)) admitted++;
            }
            long quotaNs = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                metricsOnly.started(ex[0]);
                metricsOnly.finished(ex[0], ok, true);
            }
            long metricsNs = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < n / 10; i++) {
                withLog.started(ex[0]);
                withLog.finished(ex[0], ok, true);
            }
            long logNs = System.nanoTime() - start;
            System.out.printf(
                    "quota %.0f ns (%d admitted), metrics %.0f ns, metrics + access log %.0f ns per request%n",
                    (double) quotaNs / n, admitted, (double) metricsNs / n, (double) logNs / (n / 10));
        }
        withLog.close();
    }
}
