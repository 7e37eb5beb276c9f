package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.ServiceException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyIdTest {
    @Test
    void uuidsAreHeldInLowerCase() {
        UUID u = UUID.fromString("1234abcd-12ab-34cd-56ef-1234567890ab");
        KeyId lower = KeyId.parse("1234abcd-12ab-34cd-56ef-1234567890ab");
        KeyId upper = KeyId.parse("1234ABCD-12AB-34CD-56EF-1234567890AB");
        assertThat(lower).isEqualTo(upper).isEqualTo(KeyId.of(u)).hasSameHashCodeAs(upper);
        assertThat(upper.value()).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(upper.uuid()).isEqualTo(u);
        assertThat(upper.multiRegion()).isFalse();
        assertThat(upper).hasToString(upper.value());
    }

    @Test
    void multiRegionIdsAreMrkAndThirtyTwoLowerCaseHexDigits() {
        KeyId mrk = KeyId.parse("mrk-1234abcd12ab34cd56ef1234567890ab");
        assertThat(mrk.multiRegion()).isTrue();
        assertThat(mrk.uuid()).isNull();
        assertThat(mrk.value()).isEqualTo("mrk-1234abcd12ab34cd56ef1234567890ab");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "fake-key-id",
                "1234abcd-12ab-34cd-56ef-1234567890a",
                "1234abcd-12ab-34cd-56ef-1234567890abc",
                "1234abcd12ab-34cd-56ef-1234567890ab-",
                "1234abcg-12ab-34cd-56ef-1234567890ab",
                "mrk-1234ABCD12ab34cd56ef1234567890ab",
                "MRK-1234abcd12ab34cd56ef1234567890ab",
                "mrk-1234abcd12ab34cd56ef1234567890a",
                "mrk-1234abcd-12ab-34cd-56ef-1234567890ab",
                "alias/demo",
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            })
    void anythingElseIsAnInvalidKeyId(String s) {
        assertThat(KeyId.tryParse(s)).isNull();
        assertThatThrownBy(() -> KeyId.parse(s))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Invalid keyId '" + s + "'")
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
    }
}
