package dev.trent.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} backend must show. A backend's test extends this and supplies a fresh
 * store; one suite for all backends, as Vault does.
 */
public abstract class StoreContract {
    protected abstract Store newStore() throws Exception;

    /** Closes and reopens the same backing data, to check durability. */
    protected abstract Store reopen(Store closed) throws Exception;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetDelete() throws Exception {
        try (Store s = newStore()) {
            assertThat(s.get("a")).isEmpty();
            s.apply(List.of(Store.Mutation.put("a", b("1"))));
            assertThat(s.get("a")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(b("1")));
            s.apply(List.of(Store.Mutation.put("a", b("2"))));
            assertThat(s.get("a")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(b("2")));
            s.apply(List.of(Store.Mutation.delete("a")));
            assertThat(s.get("a")).isEmpty();
            s.apply(List.of(Store.Mutation.delete("never-there")));
        }
    }

    @Test
    void scanIsOrderedAndPrefixBounded() throws Exception {
        try (Store s = newStore()) {
            s.apply(List.of(
                    Store.Mutation.put("k/b", b("2")),
                    Store.Mutation.put("k/a", b("1")),
                    Store.Mutation.put("k/c/x", b("3")),
                    Store.Mutation.put("k", b("root")),
                    Store.Mutation.put("kz", b("other")),
                    Store.Mutation.put("j/a", b("other"))));
            assertThat(s.scan("k/")).extracting(Store.Entry::key).containsExactly("k/a", "k/b", "k/c/x");
            assertThat(s.scan("nothing/")).isEmpty();
            assertThat(s.scan("")).hasSize(6);
        }
    }

    @Test
    void batchIsAppliedInOrder() throws Exception {
        try (Store s = newStore()) {
            s.apply(List.of(
                    Store.Mutation.put("x", b("1")), Store.Mutation.delete("x"), Store.Mutation.put("y", b("2"))));
            assertThat(s.get("x")).isEmpty();
            assertThat(s.get("y")).isPresent();
        }
    }

    @Test
    void binaryValuesAndUnicodeKeysRoundTrip() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        try (Store s = newStore()) {
            s.apply(List.of(Store.Mutation.put("ключ/✓", all)));
            assertThat(s.get("ключ/✓"))
                    .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(all));
            assertThat(s.scan("ключ/")).hasSize(1);
        }
    }

    @Test
    void survivesReopen() throws Exception {
        Store s = newStore();
        s.apply(List.of(Store.Mutation.put("durable", b("yes"))));
        try (Store again = reopen(s)) {
            assertThat(again.get("durable"))
                    .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(b("yes")));
        }
    }
}
