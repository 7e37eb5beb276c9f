package dev.trent.server.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.QuotaCatalogue;
import dev.trent.core.quota.QuotaOverride;
import dev.trent.core.quota.RequestQuota;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code requestQuotas} setting: whether request quotas are enforced (AWS's defaults, on unless turned off) and
 * the overrides that raise or lower them, e.g.
 *
 * <pre>{@code
 * "requestQuotas": {
 *   "enabled": true,
 *   "overrides": [
 *     {"quota": "CreateKey request rate", "value": 50},
 *     {"quota": "kms-cryptographic-symmetric", "account": "111122223333", "region": "eu-west-2", "value": 50000}
 *   ]
 * }
 * }</pre>
 */
public record QuotaSettings(boolean enabled, List<QuotaOverride> overrides) {
    public static final QuotaSettings DEFAULTS = new QuotaSettings(true, List.of());

    private static final Set<String> MEMBERS = Set.of("enabled", "overrides");
    private static final Set<String> OVERRIDE_MEMBERS = Set.of("quota", "account", "region", "value");

    public QuotaSettings {
        overrides = List.copyOf(overrides);
    }

    /** Reads the setting; throws IllegalArgumentException naming what is wrong. */
    public static QuotaSettings parse(JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException("requestQuotas must be an object");
        n.fieldNames().forEachRemaining(f -> {
            if (!MEMBERS.contains(f)) {
                throw new IllegalArgumentException("requestQuotas: unknown member '" + f + "'; known: " + MEMBERS);
            }
        });
        JsonNode enabled = n.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw new IllegalArgumentException("requestQuotas.enabled must be true or false");
        }
        List<QuotaOverride> out = new ArrayList<>();
        JsonNode list = n.get("overrides");
        if (list != null && !list.isArray()) {
            throw new IllegalArgumentException("requestQuotas.overrides must be a list");
        }
        if (list != null) {
            for (JsonNode o : list) out.add(override(o));
        }
        return new QuotaSettings(enabled == null || enabled.asBoolean(), out);
    }

    private static QuotaOverride override(JsonNode o) {
        if (!o.isObject()) throw new IllegalArgumentException("requestQuotas.overrides: each must be an object");
        o.fieldNames().forEachRemaining(f -> {
            if (!OVERRIDE_MEMBERS.contains(f)) {
                throw new IllegalArgumentException(
                        "requestQuotas.overrides: unknown member '" + f + "'; known: " + OVERRIDE_MEMBERS);
            }
        });
        QuotaCatalogue catalogue = KmsRequestQuotas.catalogue();
        String name = o.path("quota").asText("");
        RequestQuota q = catalogue.find(name);
        if (q == null) {
            throw new IllegalArgumentException("requestQuotas.overrides: unknown quota '" + name
                    + "'; give a quota's code (e.g. kms-create-key) or AWS name (e.g. CreateKey request rate), see"
                    + " docs/configuration.md");
        }
        JsonNode account = o.get("account");
        if (account != null && !(account.isTextual() && account.asText().matches("\\d{12}"))) {
            throw new IllegalArgumentException("requestQuotas.overrides: account must be 12 digits, not " + account);
        }
        JsonNode region = o.get("region");
        if (region != null && !region.isTextual()) {
            throw new IllegalArgumentException("requestQuotas.overrides: region must be a string, not " + region);
        }
        JsonNode value = o.get("value");
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("requestQuotas.overrides: quota " + q.code()
                    + " needs a value, a positive number of requests per second");
        }
        return new QuotaOverride(
                account == null ? null : account.asText(),
                region == null ? null : region.asText(),
                q,
                value.asDouble());
    }
}
