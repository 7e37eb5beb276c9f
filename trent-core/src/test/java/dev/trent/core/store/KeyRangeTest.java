package dev.trent.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRangeTest {
    @Test
    void upperBoundOfAPrefix() {
        assertThat(KeyRange.upperBound("")).isNull();
        assertThat(KeyRange.upperBound("k/")).isEqualTo("k0");
        assertThat(KeyRange.upperBound("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(KeyRange.upperBound("a" + Character.toString(Character.MAX_CODE_POINT)))
                .isEqualTo("b");
    }
}
