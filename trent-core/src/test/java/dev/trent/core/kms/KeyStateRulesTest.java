package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.ServiceException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyStateRulesTest {
    private static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static KmsKey key(KeyState state) {
        return KmsKey.builder()
                .id(KeyId.parse("1234abcd-12ab-34cd-56ef-1234567890ab"))
                .accountId("111122223333")
                .region("us-east-1")
                .partition("aws")
                .creationDate(Instant.EPOCH)
                .description("")
                .state(state)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .origin(Origin.AWS_KMS)
                .policy("{}")
                .tags(List.of())
                .materials(List.of())
                .build();
    }

    static void fails(String action, KeyState state, String code, String message) {
        assertThatThrownBy(() -> KeyStateRules.check(action, key(state)))
                .isInstanceOf(ServiceException.class)
                .hasMessage(message)
                .extracting("errorCode")
                .isEqualTo(code);
    }

    @Test
    void cryptographicOperationsNeedAnEnabledKey() {
        for (String action : List.of(
                KmsActions.ENCRYPT,
                KmsActions.DECRYPT,
                KmsActions.RE_ENCRYPT_FROM,
                KmsActions.RE_ENCRYPT_TO,
                KmsActions.GENERATE_DATA_KEY,
                KmsActions.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT)) {
            assertThatCode(() -> KeyStateRules.check(action, key(KeyState.Enabled)))
                    .doesNotThrowAnyException();
            fails(action, KeyState.Disabled, "DisabledException", ARN + " is disabled.");
            fails(action, KeyState.PendingDeletion, "KMSInvalidStateException", ARN + " is pending deletion.");
            fails(action, KeyState.PendingImport, "KMSInvalidStateException", ARN + " is pending import.");
            fails(action, KeyState.Unavailable, "KMSInvalidStateException", ARN + " is unavailable.");
            fails(action, KeyState.Creating, "KMSInvalidStateException", ARN + " is Creating.");
            fails(action, KeyState.Updating, "KMSInvalidStateException", ARN + " is Updating.");
        }
    }

    @Test
    void enableAndDisableNeedAnEnabledOrDisabledKey() {
        for (String action : List.of(KmsActions.ENABLE_KEY, KmsActions.DISABLE_KEY)) {
            assertThat(KeyStateRules.answer(action, KeyState.Enabled)).isEqualTo(KeyStateRules.Answer.ALLOWED);
            assertThat(KeyStateRules.answer(action, KeyState.Disabled)).isEqualTo(KeyStateRules.Answer.ALLOWED);
            fails(action, KeyState.PendingDeletion, "KMSInvalidStateException", ARN + " is pending deletion.");
            fails(action, KeyState.PendingImport, "KMSInvalidStateException", ARN + " is pending import.");
        }
    }

    @Test
    void managementNeedsAKeyNotPendingDeletion() {
        for (String action : List.of(
                KmsActions.SCHEDULE_KEY_DELETION,
                KmsActions.UPDATE_KEY_DESCRIPTION,
                KmsActions.TAG_RESOURCE,
                KmsActions.UNTAG_RESOURCE,
                KmsActions.CREATE_ALIAS,
                KmsActions.UPDATE_ALIAS)) {
            for (KeyState s : KeyState.values()) {
                if (s == KeyState.PendingDeletion) {
                    fails(action, s, "KMSInvalidStateException", ARN + " is pending deletion.");
                } else {
                    assertThat(KeyStateRules.answer(action, s)).isEqualTo(KeyStateRules.Answer.ALLOWED);
                }
            }
        }
    }

    @Test
    void cancelDeletionNeedsAKeyPendingDeletion() {
        assertThatCode(() -> KeyStateRules.check(KmsActions.CANCEL_KEY_DELETION, key(KeyState.PendingDeletion)))
                .doesNotThrowAnyException();
        for (KeyState s : List.of(KeyState.Enabled, KeyState.Disabled, KeyState.PendingImport)) {
            fails(KmsActions.CANCEL_KEY_DELETION, s, "KMSInvalidStateException", ARN + " is not pending deletion.");
        }
    }

    @Test
    void readsAndPutKeyPolicyWorkInEveryState() {
        for (String action : List.of(
                KmsActions.DESCRIBE_KEY,
                KmsActions.LIST_ALIASES,
                KmsActions.LIST_RESOURCE_TAGS,
                KmsActions.GET_KEY_POLICY,
                KmsActions.PUT_KEY_POLICY,
                KmsActions.LIST_KEY_POLICIES,
                KmsActions.GET_KEY_ROTATION_STATUS)) {
            for (KeyState s : KeyState.values()) {
                assertThat(KeyStateRules.answer(action, s)).isEqualTo(KeyStateRules.Answer.ALLOWED);
            }
        }
    }

    @Test
    void anActionTheTableDoesNotKnowIsAProgrammingError() {
        assertThatThrownBy(() -> KeyStateRules.check("kms:CreateCustomKeyStore", key(KeyState.Enabled)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
