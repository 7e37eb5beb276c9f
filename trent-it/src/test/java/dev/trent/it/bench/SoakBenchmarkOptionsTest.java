package dev.trent.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoakBenchmarkOptionsTest {
    @Test
    void theDefaultsAreTenMinutesAtEightyPercentWithAMinuteLine() {
        SoakBenchmark.Options o = SoakBenchmark.parse(new String[0]);
        assertThat(o.duration()).isEqualTo(600);
        assertThat(o.interval()).isEqualTo(60);
        assertThat(o.loadFraction()).isEqualTo(0.8);
        assertThat(o.heapTolerance()).isEqualTo(20);
    }

    @Test
    void theShortVerificationRunIsAccepted() {
        SoakBenchmark.Options o = SoakBenchmark.parse(new String[] {
            "--duration", "60", "--interval=10", "--trent-jvm-arg", "-Xmx512m", "--create-key-rate", "0.5"
        });
        assertThat(o.duration()).isEqualTo(60);
        assertThat(o.interval()).isEqualTo(10);
        assertThat(o.trentJvmArgs()).containsExactly("-Xmx512m");
        assertThat(o.createKeyRate()).isEqualTo(0.5);
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> SoakBenchmark.parse(new String[] {"--interval", "120", "--duration", "60"}))
                .hasMessage("--interval must not exceed --duration");
        assertThatThrownBy(() -> SoakBenchmark.parse(new String[] {"--interval", "900", "--duration", "1200"}))
                .hasMessage("--interval must be at most 600 seconds");
        assertThatThrownBy(() -> SoakBenchmark.parse(new String[] {"--load-fraction", "1.5"}))
                .hasMessage("--load-fraction must be at most 1");
        assertThatThrownBy(() -> SoakBenchmark.parse(new String[] {"--list-keys-rate", "fast"}))
                .hasMessage("--list-keys-rate takes a number, not 'fast'");
        assertThatThrownBy(() -> SoakBenchmark.parse(new String[] {"--bogus", "1"}))
                .hasMessage("unknown option --bogus");
    }
}
