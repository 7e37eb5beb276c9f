package dev.trent.core.quota;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The request quotas of one service, found by code or by AWS's name. */
public final class QuotaCatalogue {
    private final List<RequestQuota> quotas = new ArrayList<>();
    private final Map<String, RequestQuota> byCodeOrName = new HashMap<>();

    QuotaCatalogue() {}

    /** Adds a quota with AWS's default in every Region but those in {@code regional}. */
    RequestQuota add(String code, String name, double defaultRate, Map<String, Double> regional) {
        RequestQuota q = new RequestQuota(quotas.size(), code, name, defaultRate, regional);
        if (byCodeOrName.putIfAbsent(code, q) != null || byCodeOrName.putIfAbsent(name, q) != null) {
            throw new IllegalStateException("duplicate quota " + code + " / " + name);
        }
        quotas.add(q);
        return q;
    }

    RequestQuota add(String code, String name, double defaultRate) {
        return add(code, name, defaultRate, Map.of());
    }

    public List<RequestQuota> all() {
        return Collections.unmodifiableList(quotas);
    }

    /** The quota with this code or AWS name, or null. */
    public RequestQuota find(String codeOrName) {
        return byCodeOrName.get(codeOrName);
    }

    public int size() {
        return quotas.size();
    }
}
