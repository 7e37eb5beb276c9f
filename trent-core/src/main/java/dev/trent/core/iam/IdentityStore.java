package dev.trent.core.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts and access keys. Everything is held in memory (authentication is on the hot path) and written
 * through to the store, where the barrier seals it.
 */
public final class IdentityStore {
    private static final String ACCOUNTS = "iam/accounts/";
    private static final String ACCESS_KEYS = "iam/access-keys/";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, AccessKey> accessKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> accounts = new ConcurrentHashMap<>();

    public IdentityStore(Store store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        for (Store.Entry e : store.scan(ACCOUNTS)) {
            JsonNode n = Json.parse(e.value());
            accounts.put(
                    n.get("AccountId").asText(),
                    Instant.parse(n.get("CreatedAt").asText()));
        }
        for (Store.Entry e : store.scan(ACCESS_KEYS)) {
            AccessKey k = fromJson(Json.parse(e.value()));
            accessKeys.put(k.accessKeyId(), k);
        }
    }

    public Optional<AccessKey> accessKey(String accessKeyId) {
        return Optional.ofNullable(accessKeys.get(accessKeyId));
    }

    public boolean hasAccounts() {
        return !accounts.isEmpty();
    }

    public List<String> accountIds() {
        return accounts.keySet().stream().sorted().toList();
    }

    /**
     * Creates the first account and an access key for its root user, if there is no account yet.
     * Returns the new key, or empty when Trent was already initialised.
     */
    public synchronized Optional<AccessKey> bootstrap() {
        if (!accounts.isEmpty()) return Optional.empty();
        String accountId = randomDigits(12);
        Instant now = clock.instant();
        AccessKey key = newAccessKey(accountId, "arn:aws:iam::" + accountId + ":root", now);
        ObjectNode account = Json.object().put("AccountId", accountId).put("CreatedAt", now.toString());
        store.apply(List.of(
                Store.Mutation.put(ACCOUNTS + accountId, Json.bytes(account)),
                Store.Mutation.put(ACCESS_KEYS + key.accessKeyId(), Json.bytes(toJson(key)))));
        accounts.put(accountId, now);
        accessKeys.put(key.accessKeyId(), key);
        return Optional.of(key);
    }

    private AccessKey newAccessKey(String accountId, String principalArn, Instant now) {
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) id.append(BASE32[random.nextInt(BASE32.length)]);
        StringBuilder secret = new StringBuilder(40);
        for (int i = 0; i < 40; i++) secret.append(SECRET_CHARS[random.nextInt(SECRET_CHARS.length)]);
        return new AccessKey(id.toString(), secret.toString(), accountId, principalArn, true, now);
    }

    private String randomDigits(int n) {
        StringBuilder sb = new StringBuilder(n);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) sb.append((char) ('0' + random.nextInt(10)));
        return sb.toString();
    }

    private static ObjectNode toJson(AccessKey k) {
        return Json.object()
                .put("AccessKeyId", k.accessKeyId())
                .put("SecretAccessKey", k.secretAccessKey())
                .put("AccountId", k.accountId())
                .put("PrincipalArn", k.principalArn())
                .put("Active", k.active())
                .put("CreatedAt", k.createdAt().toString());
    }

    private static AccessKey fromJson(JsonNode n) {
        return new AccessKey(
                n.get("AccessKeyId").asText(),
                n.get("SecretAccessKey").asText(),
                n.get("AccountId").asText(),
                n.get("PrincipalArn").asText(),
                n.get("Active").asBoolean(),
                Instant.parse(n.get("CreatedAt").asText()));
    }
}
