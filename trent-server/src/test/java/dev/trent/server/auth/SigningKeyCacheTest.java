package dev.trent.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {

    static final byte[] S1 = {1, 2, 3};
    static final byte[] S2 = {1, 2, 4};
    static final byte[] K1 = {9};
    static final byte[] K2 = {8};

    @Test
    void hitsOnlyForTheSameKeyScopeAndSecret() {
        SigningKeyCache c = new SigningKeyCache(16);
        c.put("AK", "20261123", "eu-west-1", "kms", S1, K1);
        assertThat(c.get("AK", "20261123", "eu-west-1", "kms", S1)).isEqualTo(K1);
        assertThat(c.get("AK", "20261123", "eu-west-1", "kms", S2)).isNull();
        assertThat(c.get("AK", "20261124", "eu-west-1", "kms", S1)).isNull();
        assertThat(c.get("AK", "20261123", "eu-west-2", "kms", S1)).isNull();
        assertThat(c.get("AK", "20261123", "eu-west-1", "s3", S1)).isNull();
        assertThat(c.get("AK2", "20261123", "eu-west-1", "kms", S1)).isNull();
    }

    @Test
    void storesCopies() {
        SigningKeyCache c = new SigningKeyCache(16);
        byte[] secret = S1.clone();
        byte[] key = K1.clone();
        c.put("AK", "20261123", "r", "kms", secret, key);
        secret[0] = 7;
        key[0] = 7;
        assertThat(c.get("AK", "20261123", "r", "kms", S1)).isEqualTo(K1);
    }

    @Test
    void rotationReplacesTheEntry() {
        SigningKeyCache c = new SigningKeyCache(16);
        c.put("AK", "20261123", "r", "kms", S1, K1);
        c.put("AK", "20261123", "r", "kms", S2, K2);
        assertThat(c.get("AK", "20261123", "r", "kms", S2)).isEqualTo(K2);
        assertThat(c.get("AK", "20261123", "r", "kms", S1)).isNull();
    }

    @Test
    void isBounded() {
        SigningKeyCache c = new SigningKeyCache(100);
        assertThat(c.capacity()).isEqualTo(128);
        assertThat(new SigningKeyCache(128).capacity()).isEqualTo(128);
        assertThat(new SigningKeyCache(2).capacity()).isEqualTo(2);
        int hits = 0;
        for (int i = 0; i < 10_000; i++) {
            c.put("AK" + i, "20261123", "r", "kms", S1, K1);
        }
        for (int i = 0; i < 10_000; i++) {
            if (c.get("AK" + i, "20261123", "r", "kms", S1) != null) {
                hits++;
            }
        }
        assertThat(hits).isPositive().isLessThanOrEqualTo(128);
    }
}
