package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The AWS key-state table for every operation Trent implements, in the states a symmetric AWS_KMS key can be in
 * (Enabled, Disabled, PendingDeletion), through the AWS SDK.
 *
 * <p>Source: AWS KMS Developer Guide, "Key states of AWS KMS keys", key state table
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html; history in
 * awsdocs/aws-kms-developer-guide doc_source/key-state.md). Footnotes used here:
 * [1] {@code DisabledException: <key ARN> is disabled.};
 * [3] {@code KMSInvalidStateException: <key ARN> is pending deletion.} (the current table gives [3] for
 * cryptographic operations on a key pending deletion; the old "[2] DisabledException ... is pending deletion."
 * alternative is no longer what AWS returns);
 * [4] {@code KMSInvalidStateException: <key ARN> is not pending deletion.};
 * [7] GetKeyRotationStatus fails only for imported key material or custom key stores, so it succeeds here;
 * [10] UpdateAlias succeeds when the alias's current key is pending deletion and fails [3] when the new target is.
 */
class KeyStateTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;
    /** An enabled key for the operations that involve a second key, and a ciphertext under it. */
    static String otherKeyId;

    static SdkBytes otherCiphertext;
    static final AtomicInteger ALIASES = new AtomicInteger();

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        kms = trent.kms();
        otherKeyId =
                kms.createKey(b -> b.description("the other key")).keyMetadata().keyId();
        otherCiphertext = kms.encrypt(
                        b -> b.keyId(otherKeyId).plaintext(PLAINTEXT).encryptionContext(CONTEXT))
                .ciphertextBlob();
    }

    @AfterAll
    static void stop() {
        if (kms != null) kms.close();
        if (trent != null) trent.close();
    }

    enum State {
        Enabled,
        Disabled,
        PendingDeletion
    }

    /** What the table says: success, or one of the footnoted errors. */
    enum Outcome {
        OK,
        IS_DISABLED,
        IS_PENDING_DELETION,
        IS_NOT_PENDING_DELETION;

        static Outcome crypto(State s) {
            return switch (s) {
                case Enabled -> OK;
                case Disabled -> IS_DISABLED;
                case PendingDeletion -> IS_PENDING_DELETION;
            };
        }

        static Outcome manage(State s) {
            return s == State.PendingDeletion ? IS_PENDING_DELETION : OK;
        }
    }

    /**
     * The key under test ({@code keyId}, {@code arn}) in its state, with a ciphertext and an alias made while it
     * was still enabled, and another enabled key for the operations that involve two keys.
     */
    record Fixture(
            String keyId, String arn, SdkBytes ciphertext, String alias, String otherKeyId, SdkBytes otherCiphertext) {}

    @FunctionalInterface
    interface Call {
        void run(KmsClient kms, Fixture f);
    }

    static final Map<String, String> CONTEXT = Map.of("purpose", "key-state");
    static final SdkBytes PLAINTEXT = SdkBytes.fromString("state table", StandardCharsets.UTF_8);

    /** Operation name → (call, outcome per state). */
    enum Op {
        Encrypt((k, f) -> k.encrypt(b -> b.keyId(f.keyId()).plaintext(PLAINTEXT)), Outcome::crypto),
        Decrypt((k, f) -> k.decrypt(b -> b.ciphertextBlob(f.ciphertext()).encryptionContext(CONTEXT)), Outcome::crypto),
        ReEncrypt_source(
                (k, f) -> k.reEncrypt(b -> b.ciphertextBlob(f.ciphertext())
                        .sourceEncryptionContext(CONTEXT)
                        .destinationKeyId(f.otherKeyId())),
                Outcome::crypto),
        ReEncrypt_destination(
                (k, f) -> k.reEncrypt(b -> b.ciphertextBlob(f.otherCiphertext())
                        .sourceEncryptionContext(CONTEXT)
                        .destinationKeyId(f.keyId())),
                Outcome::crypto),
        GenerateDataKey(
                (k, f) -> k.generateDataKey(b -> b.keyId(f.keyId()).keySpec(DataKeySpec.AES_256)), Outcome::crypto),
        GenerateDataKeyWithoutPlaintext(
                (k, f) -> k.generateDataKeyWithoutPlaintext(
                        b -> b.keyId(f.keyId()).numberOfBytes(32)),
                Outcome::crypto),
        DescribeKey((k, f) -> k.describeKey(b -> b.keyId(f.keyId())), s -> Outcome.OK),
        EnableKey((k, f) -> k.enableKey(b -> b.keyId(f.keyId())), Outcome::manage),
        DisableKey((k, f) -> k.disableKey(b -> b.keyId(f.keyId())), Outcome::manage),
        ScheduleKeyDeletion(
                (k, f) -> k.scheduleKeyDeletion(b -> b.keyId(f.keyId()).pendingWindowInDays(7)), Outcome::manage),
        CancelKeyDeletion(
                (k, f) -> k.cancelKeyDeletion(b -> b.keyId(f.keyId())),
                s -> s == State.PendingDeletion ? Outcome.OK : Outcome.IS_NOT_PENDING_DELETION),
        CreateAlias((k, f) -> k.createAlias(b -> b.aliasName(newAlias()).targetKeyId(f.keyId())), Outcome::manage),
        // [10]: the new target's state decides ...
        UpdateAlias_toThisKey(
                (k, f) -> {
                    String alias = newAlias();
                    k.createAlias(b -> b.aliasName(alias).targetKeyId(f.otherKeyId()));
                    k.updateAlias(b -> b.aliasName(alias).targetKeyId(f.keyId()));
                },
                Outcome::manage),
        // ... and moving an alias away from a key pending deletion succeeds
        UpdateAlias_fromThisKey(
                (k, f) -> k.updateAlias(b -> b.aliasName(f.alias()).targetKeyId(f.otherKeyId())), s -> Outcome.OK),
        DeleteAlias((k, f) -> k.deleteAlias(b -> b.aliasName(f.alias())), s -> Outcome.OK),
        ListAliases(
                (k, f) -> assertThat(k.listAliases(b -> b.keyId(f.keyId())).aliases())
                        .extracting(a -> a.aliasName())
                        .contains(f.alias()),
                s -> Outcome.OK),
        TagResource(
                (k, f) -> k.tagResource(b -> b.keyId(f.keyId())
                        .tags(Tag.builder().tagKey("k").tagValue("v").build())),
                Outcome::manage),
        UntagResource((k, f) -> k.untagResource(b -> b.keyId(f.keyId()).tagKeys("team")), Outcome::manage),
        ListResourceTags(
                (k, f) -> assertThat(k.listResourceTags(b -> b.keyId(f.keyId())).tags())
                        .extracting(Tag::tagKey)
                        .contains("team"),
                s -> Outcome.OK),
        GetKeyPolicy(
                (k, f) -> assertThat(k.getKeyPolicy(b -> b.keyId(f.keyId()).policyName("default"))
                                .policy())
                        .contains("Statement"),
                s -> Outcome.OK),
        PutKeyPolicy(
                (k, f) -> k.putKeyPolicy(b -> b.keyId(f.keyId())
                        .policyName("default")
                        .policy(KmsOperationsTest.rootPolicy(trent.admin().accountId()))),
                s -> Outcome.OK),
        ListKeyPolicies(
                (k, f) -> assertThat(k.listKeyPolicies(b -> b.keyId(f.keyId())).policyNames())
                        .containsExactly("default"),
                s -> Outcome.OK),
        UpdateKeyDescription(
                (k, f) -> k.updateKeyDescription(b -> b.keyId(f.keyId()).description("new")), Outcome::manage),
        GetKeyRotationStatus(
                (k, f) -> assertThat(
                                k.getKeyRotationStatus(b -> b.keyId(f.keyId())).keyRotationEnabled())
                        .isFalse(),
                s -> Outcome.OK);

        final Call call;
        final java.util.function.Function<State, Outcome> table;

        Op(Call call, java.util.function.Function<State, Outcome> table) {
            this.call = call;
            this.table = table;
        }
    }

    static String newAlias() {
        return "alias/state-" + ALIASES.incrementAndGet();
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Op op : Op.values()) {
            for (State s : State.values()) rows.add(Arguments.of(op, s, op.table.apply(s)));
        }
        return rows.stream();
    }

    static Fixture fixture(State state) {
        var created = kms.createKey(b -> b.description("state " + state)
                        .tags(Tag.builder().tagKey("team").tagValue("blue").build()))
                .keyMetadata();
        String keyId = created.keyId();
        SdkBytes ciphertext = kms.encrypt(
                        b -> b.keyId(keyId).plaintext(PLAINTEXT).encryptionContext(CONTEXT))
                .ciphertextBlob();
        String alias = newAlias();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
        switch (state) {
            case Enabled -> {}
            case Disabled -> kms.disableKey(b -> b.keyId(keyId));
            case PendingDeletion -> kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
        }
        return new Fixture(keyId, created.arn(), ciphertext, alias, otherKeyId, otherCiphertext);
    }

    @ParameterizedTest(name = "{0} on a {1} key: {2}")
    @MethodSource("table")
    void keyStateTable(Op op, State state, Outcome expected) {
        Fixture f = fixture(state);
        switch (expected) {
            case OK -> assertThatCode(() -> op.call.run(kms, f)).doesNotThrowAnyException();
            case IS_DISABLED -> assertFails(op, f, DisabledException.class, f.arn() + " is disabled.");
            case IS_PENDING_DELETION ->
                assertFails(op, f, KmsInvalidStateException.class, f.arn() + " is pending deletion.");
            case IS_NOT_PENDING_DELETION ->
                assertFails(op, f, KmsInvalidStateException.class, f.arn() + " is not pending deletion.");
        }
    }

    static void assertFails(Op op, Fixture f, Class<? extends KmsException> type, String message) {
        assertThatThrownBy(() -> op.call.run(kms, f))
                .isInstanceOf(type)
                .satisfies(e -> assertThat(((KmsException) e).awsErrorDetails().errorMessage())
                        .isEqualTo(message));
    }
}
