package dev.trent.core.secrets;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.AwsManagedKeys;
import dev.trent.core.kms.KmsOnBehalf;
import dev.trent.core.kms.Tag;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import dev.trent.crypto.ConstantTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets Manager's secrets over the store: versions with staging labels ({@code AWSCURRENT}, {@code AWSPREVIOUS},
 * {@code AWSPENDING}), ClientRequestToken idempotency, deletion with a recovery window (finished by {@link
 * #purgeExpired} under a store lease) and restore, tags and resource policies. Every version's value is sealed under
 * a fresh data key from KMS on the caller's behalf ({@link KmsOnBehalf}, {@code kms:ViaService} {@code
 * secretsmanager.<region>.amazonaws.com}), encryption context {@code SecretARN} and {@code SecretVersionId}, with
 * the key the secret names or the AWS managed {@code alias/aws/secretsmanager}.
 */
public final class Secrets {
    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    public static final String CURRENT = "AWSCURRENT";
    public static final String PREVIOUS = "AWSPREVIOUS";
    public static final String PENDING = "AWSPENDING";
    static final String SERVICE = "secretsmanager";
    private static final int MAX_ATTEMPTS = 8;
    private static final int MAX_VERSIONS = 100;
    private static final int MAX_VALUE = 65_536;
    private static final char[] SUFFIX = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final Store store;
    private final KmsOnBehalf kms;
    private final Clock clock;
    private final SecureRandom random;

    public Secrets(Store store, KmsOnBehalf kms, Clock clock, SecureRandom random) {
        this.store = store;
        this.kms = kms;
        this.clock = clock;
        this.random = random;
    }

    /** A value given to CreateSecret, PutSecretValue or UpdateSecret: a string or bytes (the caller wipes bytes). */
    public record Value(byte[] bytes, boolean binary) {}

    /** A version written: the secret and the id of the new (or, for an idempotent retry, existing) version. */
    public record Written(Secret secret, String versionId) {}

    // ------------------------------------------------------------------ lookups

    /** Every secret of the caller's account and Region, by name. */
    public List<Secret> all(RequestContext ctx) {
        List<Secret> out = new ArrayList<>();
        for (Store.Entry e : store.scan(SecretCodec.scope(ctx.accountId(), ctx.region()))) {
            out.add(SecretCodec.decode(e.value()));
        }
        out.sort(Comparator.comparing(Secret::name));
        return out;
    }

    /**
     * The secret {@code secretId} names (its name, its full ARN, or its ARN without the random suffix), or {@code
     * ResourceNotFoundException}.
     */
    public Secret resolve(RequestContext ctx, String secretId) {
        Secret s = find(ctx, secretId);
        if (s == null) throw SecretsErrors.notFound();
        return s;
    }

    /**
     * The secret {@code secretId} names, or null: a name (in the caller's account), or an ARN (of any account in
     * the caller's Region: another account's secret is reached by ARN only), complete or without the random suffix.
     */
    public Secret find(RequestContext ctx, String secretId) {
        if (!secretId.startsWith("arn:")) return load(ctx.accountId(), ctx.region(), secretId);
        String[] p = secretId.split(":", 7);
        if (p.length < 7 || !p[2].equals("secretsmanager") || !p[3].equals(ctx.region()) || !p[5].equals("secret")) {
            return null;
        }
        String account = p[4];
        String rest = p[6];
        Secret exact = load(account, ctx.region(), rest);
        if (exact != null && exact.arn().equals(secretId)) return exact;
        int dash = rest.lastIndexOf('-');
        if (dash > 0) {
            Secret full = load(account, ctx.region(), rest.substring(0, dash));
            if (full != null && full.arn().equals(secretId)) return full;
        }
        return exact; // a partial ARN: the name without the suffix
    }

    private Secret load(String account, String region, String name) {
        return store.get(SecretCodec.path(account, region, name))
                .map(e -> SecretCodec.decode(e.value()))
                .orElse(null);
    }

    /** Checks a new secret's name (before anything else about it). */
    public static void checkName(String name) {
        SecretNames.check(name);
    }

    /** Records a read of the secret: LastAccessedDate, a date (written at most once a day per secret). */
    public void accessed(RequestContext ctx, Secret secret) {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        if (today.equals(secret.lastAccessed())) return;
        try {
            update(ctx, secret, s -> s.toBuilder().lastAccessed(today).build());
        } catch (ServiceException raced) {
            // deleted or changed meanwhile: the read still happened; the next one records it
        }
    }

    /** The ARN a new secret {@code name} of the caller gets (random six-character suffix). */
    public String newArn(RequestContext ctx, String name) {
        return "arn:" + ctx.partition() + ":secretsmanager:" + ctx.region() + ":" + ctx.accountId() + ":secret:" + name
                + "-" + suffix();
    }

    // ------------------------------------------------------------------ writes

    /** CreateSecret, as {@code arn} (from {@link #newArn}, checked by the caller's policies before this). */
    public Written create(
            RequestContext ctx,
            String name,
            String arn,
            String token,
            String description,
            String requestedKey,
            Value value,
            List<Tag> tags) {
        SecretNames.check(name);
        String kmsKeyId = customerKey(requestedKey);
        if (tags != null) SecretNames.checkTags(tags);
        Instant now = now();
        String key = SecretCodec.path(ctx.accountId(), ctx.region(), name);
        Optional<Store.Entry> existing = store.get(key);
        if (existing.isPresent()) {
            Secret old = SecretCodec.decode(existing.get().value());
            if (old.markedForDeletion()) {
                throw SecretsErrors.invalidRequest(
                        "You can't create this secret because a secret with this name is already scheduled for"
                                + " deletion.");
            }
            // the same request again (same token, same value): the same answer
            if (token != null && value != null) {
                SecretVersion same = old.version(token);
                if (same != null && sameValue(ctx, old, same, value)) return new Written(old, token);
            }
            throw SecretsErrors.of(
                    "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret s = new Secret(
                ctx.accountId(),
                ctx.region(),
                name,
                arn,
                description,
                kmsKeyId,
                tags == null ? List.of() : tags,
                List.of(),
                now,
                now,
                null,
                null,
                null,
                null);
        String versionId = null;
        if (value != null) {
            versionId = token != null ? token : UUID.randomUUID().toString();
            SecretVersion v = seal(ctx, s, versionId, value, List.of(CURRENT), now);
            s = s.toBuilder().versions(List.of(v)).build();
        }
        try {
            store.apply(List.of(Mutation.create(key, SecretCodec.encode(s))));
        } catch (PreconditionFailedException raced) {
            throw SecretsErrors.of(
                    "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        return new Written(s, versionId);
    }

    /**
     * PutSecretValue and UpdateSecret's new value: a new version labelled {@code stages} ({@code AWSCURRENT} by
     * default: the old current one becomes {@code AWSPREVIOUS}). A retry with the same token and value answers the
     * existing version; the same token with another value is {@code ResourceExistsException}.
     */
    public Written putValue(RequestContext ctx, Secret secret, String token, Value value, List<String> stages) {
        String versionId = token != null ? token : UUID.randomUUID().toString();
        List<String> labels = stages == null || stages.isEmpty() ? List.of(CURRENT) : stages;
        SecretVersion[] sealed = new SecretVersion[1];
        Secret updated = update(ctx, secret, s -> {
            requireNotDeleted(s);
            SecretVersion same = s.version(versionId);
            if (same != null) {
                if (sameValue(ctx, s, same, value)) throw new Idempotent();
                throw SecretsErrors.of(
                        "ResourceExistsException",
                        "You can't modify an existing version, you can only create a new version.");
            }
            Instant now = now();
            if (sealed[0] == null) sealed[0] = seal(ctx, s, versionId, value, labels, now);
            return s.toBuilder()
                    .versions(withNewVersion(s.versions(), sealed[0], labels))
                    .lastChanged(now)
                    .build();
        });
        return new Written(updated == null ? secret : updated, versionId);
    }

    /** Thrown inside an update to leave the secret as it is (an idempotent retry). */
    private static final class Idempotent extends RuntimeException {
        Idempotent() {
            super(null, null, false, false);
        }
    }

    private static List<SecretVersion> withNewVersion(
            List<SecretVersion> versions, SecretVersion added, List<String> labels) {
        List<SecretVersion> out = new ArrayList<>();
        boolean moveCurrent = labels.contains(CURRENT);
        for (SecretVersion v : versions) {
            List<String> st = new ArrayList<>(v.stages());
            st.removeAll(labels);
            if (moveCurrent) {
                st.remove(PREVIOUS);
                if (v.stages().contains(CURRENT)) st.add(PREVIOUS);
            }
            out.add(v.withStages(st));
        }
        out.add(added);
        // at most 100 versions: the oldest deprecated (unlabelled) ones go first
        while (out.size() > MAX_VERSIONS) {
            int drop = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).stages().isEmpty()) {
                    drop = i;
                    break;
                }
            }
            if (drop < 0) break;
            out.remove(drop);
        }
        return out;
    }

    /** UpdateSecret's metadata: description and key (the value, if any, goes through {@link #putValue}). */
    public Secret updateMetadata(RequestContext ctx, Secret secret, String description, String kmsKeyId) {
        return update(ctx, secret, s -> {
            requireNotDeleted(s);
            Secret.Builder b = s.toBuilder().lastChanged(now());
            if (description != null) b.description(description);
            if (kmsKeyId != null) b.kmsKeyId(customerKey(kmsKeyId));
            return b.build();
        });
    }

    public Secret updateStage(RequestContext ctx, Secret secret, String stage, String removeFrom, String moveTo) {
        return update(ctx, secret, s -> {
            requireNotDeleted(s);
            if (moveTo != null && s.version(moveTo) == null) {
                throw SecretsErrors.invalidParameter(
                        "Secrets Manager can't find the specified secret version: " + moveTo);
            }
            SecretVersion holder = s.staged(stage);
            if (holder != null
                    && moveTo != null
                    && !holder.versionId().equals(moveTo)
                    && (removeFrom == null || !removeFrom.equals(holder.versionId()))) {
                throw SecretsErrors.invalidParameter("The staging label " + stage
                        + " is currently attached to version " + holder.versionId()
                        + ". You must specify the RemoveFromVersionId parameter to move it.");
            }
            if (removeFrom != null && (holder == null || !holder.versionId().equals(removeFrom))) {
                throw SecretsErrors.invalidParameter(
                        "The staging label " + stage + " is not attached to version " + removeFrom + ".");
            }
            if (moveTo == null && stage.equals(CURRENT)) {
                throw SecretsErrors.invalidParameter(
                        "You can only move staging label AWSCURRENT to a different secret version. It can't be"
                                + " completely removed.");
            }
            List<SecretVersion> out = new ArrayList<>();
            for (SecretVersion v : s.versions()) {
                List<String> st = new ArrayList<>(v.stages());
                st.remove(stage);
                if (stage.equals(CURRENT)) st.remove(PREVIOUS);
                if (v.versionId().equals(moveTo)) st.add(stage);
                if (stage.equals(CURRENT)
                        && holder != null
                        && v.versionId().equals(holder.versionId())
                        && !v.versionId().equals(moveTo)) {
                    st.add(PREVIOUS);
                }
                out.add(v.withStages(st));
            }
            return s.toBuilder().versions(out).lastChanged(now()).build();
        });
    }

    public Secret tag(RequestContext ctx, Secret secret, List<Tag> tags) {
        SecretNames.checkTags(tags);
        return update(ctx, secret, s -> {
            List<Tag> out = new ArrayList<>(s.tags());
            for (Tag t : tags) {
                out.removeIf(o -> o.key().equals(t.key()));
                out.add(t);
            }
            if (out.size() > SecretNames.MAX_TAGS) {
                throw SecretsErrors.of("LimitExceededException", "The request exceeds the maximum of 50 tags.");
            }
            return s.toBuilder().tags(out).build();
        });
    }

    public Secret untag(RequestContext ctx, Secret secret, List<String> keys) {
        return update(ctx, secret, s -> {
            List<Tag> out = new ArrayList<>(s.tags());
            out.removeIf(t -> keys.contains(t.key()));
            return s.toBuilder().tags(out).build();
        });
    }

    public Secret policy(RequestContext ctx, Secret secret, String policy) {
        return update(ctx, secret, s -> {
            requireNotDeleted(s);
            return s.toBuilder().policy(policy).build();
        });
    }

    /** DeleteSecret: marked for deletion after {@code days} (7–30, 30 by default), or at once when forced. */
    public Secret delete(RequestContext ctx, Secret secret, Long days, boolean force) {
        if (days != null && force) {
            throw SecretsErrors.invalidParameter(
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        if (days != null && (days < 7 || days > 30)) {
            throw SecretsErrors.invalidParameter(
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        Instant now = now();
        if (force) {
            String key = SecretCodec.path(secret.accountId(), secret.region(), secret.name());
            store.get(key).ifPresent(e -> {
                try {
                    store.apply(List.of(Mutation.delete(key, Precondition.version(e.version()))));
                } catch (PreconditionFailedException raced) {
                    throw SecretsErrors.of("InternalServiceError", "The secret changed meanwhile; try again.");
                }
            });
            return secret.toBuilder().deletion(now, now).build();
        }
        return update(ctx, secret, s -> {
            if (s.markedForDeletion()) throw SecretsErrors.markedForDeletion();
            return s.toBuilder()
                    .deletion(now, now.plus(Duration.ofDays(days == null ? 30 : days)))
                    .build();
        });
    }

    public Secret restore(RequestContext ctx, Secret secret) {
        return update(ctx, secret, s -> s.toBuilder().deletion(null, null).build());
    }

    /** Deletes the secrets whose recovery window has ended (the scheduler, under its lease); returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        int purged = 0;
        for (Store.Entry e : store.scan(SecretCodec.PREFIX)) {
            Secret s = SecretCodec.decode(e.value());
            if (s.deletionDate() == null || s.deletionDate().isAfter(now)) continue;
            try {
                store.apply(List.of(Mutation.delete(e.key(), Precondition.version(e.version()))));
                purged++;
                LOG.info("Deleted secret {} at the end of its recovery window", s.arn());
            } catch (PreconditionFailedException raced) {
                // restored or changed meanwhile: the next pass looks again
            }
        }
        return purged;
    }

    // ------------------------------------------------------------------ values

    /** The plaintext of {@code v}, decrypted through KMS on the caller's behalf (the caller wipes it). */
    public byte[] open(RequestContext ctx, Secret s, SecretVersion v) {
        try {
            return kms.open(
                    SERVICE,
                    ctx,
                    Base64.getDecoder().decode(v.dataKey()),
                    Base64.getDecoder().decode(v.ciphertext()),
                    context(s, v.versionId()));
        } catch (ServiceException e) {
            throw SecretsErrors.fromKms(e, false);
        }
    }

    private SecretVersion seal(
            RequestContext ctx, Secret s, String versionId, Value value, List<String> stages, Instant now) {
        if (value.bytes().length > MAX_VALUE) {
            throw SecretsErrors.invalidParameter("The secret value can be at most 65536 bytes.");
        }
        String keyRef =
                s.kmsKeyId() != null ? s.kmsKeyId() : kms.managedKey(AwsManagedKeys.Service.SECRETS_MANAGER, ctx);
        try {
            KmsOnBehalf.Envelope e = kms.seal(SERVICE, ctx, keyRef, context(s, versionId), value.bytes());
            return new SecretVersion(
                    versionId,
                    stages,
                    now,
                    Base64.getEncoder().encodeToString(e.encryptedDataKey()),
                    Base64.getEncoder().encodeToString(e.ciphertext()),
                    value.binary());
        } catch (ServiceException e) {
            throw SecretsErrors.fromKms(e, true);
        }
    }

    private boolean sameValue(RequestContext ctx, Secret s, SecretVersion v, Value value) {
        if (v.binary() != value.binary()) return false;
        byte[] old = open(ctx, s, v);
        try {
            return ConstantTime.equals(old, value.bytes());
        } finally {
            Arrays.fill(old, (byte) 0);
        }
    }

    /** The key a secret records: null for the AWS managed key, named or not (DescribeSecret then omits it). */
    private static String customerKey(String kmsKeyId) {
        return kmsKeyId == null || kmsKeyId.equals(AwsManagedKeys.Service.SECRETS_MANAGER.alias()) ? null : kmsKeyId;
    }

    static Map<String, String> context(Secret s, String versionId) {
        return Map.of("SecretARN", s.arn(), "SecretVersionId", versionId);
    }

    private static void requireNotDeleted(Secret s) {
        if (s.markedForDeletion()) throw SecretsErrors.markedForDeletion();
    }

    /** Rewrites the secret with compare-and-set; null when the change was an idempotent no-op. */
    private Secret update(RequestContext ctx, Secret secret, UnaryOperator<Secret> change) {
        String key = SecretCodec.path(secret.accountId(), secret.region(), secret.name());
        for (int attempt = 1; ; attempt++) {
            Optional<Store.Entry> e = store.get(key);
            if (e.isEmpty()) throw SecretsErrors.notFound();
            Secret current = SecretCodec.decode(e.get().value());
            if (!current.arn().equals(secret.arn())) throw SecretsErrors.notFound();
            Secret updated;
            try {
                updated = change.apply(current);
            } catch (Idempotent same) {
                return null;
            }
            try {
                store.apply(List.of(Mutation.put(
                        key,
                        SecretCodec.encode(updated),
                        Precondition.version(e.get().version()))));
                return updated;
            } catch (PreconditionFailedException raced) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw SecretsErrors.of("InternalServiceError", "Too many concurrent updates of the secret.");
                }
            }
        }
    }

    private String suffix() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) c[i] = SUFFIX[random.nextInt(SUFFIX.length)];
        return new String(c);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
