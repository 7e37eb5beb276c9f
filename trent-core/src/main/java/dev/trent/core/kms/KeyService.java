package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.Json;
import dev.trent.core.ServiceException;
import dev.trent.core.store.Store;
import dev.trent.crypto.EncryptionContextEncoding;
import dev.trent.crypto.InvalidCiphertextException;
import dev.trent.crypto.KmsCiphertext;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All KMS key operations, with AWS semantics and the AWS key-state rules.
 *
 * <p>Keys, aliases and key material are served from memory; every change is written through to the
 * (sealed) store first and only then published in memory, under one writer lock, so an acknowledged change
 * is durable and readers never see a change the store does not have. The crypto operations take no lock
 * and touch no database.
 */
public final class KeyService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    public static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    public static final String ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";
    public static final int MAX_TAGS = 50;

    private static final String KEYS = "kms/keys/";
    private static final String MATERIAL = "kms/material/";
    private static final String ALIASES = "kms/aliases/";

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final Object writeLock = new Object();

    /** Keys by id: metadata and material versions, replaced whole on change. */
    private final ConcurrentHashMap<UUID, KeyEntry> keys = new ConcurrentHashMap<>();
    /** Aliases by scope ("account/region/alias/name"). */
    private final ConcurrentHashMap<String, Alias> aliases = new ConcurrentHashMap<>();

    private record KeyEntry(KmsKey key, Map<Integer, SecretBytes> material) {}

    public record CipherResult(
            byte[] ciphertextBlob, String keyArn, String encryptionAlgorithm, String keyMaterialId) {}

    public record PlainResult(byte[] plaintext, String keyArn, String encryptionAlgorithm, String keyMaterialId) {}

    public record DataKey(byte[] ciphertextBlob, byte[] plaintext, String keyArn, String keyMaterialId) {}

    public record ReEncrypted(
            byte[] ciphertextBlob,
            String sourceKeyArn,
            String keyArn,
            String sourceEncryptionAlgorithm,
            String destinationEncryptionAlgorithm,
            String sourceKeyMaterialId,
            String destinationKeyMaterialId) {}

    public record Page<T>(List<T> items, String nextMarker) {
        public boolean truncated() {
            return nextMarker != null;
        }
    }

    public record NewKey(
            String description,
            String keyUsage,
            String keySpec,
            String customerMasterKeySpec,
            String origin,
            String policy,
            List<Tag> tags,
            Boolean multiRegion,
            String customKeyStoreId,
            String xksKeyId) {}

    public KeyService(Store store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        load();
    }

    private void load() {
        Map<UUID, Map<Integer, SecretBytes>> materials = new ConcurrentHashMap<>();
        for (Store.Entry e : store.scan(MATERIAL)) {
            String rest = e.key().substring(MATERIAL.length());
            int slash = rest.indexOf('/');
            UUID id = UUID.fromString(rest.substring(0, slash));
            int version = Integer.parseInt(rest.substring(slash + 1));
            materials.computeIfAbsent(id, x -> new ConcurrentHashMap<>()).put(version, SecretBytes.wrap(e.value()));
        }
        for (Store.Entry e : store.scan(KEYS)) {
            KmsKey k = KeyCodec.decode(e.value());
            keys.put(k.id(), new KeyEntry(k, Map.copyOf(materials.getOrDefault(k.id(), Map.of()))));
        }
        for (Store.Entry e : store.scan(ALIASES)) {
            Alias a = KeyCodec.decodeAlias(e.value());
            aliases.put(aliasScope(a.accountId(), a.region(), a.name()), a);
        }
        LOG.info("Loaded {} keys and {} aliases", keys.size(), aliases.size());
    }

    // ------------------------------------------------------------------ key lifecycle

    public KmsKey createKey(Caller caller, NewKey req) {
        String keySpec = req.keySpec();
        if (req.customerMasterKeySpec() != null) {
            if (keySpec != null) {
                throw ServiceException.validation(
                        "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec parameter instead.");
            }
            keySpec = req.customerMasterKeySpec();
        }
        if (keySpec == null) keySpec = SYMMETRIC_DEFAULT;
        String keyUsage = req.keyUsage() == null ? ENCRYPT_DECRYPT : req.keyUsage();
        String origin = req.origin() == null ? "AWS_KMS" : req.origin();
        if (!SYMMETRIC_DEFAULT.equals(keySpec)) {
            throw ServiceException.unsupported("KeySpec " + keySpec + " is not supported by this Trent server yet;"
                    + " supported: SYMMETRIC_DEFAULT.");
        }
        if (!ENCRYPT_DECRYPT.equals(keyUsage)) {
            throw ServiceException.validation(
                    "KeyUsage " + keyUsage + " is not compatible with KeySpec " + keySpec + ". Use ENCRYPT_DECRYPT.");
        }
        if (!"AWS_KMS".equals(origin)) {
            throw ServiceException.unsupported(
                    "Origin " + origin + " is not supported by this Trent server yet;" + " supported: AWS_KMS.");
        }
        if (Boolean.TRUE.equals(req.multiRegion())) {
            throw ServiceException.unsupported("Multi-Region keys are not supported by this Trent server yet.");
        }
        if (req.customKeyStoreId() != null) {
            throw new ServiceException(
                    "CustomKeyStoreNotFoundException",
                    400,
                    "Custom key store '" + req.customKeyStoreId() + "' does not exist.");
        }
        if (req.xksKeyId() != null) {
            throw ServiceException.validation("XksKeyId is only valid with Origin EXTERNAL_KEY_STORE.");
        }
        List<Tag> tags = req.tags() == null ? List.of() : req.tags();
        checkTags(tags);
        String policy = req.policy() == null ? defaultPolicy(caller) : checkPolicy(req.policy());

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UUID id = UUID.randomUUID();
        byte[] materialId = new byte[32];
        random.nextBytes(materialId);
        KeyMaterialInfo info = new KeyMaterialInfo(1, HexFormat.of().formatHex(materialId), now);
        KmsKey key = new KmsKey(
                id,
                caller.accountId(),
                caller.region(),
                caller.partition(),
                now,
                req.description() == null ? "" : req.description(),
                KeyState.Enabled,
                null,
                null,
                keySpec,
                keyUsage,
                origin,
                policy,
                tags,
                List.of(info));
        SecretBytes material = SecretBytes.random(random, 32);
        synchronized (writeLock) {
            store.apply(List.of(
                    Store.Mutation.put(MATERIAL + id + "/1", material.reveal().clone()),
                    Store.Mutation.put(KEYS + id, KeyCodec.encode(key))));
            keys.put(id, new KeyEntry(key, Map.of(1, material)));
        }
        return key;
    }

    public KmsKey describeKey(Caller caller, String keyId) {
        return resolve(caller, keyId, true).key();
    }

    public Page<KmsKey> listKeys(Caller caller, Integer limit, String marker) {
        int max = limit == null ? 100 : limit;
        List<KmsKey> mine = new ArrayList<>();
        for (KeyEntry e : keys.values()) {
            KmsKey k = e.key();
            if (k.accountId().equals(caller.accountId()) && k.region().equals(caller.region())) mine.add(k);
        }
        mine.sort(KEY_ORDER);
        return pageAfter(mine, KeyService::keyOrderToken, "k:", marker, max);
    }

    /** Creation time, then id: the same order as {@link #keyOrderToken}, without formatting per comparison. */
    private static final Comparator<KmsKey> KEY_ORDER = Comparator.comparingLong(
                    (KmsKey k) -> k.creationDate().toEpochMilli())
            .thenComparing(KmsKey::keyId);

    /**
     * One page of {@code sorted} (ascending by {@code token}): the items after the one a marker names, and a
     * marker naming the last item returned when more follow. Markers name an item, not a position, so a page
     * stays right when items before it come or go.
     */
    private static <T> Page<T> pageAfter(
            List<T> sorted, java.util.function.Function<T, String> token, String prefix, String marker, int max) {
        int start = 0;
        if (marker != null) {
            String after = decodeMarker(marker, prefix);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (token.apply(sorted.get(i)).compareTo(after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + max);
        List<T> page = sorted.subList(start, end);
        String next = end < sorted.size() ? encodeMarker(prefix + token.apply(page.get(page.size() - 1))) : null;
        return new Page<>(List.copyOf(page), next);
    }

    private static String keyOrderToken(KmsKey k) {
        return String.format("%020d|%s", k.creationDate().toEpochMilli(), k.id());
    }

    public KmsKey enableKey(Caller caller, String keyId) {
        return mutate(caller, keyId, k -> {
            switch (k.state()) {
                case Enabled, Disabled -> {}
                default -> throw stateError(k);
            }
            return k.withState(KeyState.Enabled, null, null);
        });
    }

    public KmsKey disableKey(Caller caller, String keyId) {
        return mutate(caller, keyId, k -> {
            switch (k.state()) {
                case Enabled, Disabled -> {}
                default -> throw stateError(k);
            }
            return k.withState(KeyState.Disabled, null, null);
        });
    }

    public KmsKey scheduleKeyDeletion(Caller caller, String keyId, Integer pendingWindowInDays) {
        int days = pendingWindowInDays == null ? 30 : pendingWindowInDays;
        if (days < 7 || days > 30) {
            throw ServiceException.validation("1 validation error detected: Value '" + days
                    + "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value "
                    + (days < 7 ? "greater than or equal to 7" : "less than or equal to 30"));
        }
        return mutate(caller, keyId, k -> {
            if (k.state() == KeyState.PendingDeletion) throw stateError(k);
            Instant when = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(days));
            return k.withState(KeyState.PendingDeletion, when, days);
        });
    }

    public KmsKey cancelKeyDeletion(Caller caller, String keyId) {
        return mutate(caller, keyId, k -> {
            if (k.state() != KeyState.PendingDeletion) {
                throw ServiceException.invalidState(k.arn() + " is not pending deletion.");
            }
            return k.withState(KeyState.Disabled, null, null);
        });
    }

    public KmsKey updateKeyDescription(Caller caller, String keyId, String description) {
        return mutate(caller, keyId, k -> {
            requireNotPendingDeletion(k);
            return k.withDescription(description);
        });
    }

    /** Deletes keys whose waiting period has ended, with their material and aliases. Returns how many. */
    public int purgeExpiredKeys() {
        Instant now = clock.instant();
        int purged = 0;
        for (KeyEntry e : keys.values()) {
            KmsKey k = e.key();
            if (k.state() != KeyState.PendingDeletion
                    || k.deletionDate() == null
                    || k.deletionDate().isAfter(now)) {
                continue;
            }
            synchronized (writeLock) {
                KeyEntry current = keys.get(k.id());
                if (current == null || current.key().state() != KeyState.PendingDeletion) continue;
                List<Store.Mutation> batch = new ArrayList<>();
                batch.add(Store.Mutation.delete(KEYS + k.id()));
                for (Integer v : current.material().keySet())
                    batch.add(Store.Mutation.delete(MATERIAL + k.id() + "/" + v));
                List<String> aliasScopes = new ArrayList<>();
                for (Map.Entry<String, Alias> a : aliases.entrySet()) {
                    if (a.getValue().targetKeyId().equals(k.id())) {
                        aliasScopes.add(a.getKey());
                        batch.add(Store.Mutation.delete(ALIASES + a.getKey()));
                    }
                }
                store.apply(batch);
                keys.remove(k.id());
                aliasScopes.forEach(aliases::remove);
                current.material().values().forEach(SecretBytes::destroy);
                purged++;
                LOG.info("Deleted key {} at the end of its waiting period", k.arn());
            }
        }
        return purged;
    }

    // ------------------------------------------------------------------ tags, policy, rotation status

    public KmsKey tagResource(Caller caller, String keyId, List<Tag> tags) {
        return mutate(caller, keyId, k -> {
            requireNotPendingDeletion(k);
            checkTags(tags);
            LinkedHashMap<String, String> merged = new LinkedHashMap<>();
            for (Tag t : k.tags()) merged.put(t.key(), t.value());
            for (Tag t : tags) merged.put(t.key(), t.value());
            if (merged.size() > MAX_TAGS) {
                throw new ServiceException(
                        "TagException", 400, "Cannot have more than " + MAX_TAGS + " tags on a KMS key.");
            }
            return k.withTags(merged.entrySet().stream()
                    .map(e -> new Tag(e.getKey(), e.getValue()))
                    .toList());
        });
    }

    public KmsKey untagResource(Caller caller, String keyId, List<String> tagKeys) {
        return mutate(caller, keyId, k -> {
            requireNotPendingDeletion(k);
            tagKeys.forEach(KeyService::checkTagKeyNotReserved);
            return k.withTags(
                    k.tags().stream().filter(t -> !tagKeys.contains(t.key())).toList());
        });
    }

    public Page<Tag> listResourceTags(Caller caller, String keyId, Integer limit, String marker) {
        KmsKey k = resolve(caller, keyId, false).key();
        int max = limit == null ? 50 : Math.min(limit, 50);
        int start = marker == null ? 0 : parseIndexMarker(marker);
        List<Tag> all = k.tags();
        int end = Math.min(all.size(), start + max);
        String next = end < all.size() ? encodeMarker("t:" + end) : null;
        return new Page<>(all.subList(Math.min(start, all.size()), end), next);
    }

    public String getKeyPolicy(Caller caller, String keyId, String policyName) {
        KmsKey k = resolve(caller, keyId, false).key();
        checkPolicyName(policyName);
        return k.policy();
    }

    public KmsKey putKeyPolicy(Caller caller, String keyId, String policyName, String policy) {
        checkPolicyName(policyName);
        String checked = checkPolicy(policy);
        return mutate(caller, keyId, k -> k.withPolicy(checked));
    }

    public Page<String> listKeyPolicies(Caller caller, String keyId, Integer limit, String marker) {
        resolve(caller, keyId, false);
        if (marker != null) parseIndexMarker(marker);
        return new Page<>(List.of("default"), null);
    }

    /**
     * The key whose rotation status is asked for (key id or ARN only, as AWS). Automatic rotation is not offered
     * by this server yet, so its status is truthfully "not enabled".
     */
    public KmsKey keyForRotationStatus(Caller caller, String keyId) {
        return resolve(caller, keyId, false).key();
    }

    // ------------------------------------------------------------------ aliases

    public Alias createAlias(Caller caller, String aliasName, String targetKeyId) {
        checkAliasName(aliasName);
        KmsKey target = resolve(caller, targetKeyId, false).key();
        if (target.state() == KeyState.PendingDeletion) throw stateError(target);
        String scope = aliasScope(caller.accountId(), caller.region(), aliasName);
        synchronized (writeLock) {
            if (aliases.containsKey(scope)) {
                throw ServiceException.alreadyExists(
                        "An alias with the name " + aliasArn(caller, aliasName) + " already exists");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Alias alias = new Alias(caller.accountId(), caller.region(), aliasName, target.id(), now, now);
            store.apply(List.of(Store.Mutation.put(ALIASES + scope, KeyCodec.encode(alias))));
            aliases.put(scope, alias);
            return alias;
        }
    }

    public Alias updateAlias(Caller caller, String aliasName, String targetKeyId) {
        checkAliasName(aliasName);
        KmsKey target = resolve(caller, targetKeyId, false).key();
        if (target.state() == KeyState.PendingDeletion) throw stateError(target);
        String scope = aliasScope(caller.accountId(), caller.region(), aliasName);
        synchronized (writeLock) {
            Alias old = aliases.get(scope);
            if (old == null) throw aliasNotFound(caller, aliasName);
            KeyEntry current = keys.get(old.targetKeyId());
            if (current != null
                    && (!current.key().keyUsage().equals(target.keyUsage())
                            || !current.key().keySpec().equals(target.keySpec()))) {
                throw ServiceException.validation(
                        "Alias " + aliasArn(caller, aliasName)
                                + " can only be associated with a KMS key of the same key spec and key usage as its current key.");
            }
            Alias updated = new Alias(
                    old.accountId(),
                    old.region(),
                    old.name(),
                    target.id(),
                    old.creationDate(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            store.apply(List.of(Store.Mutation.put(ALIASES + scope, KeyCodec.encode(updated))));
            aliases.put(scope, updated);
            return updated;
        }
    }

    public void deleteAlias(Caller caller, String aliasName) {
        checkAliasName(aliasName);
        String scope = aliasScope(caller.accountId(), caller.region(), aliasName);
        synchronized (writeLock) {
            if (!aliases.containsKey(scope)) throw aliasNotFound(caller, aliasName);
            store.apply(List.of(Store.Mutation.delete(ALIASES + scope)));
            aliases.remove(scope);
        }
    }

    public Page<Alias> listAliases(Caller caller, String keyId, Integer limit, String marker) {
        UUID filter = keyId == null ? null : resolve(caller, keyId, false).key().id();
        int max = limit == null ? 50 : Math.min(limit, 100);
        List<Alias> mine = new ArrayList<>();
        for (Alias a : aliases.values()) {
            if (a.accountId().equals(caller.accountId())
                    && a.region().equals(caller.region())
                    && (filter == null || a.targetKeyId().equals(filter))) {
                mine.add(a);
            }
        }
        mine.sort(Comparator.comparing(Alias::name));
        return pageAfter(mine, Alias::name, "a:", marker, max);
    }

    // ------------------------------------------------------------------ cryptographic operations

    public CipherResult encrypt(
            Caller caller,
            String keyId,
            byte[] plaintext,
            Map<String, String> context,
            String algorithm,
            boolean dryRun) {
        KeyEntry e = resolve(caller, keyId, true);
        requireUsable(e.key());
        checkSymmetricAlgorithm(e.key(), algorithm);
        dryRun(dryRun);
        KeyMaterialInfo m = e.key().currentMaterial();
        byte[] blob = KmsCiphertext.encrypt(
                e.key().id(), m.version(), e.material().get(m.version()), plaintext, encodeContext(context), random);
        return new CipherResult(blob, e.key().arn(), SYMMETRIC_DEFAULT, m.materialId());
    }

    public PlainResult decrypt(
            Caller caller, byte[] blob, Map<String, String> context, String keyId, String algorithm, boolean dryRun) {
        KmsCiphertext.Header header = header(blob);
        KeyEntry e = keyForCiphertext(caller, header, keyId);
        requireUsable(e.key());
        checkSymmetricAlgorithm(e.key(), algorithm);
        byte[] plaintext = open(e, header, blob, context);
        if (dryRun) {
            java.util.Arrays.fill(plaintext, (byte) 0);
            dryRun(true);
        }
        return new PlainResult(plaintext, e.key().arn(), SYMMETRIC_DEFAULT, materialId(e, header));
    }

    public ReEncrypted reEncrypt(
            Caller caller,
            byte[] blob,
            Map<String, String> sourceContext,
            String sourceKeyId,
            String destinationKeyId,
            Map<String, String> destinationContext,
            String sourceAlgorithm,
            String destinationAlgorithm,
            boolean dryRun) {
        KmsCiphertext.Header header = header(blob);
        KeyEntry src = keyForCiphertext(caller, header, sourceKeyId);
        requireUsable(src.key());
        checkSymmetricAlgorithm(src.key(), sourceAlgorithm);
        KeyEntry dst = resolve(caller, destinationKeyId, true);
        requireUsable(dst.key());
        checkSymmetricAlgorithm(dst.key(), destinationAlgorithm);
        byte[] plaintext = open(src, header, blob, sourceContext);
        try {
            dryRun(dryRun);
            KeyMaterialInfo m = dst.key().currentMaterial();
            byte[] out = KmsCiphertext.encrypt(
                    dst.key().id(),
                    m.version(),
                    dst.material().get(m.version()),
                    plaintext,
                    encodeContext(destinationContext),
                    random);
            return new ReEncrypted(
                    out,
                    src.key().arn(),
                    dst.key().arn(),
                    SYMMETRIC_DEFAULT,
                    SYMMETRIC_DEFAULT,
                    materialId(src, header),
                    m.materialId());
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    public DataKey generateDataKey(
            Caller caller,
            String keyId,
            Map<String, String> context,
            Integer numberOfBytes,
            String keySpec,
            boolean withPlaintext,
            boolean dryRun) {
        int length = dataKeyLength(numberOfBytes, keySpec);
        KeyEntry e = resolve(caller, keyId, true);
        requireUsable(e.key());
        dryRun(dryRun);
        byte[] plaintext = new byte[length];
        random.nextBytes(plaintext);
        KeyMaterialInfo m = e.key().currentMaterial();
        byte[] blob = KmsCiphertext.encrypt(
                e.key().id(), m.version(), e.material().get(m.version()), plaintext, encodeContext(context), random);
        if (!withPlaintext) {
            java.util.Arrays.fill(plaintext, (byte) 0);
            plaintext = null;
        }
        return new DataKey(blob, plaintext, e.key().arn(), m.materialId());
    }

    public byte[] generateRandom(Integer numberOfBytes, String customKeyStoreId) {
        if (numberOfBytes == null) {
            throw ServiceException.validation("NumberOfBytes is required.");
        }
        if (customKeyStoreId != null) {
            throw new ServiceException(
                    "CustomKeyStoreNotFoundException",
                    400,
                    "Custom key store '" + customKeyStoreId + "' does not exist.");
        }
        byte[] out = new byte[numberOfBytes];
        random.nextBytes(out);
        return out;
    }

    private static int dataKeyLength(Integer numberOfBytes, String keySpec) {
        if (numberOfBytes == null && keySpec == null) {
            throw ServiceException.validation("Please specify either number of bytes or key spec.");
        }
        if (numberOfBytes != null && keySpec != null) {
            throw ServiceException.validation("Please specify either number of bytes or key spec, not both.");
        }
        if (keySpec == null) return numberOfBytes;
        return switch (keySpec) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default -> throw ServiceException.validation("Unsupported key spec " + keySpec + ".");
        };
    }

    private static void dryRun(boolean dryRun) {
        if (dryRun) {
            throw new ServiceException(
                    "DryRunOperationException", 412, "The request would have succeeded, but the DryRun option is set.");
        }
    }

    private static KmsCiphertext.Header header(byte[] blob) {
        try {
            return KmsCiphertext.peekHeader(blob);
        } catch (InvalidCiphertextException e) {
            throw invalidCiphertext();
        }
    }

    private static ServiceException invalidCiphertext() {
        return ServiceException.invalidCiphertext("The ciphertext is invalid: it is damaged, was not produced by this"
                + " service, or the encryption context does not match the one used to encrypt.");
    }

    private KeyEntry keyForCiphertext(Caller caller, KmsCiphertext.Header header, String keyId) {
        KeyEntry e = keys.get(header.keyId());
        if (keyId != null) {
            KeyEntry wanted = resolve(caller, keyId, true);
            if (e == null || !wanted.key().id().equals(header.keyId())) {
                throw new ServiceException(
                        "IncorrectKeyException",
                        400,
                        "The key ID in the request does not identify a KMS key that can perform this operation.");
            }
            return wanted;
        }
        if (e == null || !e.key().region().equals(caller.region())) throw invalidCiphertext();
        if (!e.key().accountId().equals(caller.accountId())) {
            throw accessDenied(caller, "kms:Decrypt", e.key().arn());
        }
        return e;
    }

    private byte[] open(KeyEntry e, KmsCiphertext.Header header, byte[] blob, Map<String, String> context) {
        SecretBytes material = e.material().get(header.materialVersion());
        if (material == null) throw invalidCiphertext();
        try {
            return KmsCiphertext.decrypt(blob, material, encodeContext(context));
        } catch (InvalidCiphertextException ex) {
            throw invalidCiphertext();
        }
    }

    private static byte[] encodeContext(Map<String, String> context) {
        try {
            return EncryptionContextEncoding.canonical(context == null ? Map.of() : context);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("The encryption context is not valid: " + e.getMessage());
        }
    }

    private static String materialId(KeyEntry e, KmsCiphertext.Header header) {
        for (KeyMaterialInfo m : e.key().materials()) {
            if (m.version() == header.materialVersion()) return m.materialId();
        }
        return null;
    }

    private static void checkSymmetricAlgorithm(KmsKey k, String algorithm) {
        if (algorithm != null && !SYMMETRIC_DEFAULT.equals(algorithm)) {
            throw new ServiceException(
                    "InvalidKeyUsageException",
                    400,
                    "The encryption algorithm " + algorithm + " is not valid for KMS key " + k.arn()
                            + ". Use SYMMETRIC_DEFAULT.");
        }
    }

    // ------------------------------------------------------------------ key-state rules

    /** Crypto operations: only Enabled keys (AWS key-state table, footnotes 1, 3, 5, 11). */
    private static void requireUsable(KmsKey k) {
        if (k.state() != KeyState.Enabled) throw stateError(k);
        if (!ENCRYPT_DECRYPT.equals(k.keyUsage())) {
            throw new ServiceException(
                    "InvalidKeyUsageException",
                    400,
                    k.arn() + " key usage is " + k.keyUsage() + " which is not valid for this operation.");
        }
    }

    private static void requireNotPendingDeletion(KmsKey k) {
        if (k.state() == KeyState.PendingDeletion) throw stateError(k);
    }

    private static ServiceException stateError(KmsKey k) {
        return switch (k.state()) {
            case Disabled -> ServiceException.disabled(k.arn() + " is disabled.");
            case PendingDeletion -> ServiceException.invalidState(k.arn() + " is pending deletion.");
            case PendingImport -> ServiceException.invalidState(k.arn() + " is pending import.");
            case Unavailable -> ServiceException.invalidState(k.arn() + " is unavailable.");
            default -> ServiceException.invalidState(k.arn() + " is " + k.state() + ".");
        };
    }

    // ------------------------------------------------------------------ resolution

    /**
     * Resolves a key id, key ARN, alias name or alias ARN (the last two only where {@code allowAlias}) to a key
     * the caller's account owns in the caller's region.
     */
    private KeyEntry resolve(Caller caller, String keyId, boolean allowAlias) {
        if (keyId == null || keyId.isEmpty()) throw ServiceException.validation("KeyId is required.");
        String account = caller.accountId();
        String region = caller.region();
        String resource = keyId;
        if (keyId.startsWith("arn:")) {
            String[] parts = keyId.split(":", 6);
            if (parts.length != 6 || !"kms".equals(parts[2]) || parts[3].isEmpty() || parts[4].isEmpty()) {
                throw ServiceException.notFound("Invalid arn " + keyId);
            }
            region = parts[3];
            account = parts[4];
            resource = parts[5];
            if (!region.equals(caller.region())) {
                // AWS answers an ARN of another Region this way: the key can only be used in its own Region.
                throw ServiceException.notFound("Invalid arn " + region);
            }
            if (!resource.startsWith("key/") && !resource.startsWith("alias/")) {
                throw ServiceException.notFound("Invalid arn " + keyId);
            }
            if (resource.startsWith("key/")) resource = resource.substring(4);
        }
        if (resource.startsWith("alias/")) {
            if (!allowAlias) throw ServiceException.notFound("Invalid keyId '" + keyId + "'");
            Alias a = aliases.get(aliasScope(account, region, resource));
            if (a == null || !region.equals(caller.region())) {
                throw ServiceException.notFound("Alias arn:" + caller.partition() + ":kms:" + region + ":" + account
                        + ":" + resource + " is not found.");
            }
            KeyEntry e = keys.get(a.targetKeyId());
            if (e == null) throw ServiceException.notFound("Alias " + a.arn(caller.partition()) + " is not found.");
            return owned(caller, e);
        }
        UUID id;
        try {
            id = UUID.fromString(resource);
            if (!id.toString().equalsIgnoreCase(resource)) throw new IllegalArgumentException();
        } catch (IllegalArgumentException bad) {
            throw ServiceException.notFound("Invalid keyId '" + keyId + "'");
        }
        KeyEntry e = keys.get(id);
        if (e == null
                || !e.key().region().equals(region)
                || !region.equals(caller.region())
                || !e.key().accountId().equals(account)) {
            throw ServiceException.notFound("Key 'arn:" + caller.partition() + ":kms:" + region + ":" + account
                    + ":key/" + resource + "' does not exist");
        }
        return owned(caller, e);
    }

    private static KeyEntry owned(Caller caller, KeyEntry e) {
        if (!e.key().accountId().equals(caller.accountId())) {
            throw accessDenied(caller, "kms:*", e.key().arn());
        }
        return e;
    }

    private static ServiceException accessDenied(Caller caller, String action, String resource) {
        return new ServiceException(
                "AccessDeniedException",
                400,
                "User: " + caller.principalArn()
                        + " is not authorized to perform: " + action + " on resource: " + resource
                        + " because no resource-based policy allows the " + action + " action");
    }

    private interface Change {
        KmsKey apply(KmsKey current);
    }

    private KmsKey mutate(Caller caller, String keyId, Change change) {
        synchronized (writeLock) {
            KeyEntry e = resolve(caller, keyId, false);
            KmsKey updated = change.apply(e.key());
            store.apply(List.of(Store.Mutation.put(KEYS + updated.id(), KeyCodec.encode(updated))));
            keys.put(updated.id(), new KeyEntry(updated, e.material()));
            return updated;
        }
    }

    // ------------------------------------------------------------------ checks and helpers

    private static String aliasScope(String account, String region, String aliasName) {
        return account + "/" + region + "/" + aliasName;
    }

    private static String aliasArn(Caller caller, String aliasName) {
        return "arn:" + caller.partition() + ":kms:" + caller.region() + ":" + caller.accountId() + ":" + aliasName;
    }

    private static ServiceException aliasNotFound(Caller caller, String aliasName) {
        return ServiceException.notFound("Alias " + aliasArn(caller, aliasName) + " is not found.");
    }

    private static void checkAliasName(String aliasName) {
        if (aliasName == null) throw ServiceException.validation("AliasName is required.");
        if (!aliasName.startsWith("alias/")) {
            throw ServiceException.validation("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.length() <= "alias/".length()) {
            throw ServiceException.validation("Alias name must have at least one character after \"alias/\".");
        }
        if (aliasName.startsWith("alias/aws/")) {
            throw new ServiceException(
                    "NotAuthorizedException", 400, "The alias prefix alias/aws/ is reserved for AWS managed keys.");
        }
    }

    /** The tags of one request: complete, not reserved, no key twice, at most {@link #MAX_TAGS}. */
    private static void checkTags(List<Tag> tags) {
        java.util.HashSet<String> seen = new java.util.HashSet<>();
        for (Tag t : tags) {
            if (t.key() == null || t.value() == null) {
                throw new ServiceException("TagException", 400, "Each tag needs a TagKey and a TagValue.");
            }
            checkTagKeyNotReserved(t.key());
            if (!seen.add(t.key())) {
                throw new ServiceException("TagException", 400, "Duplicate tag key '" + t.key() + "'.");
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw new ServiceException(
                    "TagException", 400, "Cannot have more than " + MAX_TAGS + " tags on a KMS key.");
        }
    }

    private static void checkTagKeyNotReserved(String tagKey) {
        if (tagKey.startsWith("aws:")) {
            throw new ServiceException("TagException", 400, "Tag keys beginning with 'aws:' are reserved.");
        }
    }

    private static void checkPolicyName(String policyName) {
        if (policyName != null && !"default".equals(policyName)) {
            throw ServiceException.notFound("No such policy exists: the only key policy name is 'default'.");
        }
    }

    private static String checkPolicy(String policy) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(policy);
        } catch (java.io.IOException e) {
            throw new ServiceException(
                    "MalformedPolicyDocumentException", 400, "The policy document is not valid JSON.");
        }
        if (doc == null || !doc.isObject() || !doc.has("Statement")) {
            throw new ServiceException(
                    "MalformedPolicyDocumentException",
                    400,
                    "The policy document must be a JSON object with a Statement.");
        }
        return policy;
    }

    /** The default key policy AWS attaches when CreateKey has no Policy: the account root may do kms:*. */
    public static String defaultPolicy(Caller caller) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:" + caller.partition() + ":iam::" + caller.accountId()
                + ":root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    private static String encodeMarker(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeMarker(String marker, String prefix) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (raw.startsWith(prefix)) return raw.substring(prefix.length());
        } catch (IllegalArgumentException bad) {
            // fall through
        }
        throw new ServiceException(
                "InvalidMarkerException",
                400,
                "The marker that specifies where pagination should next begin is not valid.");
    }

    private static int parseIndexMarker(String marker) {
        String raw = decodeMarker(marker, "t:");
        try {
            int i = Integer.parseInt(raw);
            if (i >= 0) return i;
        } catch (NumberFormatException bad) {
            // fall through
        }
        throw new ServiceException(
                "InvalidMarkerException",
                400,
                "The marker that specifies where pagination should next begin is not valid.");
    }

    public int keyCount() {
        return keys.size();
    }
}
