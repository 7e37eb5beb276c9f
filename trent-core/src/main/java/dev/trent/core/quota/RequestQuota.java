package dev.trent.core.quota;

import java.util.Map;
import java.util.Objects;

/**
 * One request quota: how many requests per second an account may make in a Region for the operations it covers.
 *
 * @param index its position in its {@link QuotaCatalogue} (buckets are kept in arrays by it)
 * @param code a stable identifier (Trent's own: AWS does not publish the Service Quotas codes of most KMS quotas in
 *     the Developer Guide), e.g. {@code kms-cryptographic-symmetric}; what configuration names a quota by
 * @param name AWS's quota name, e.g. {@code Cryptographic operations (symmetric) request rate}; also accepted
 *     wherever a code is
 * @param defaultRate requests per second in every Region not listed in {@code regionalDefaults}
 * @param regionalDefaults the Regions whose default differs
 */
public record RequestQuota(
        int index, String code, String name, double defaultRate, Map<String, Double> regionalDefaults) {

    public RequestQuota {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        regionalDefaults = Map.copyOf(regionalDefaults);
        if (!(defaultRate > 0)) throw new IllegalArgumentException(code + ": default rate must be positive");
    }

    /** AWS's default value for this quota in {@code region}, in requests per second. */
    public double defaultFor(String region) {
        Double v = regionalDefaults.get(region);
        return v == null ? defaultRate : v;
    }
}
