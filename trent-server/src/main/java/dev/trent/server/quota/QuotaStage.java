package dev.trent.server.quota;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.quota.RequestQuota;
import dev.trent.core.quota.RequestQuotas;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.Stages;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline's quota stage: finds the request quota a request draws from (through its service's
 * {@link Classifier}; services without one are not limited) and takes a token from the caller's account's bucket in
 * the Region the request was signed for, or throws AWS KMS's {@code ThrottlingException}. Cross-account requests
 * count against the caller's account, as in AWS.
 */
public final class QuotaStage implements Stages.Quota {
    /** AWS KMS's wording, HTTP 400. */
    public static final String THROTTLED_MESSAGE =
            "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

    /** Which quota an operation's request draws from, or null for none. */
    @FunctionalInterface
    public interface Classifier {
        RequestQuota quotaOf(OperationSpec operation, RequestContext ctx);
    }

    private final RequestQuotas quotas;
    private final Map<String, Classifier> classifiers;
    private final LongAdder[] throttled;

    /** @param classifiers by service signing name ({@code kms}) */
    public QuotaStage(RequestQuotas quotas, Map<String, Classifier> classifiers) {
        this.quotas = quotas;
        this.classifiers = Map.copyOf(classifiers);
        this.throttled = new LongAdder[quotas.catalogue().size()];
        for (int i = 0; i < throttled.length; i++) throttled[i] = new LongAdder();
    }

    public RequestQuotas quotas() {
        return quotas;
    }

    @Override
    public void admit(Exchange exchange) {
        if (!quotas.enabled() || exchange.service() == null) return;
        Classifier c = classifiers.get(exchange.service().signingName());
        if (c == null) return;
        RequestContext ctx = exchange.context();
        RequestQuota q = c.quotaOf(exchange.operation(), ctx);
        if (q == null || quotas.tryAcquire(ctx.accountId(), ctx.region(), q)) return;
        throttled[q.index()].increment();
        throw new ServiceException("ThrottlingException", 400, THROTTLED_MESSAGE);
    }

    /** How many requests each quota has throttled since start, by quota index. */
    public long throttledCount(RequestQuota quota) {
        return throttled[quota.index()].sum();
    }
}
