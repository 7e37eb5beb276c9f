package dev.trent.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KmsLoadBenchmarkOptionsTest {
    @Test
    void theDefaultScenariosStayTheSymmetricOnes() {
        assertThat(KmsLoadBenchmark.parse(new String[0]).scenarios())
                .containsExactly("encrypt", "decrypt", "generate-data-key");
    }

    @Test
    void signAndMacScenariosAreSelectable() {
        assertThat(KmsLoadBenchmark.parse(
                                new String[] {"--scenarios", "sign-rsa2048, SIGN-P256,sign-ed25519,generate-mac"})
                        .scenarios())
                .containsExactly("sign-rsa2048", "sign-p256", "sign-ed25519", "generate-mac");
        assertThat(KmsLoadBenchmark.parse(new String[] {"--scenarios=all"}).scenarios())
                .containsExactlyElementsOf(KmsLoadBenchmark.SCENARIOS)
                .containsAll(List.of("encrypt", "generate-mac"));
    }

    @Test
    void anUnknownScenarioIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> KmsLoadBenchmark.parse(new String[] {"--scenarios", "sign-rsa4096"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'sign-rsa4096'")
                .hasMessageContaining("sign-ed25519");
    }
}
