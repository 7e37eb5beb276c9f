package dev.trent.core.kms;

import static dev.trent.core.kms.KeyState.Creating;
import static dev.trent.core.kms.KeyState.Disabled;
import static dev.trent.core.kms.KeyState.Enabled;
import static dev.trent.core.kms.KeyState.PendingDeletion;
import static dev.trent.core.kms.KeyState.PendingImport;
import static dev.trent.core.kms.KeyState.PendingReplicaDeletion;
import static dev.trent.core.kms.KeyState.Unavailable;
import static dev.trent.core.kms.KeyState.Updating;
import static java.util.Map.entry;

import dev.trent.core.ServiceException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The AWS key-state table in one place: for each kind of operation, which key states allow it and what every
 * other state answers (AWS KMS Developer Guide, "Key states of AWS KMS keys"; footnotes [1] {@code
 * DisabledException: <arn> is disabled.}, [3] {@code KMSInvalidStateException: <arn> is pending deletion.}, [4]
 * {@code KMSInvalidStateException: <arn> is not pending deletion.}).
 *
 * <p>Operations call {@link #check} with their IAM action once the registry has resolved and authorized the key.
 */
public final class KeyStateRules {

    /** The kinds of operation the table distinguishes. */
    public enum Category {
        /** Encrypt, Decrypt, ReEncrypt (both keys), GenerateDataKey*, Sign, Verify, MACs, GetPublicKey, DeriveSharedSecret: only Enabled keys. */
        CRYPTOGRAPHIC,
        /** EnableKey, DisableKey: Enabled or Disabled keys. */
        ENABLE_DISABLE,
        /**
         * Changes that any key not pending deletion accepts: tags, description, aliases, ScheduleKeyDeletion,
         * CreateGrant.
         */
        MANAGE,
        /** CancelKeyDeletion: only keys pending deletion. */
        CANCEL_DELETION,
        /** Reads, PutKeyPolicy, and ListGrants, RetireGrant, RevokeGrant: every state. */
        ANY_STATE,
        /** EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand: only Enabled keys. */
        ENABLED_ONLY,
        /** ReplicateKey, UpdatePrimaryRegion: Enabled keys, and keys waiting for imported material. */
        REPLICATION
    }

    /** What a state answers: allowed, or an error code and a message after the key ARN. */
    public enum Answer {
        ALLOWED(null, null),
        IS_DISABLED("DisabledException", " is disabled."),
        IS_PENDING_DELETION("KMSInvalidStateException", " is pending deletion."),
        IS_PENDING_IMPORT("KMSInvalidStateException", " is pending import."),
        IS_UNAVAILABLE("KMSInvalidStateException", " is unavailable."),
        /** {@code <arn> is <state>.} */
        IS_IN_STATE("KMSInvalidStateException", null),
        IS_NOT_PENDING_DELETION("KMSInvalidStateException", " is not pending deletion.");

        private final String errorCode;
        private final String suffix;

        Answer(String errorCode, String suffix) {
            this.errorCode = errorCode;
            this.suffix = suffix;
        }

        public String errorCode() {
            return errorCode;
        }

        /** The error this answer gives for {@code key}; only for answers other than {@link #ALLOWED}. */
        public ServiceException error(KmsKey key) {
            if (this == ALLOWED) throw new IllegalStateException("allowed");
            String tail = suffix != null ? suffix : " is " + key.state() + ".";
            return new ServiceException(errorCode, 400, key.arn() + tail);
        }
    }

    /** The answer of a state where an operation needs another one ("the state error"). */
    private static final Map<KeyState, Answer> STATE_ERROR = Map.of(
            Disabled, Answer.IS_DISABLED,
            PendingDeletion, Answer.IS_PENDING_DELETION,
            PendingImport, Answer.IS_PENDING_IMPORT,
            Unavailable, Answer.IS_UNAVAILABLE,
            Creating, Answer.IS_IN_STATE,
            Enabled, Answer.IS_IN_STATE,
            PendingReplicaDeletion, Answer.IS_IN_STATE,
            Updating, Answer.IS_IN_STATE);

    private static final Map<Category, Map<KeyState, Answer>> TABLE = new EnumMap<>(Category.class);

    static {
        row(Category.CRYPTOGRAPHIC, allowing(Enabled));
        row(Category.ENABLE_DISABLE, allowing(Enabled, Disabled));
        Map<KeyState, Answer> manage = allowing(KeyState.values());
        manage.put(PendingDeletion, Answer.IS_PENDING_DELETION);
        row(Category.MANAGE, manage);
        Map<KeyState, Answer> cancel = new EnumMap<>(KeyState.class);
        for (KeyState s : KeyState.values()) cancel.put(s, Answer.IS_NOT_PENDING_DELETION);
        cancel.put(PendingDeletion, Answer.ALLOWED);
        cancel.put(PendingReplicaDeletion, Answer.ALLOWED);
        row(Category.CANCEL_DELETION, cancel);
        row(Category.ANY_STATE, allowing(KeyState.values()));
        row(Category.ENABLED_ONLY, allowing(Enabled));
        row(Category.REPLICATION, allowing(Enabled, PendingImport));
    }

    private static final Map<String, Category> CATEGORY_OF = Map.ofEntries(
            entry(KmsActions.ENCRYPT, Category.CRYPTOGRAPHIC),
            entry(KmsActions.DECRYPT, Category.CRYPTOGRAPHIC),
            entry(KmsActions.RE_ENCRYPT_FROM, Category.CRYPTOGRAPHIC),
            entry(KmsActions.RE_ENCRYPT_TO, Category.CRYPTOGRAPHIC),
            entry(KmsActions.GENERATE_DATA_KEY, Category.CRYPTOGRAPHIC),
            entry(KmsActions.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT, Category.CRYPTOGRAPHIC),
            entry(KmsActions.GENERATE_DATA_KEY_PAIR, Category.CRYPTOGRAPHIC),
            entry(KmsActions.GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT, Category.CRYPTOGRAPHIC),
            entry(KmsActions.GET_PUBLIC_KEY, Category.CRYPTOGRAPHIC),
            entry(KmsActions.SIGN, Category.CRYPTOGRAPHIC),
            entry(KmsActions.VERIFY, Category.CRYPTOGRAPHIC),
            entry(KmsActions.GENERATE_MAC, Category.CRYPTOGRAPHIC),
            entry(KmsActions.VERIFY_MAC, Category.CRYPTOGRAPHIC),
            entry(KmsActions.DERIVE_SHARED_SECRET, Category.CRYPTOGRAPHIC),
            entry(KmsActions.ENABLE_KEY, Category.ENABLE_DISABLE),
            entry(KmsActions.DISABLE_KEY, Category.ENABLE_DISABLE),
            entry(KmsActions.SCHEDULE_KEY_DELETION, Category.MANAGE),
            entry(KmsActions.UPDATE_KEY_DESCRIPTION, Category.MANAGE),
            entry(KmsActions.TAG_RESOURCE, Category.MANAGE),
            entry(KmsActions.UNTAG_RESOURCE, Category.MANAGE),
            entry(KmsActions.CREATE_ALIAS, Category.MANAGE),
            entry(KmsActions.UPDATE_ALIAS, Category.MANAGE),
            entry(KmsActions.CREATE_GRANT, Category.MANAGE),
            entry(KmsActions.CANCEL_KEY_DELETION, Category.CANCEL_DELETION),
            entry(KmsActions.DESCRIBE_KEY, Category.ANY_STATE),
            entry(KmsActions.LIST_ALIASES, Category.ANY_STATE),
            entry(KmsActions.LIST_RESOURCE_TAGS, Category.ANY_STATE),
            entry(KmsActions.GET_KEY_POLICY, Category.ANY_STATE),
            entry(KmsActions.PUT_KEY_POLICY, Category.ANY_STATE),
            entry(KmsActions.LIST_KEY_POLICIES, Category.ANY_STATE),
            entry(KmsActions.GET_KEY_ROTATION_STATUS, Category.ANY_STATE),
            entry(KmsActions.LIST_GRANTS, Category.ANY_STATE),
            entry(KmsActions.RETIRE_GRANT, Category.ANY_STATE),
            entry(KmsActions.REVOKE_GRANT, Category.ANY_STATE),
            entry(KmsActions.ENABLE_KEY_ROTATION, Category.ENABLED_ONLY),
            entry(KmsActions.DISABLE_KEY_ROTATION, Category.ENABLED_ONLY),
            entry(KmsActions.ROTATE_KEY_ON_DEMAND, Category.ENABLED_ONLY),
            entry(KmsActions.LIST_KEY_ROTATIONS, Category.ANY_STATE),
            entry(KmsActions.GET_PARAMETERS_FOR_IMPORT, Category.MANAGE),
            entry(KmsActions.IMPORT_KEY_MATERIAL, Category.MANAGE),
            entry(KmsActions.DELETE_IMPORTED_KEY_MATERIAL, Category.ANY_STATE),
            entry(KmsActions.REPLICATE_KEY, Category.REPLICATION),
            entry(KmsActions.UPDATE_PRIMARY_REGION, Category.REPLICATION));

    private KeyStateRules() {}

    /** Every state allowed in {@code allowed}; every other answers with its state error. */
    private static Map<KeyState, Answer> allowing(KeyState... allowed) {
        Map<KeyState, Answer> row = new EnumMap<>(STATE_ERROR);
        for (KeyState s : allowed) row.put(s, Answer.ALLOWED);
        return row;
    }

    private static void row(Category category, Map<KeyState, Answer> answers) {
        if (answers.size() != KeyState.values().length) throw new ExceptionInInitializerError(category + " is partial");
        TABLE.put(category, answers);
    }

    /** The category of an IAM action; {@link IllegalArgumentException} for an action the table does not know. */
    public static Category categoryOf(String action) {
        Category c = CATEGORY_OF.get(action);
        if (c == null) throw new IllegalArgumentException("no key-state rule for " + action);
        return c;
    }

    /** What {@code state} answers to {@code action}. */
    public static Answer answer(String action, KeyState state) {
        return TABLE.get(categoryOf(action)).get(state);
    }

    /** Returns normally if {@code key}'s state allows {@code action}; otherwise throws the table's error. */
    public static void check(String action, KmsKey key) {
        Answer a = answer(action, key.state());
        if (a != Answer.ALLOWED) throw a.error(key);
    }
}
