package dev.trent.core.quota;

import java.util.Objects;

/**
 * A quota value that replaces AWS's default (a "quota increase", or a decrease): for one account or all
 * ({@code account} null), in one Region or all ({@code region} null). The most specific override wins: account and
 * Region, then account, then Region, then the default.
 *
 * @param value requests per second, positive
 */
public record QuotaOverride(String account, String region, RequestQuota quota, double value) {
    public QuotaOverride {
        Objects.requireNonNull(quota, "quota");
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "the value of quota " + quota.code() + " must be a positive number of requests per second");
        }
    }

    /** How specific it is: 3 for account and Region, 2 for account, 1 for Region, 0 for every account everywhere. */
    int specificity() {
        return (account != null ? 2 : 0) + (region != null ? 1 : 0);
    }

    boolean appliesTo(String account, String region) {
        return (this.account == null || this.account.equals(account))
                && (this.region == null || this.region.equals(region));
    }
}
