package dev.trent.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModelPatternsTest {

    @Test
    void javaPatternsAreUsedAsTheyAre() {
        Pattern p = ModelPatterns.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
        assertThat(p.pattern()).isEqualTo("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
        assertThat(p.matcher("{\"Version\":\"2012-10-17\"}\n").matches()).isTrue();
        assertThat(p.matcher("\u0100").matches()).isFalse();
        // '-' after a range is a literal, as in the model's ^[a-zA-Z0-9-_.]+$
        assertThat(ModelPatterns.compile("^[a-zA-Z0-9-_.]+$").matcher("a-b_c.d").matches())
                .isTrue();
    }

    @Test
    void ecmaScriptSpellingsAreAdapted() {
        assertThat(ModelPatterns.compile("[[a]+").matcher("[a[").matches()).isTrue();
    }

    @Test
    void adaptation() {
        assertThat(ModelPatterns.adaptEcmaScript("\\u{1F600}")).isEqualTo("\\x{1F600}");
        assertThat(ModelPatterns.adaptEcmaScript("a[^]b")).isEqualTo("a[\\s\\S]b");
        assertThat(ModelPatterns.adaptEcmaScript("a[]b")).isEqualTo("a(?!)b");
        assertThat(ModelPatterns.adaptEcmaScript("[[&&x]")).isEqualTo("[\\[&\\&x]");
        assertThat(ModelPatterns.adaptEcmaScript("[\\]a][b]")).isEqualTo("[\\]a][b]");
        assertThat(ModelPatterns.compile("\\u{41}+").matcher("AA").matches()).isTrue();
    }

    @Test
    void hopelessPatternsAreRejected() {
        assertThatThrownBy(() -> ModelPatterns.compile("(a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(a");
    }
}
