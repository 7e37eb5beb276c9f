package dev.trent.core.auth;

import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled key policies by their text, so that a key's policy is parsed once and reused by every request (a
 * PutKeyPolicy brings a new text, hence a new entry). Bounded: past {@code capacity} texts the cache starts over,
 * so many distinct policies cost memory in proportion to the cap, never more. Lock-free reads.
 */
final class KeyPolicyCache {
    private static final Logger LOG = LoggerFactory.getLogger(KeyPolicyCache.class);

    /** A stored policy the grammar refuses (written before the engine, or by hand): it allows nothing. */
    private static final Object UNREADABLE = new Object();

    private final int capacity;
    private final ConcurrentHashMap<String, Object> compiled = new ConcurrentHashMap<>();

    KeyPolicyCache(int capacity) {
        this.capacity = capacity;
    }

    /** The compiled policy of this text, or null if the text is not a valid key policy (then nothing allows). */
    PolicyDocument get(String text) {
        if (text == null) return null;
        Object c = compiled.get(text);
        if (c == null) {
            try {
                c = PolicyDocument.parse(text, PolicyKind.RESOURCE);
            } catch (MalformedPolicyException e) {
                LOG.warn(
                        "A stored key policy is not valid ({}); it allows nothing until it is replaced",
                        e.getMessage());
                c = UNREADABLE;
            }
            remember(text, c);
        }
        return c == UNREADABLE ? null : (PolicyDocument) c;
    }

    /** Remembers a policy compiled elsewhere (the grammar check of a new key policy). */
    void put(PolicyDocument policy) {
        remember(policy.json(), policy);
    }

    private void remember(String text, Object value) {
        if (compiled.size() >= capacity) compiled.clear();
        compiled.putIfAbsent(text, value);
    }

    int size() {
        return compiled.size();
    }
}
