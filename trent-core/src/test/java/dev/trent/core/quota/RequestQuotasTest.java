package dev.trent.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.kms.KeySpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestQuotasTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    @Test
    void bucketHoldsOneSecondAndRefillsAtItsRate() {
        TokenBucket b = new TokenBucket(5, now.get());
        for (int i = 0; i < 5; i++)
            assertThat(b.tryTake(now.get())).as("token %d", i).isTrue();
        assertThat(b.tryTake(now.get())).isFalse();
        now.addAndGet(SECOND / 5 - 1);
        assertThat(b.tryTake(now.get())).isFalse();
        now.addAndGet(1);
        assertThat(b.tryTake(now.get())).isTrue();
        assertThat(b.tryTake(now.get())).isFalse();
        // a long pause refills it to one second's worth, not more
        now.addAndGet(60 * SECOND);
        int taken = 0;
        while (b.tryTake(now.get())) taken++;
        assertThat(taken).isEqualTo(5);
    }

    @Test
    void fractionalRatesAllowOneRequestPerInterval() {
        TokenBucket b = new TokenBucket(0.5, now.get());
        assertThat(b.tryTake(now.get())).isTrue();
        assertThat(b.tryTake(now.get())).isFalse();
        now.addAndGet(SECOND);
        assertThat(b.tryTake(now.get())).isFalse();
        now.addAndGet(SECOND);
        assertThat(b.tryTake(now.get())).isTrue();
    }

    @Test
    void awsDefaultsDependOnTheRegion() {
        assertThat(KmsRequestQuotas.SYMMETRIC.defaultFor("us-east-1")).isEqualTo(100_000);
        assertThat(KmsRequestQuotas.SYMMETRIC.defaultFor("eu-west-2")).isEqualTo(20_000);
        assertThat(KmsRequestQuotas.SYMMETRIC.defaultFor("ca-central-1")).isEqualTo(10_000);
        assertThat(KmsRequestQuotas.ofKeyPairSpec("RSA_4096").defaultFor("us-east-1"))
                .isEqualTo(1);
        assertThat(KmsRequestQuotas.ofKeyPairSpec("RSA_4096").defaultFor("cn-north-1"))
                .isEqualTo(0.1);
        assertThat(KmsRequestQuotas.ofOperation("CreateKey").name()).isEqualTo("CreateKey request rate");
        assertThat(KmsRequestQuotas.ofOperation("CreateKey").code()).isEqualTo("kms-create-key");
        assertThat(KmsRequestQuotas.ofOperation("DescribeKey").defaultRate()).isEqualTo(2000);
        assertThat(KmsRequestQuotas.ofOperation("Encrypt")).isNull();
        assertThat(KmsRequestQuotas.ofKeySpec(KeySpec.SYMMETRIC_DEFAULT)).isSameAs(KmsRequestQuotas.SYMMETRIC);
        assertThat(KmsRequestQuotas.ofKeySpec(KeySpec.HMAC_256)).isSameAs(KmsRequestQuotas.SYMMETRIC);
        assertThat(KmsRequestQuotas.ofKeySpec(KeySpec.RSA_2048)).isSameAs(KmsRequestQuotas.RSA);
        assertThat(KmsRequestQuotas.ofKeySpec(KeySpec.ECC_NIST_P256)).isSameAs(KmsRequestQuotas.ECC_SM2);
        assertThat(KmsRequestQuotas.ofKeySpec(KeySpec.SM2)).isSameAs(KmsRequestQuotas.ECC_SM2);
        assertThat(KmsRequestQuotas.ofKeySpec(KeySpec.ML_DSA_65)).isSameAs(KmsRequestQuotas.ML_DSA);
        QuotaCatalogue c = KmsRequestQuotas.catalogue();
        assertThat(c.find("Cryptographic operations (RSA) request rate")).isSameAs(KmsRequestQuotas.RSA);
        assertThat(c.find("kms-cryptographic-rsa")).isSameAs(KmsRequestQuotas.RSA);
        for (int i = 0; i < c.size(); i++) assertThat(c.all().get(i).index()).isEqualTo(i);
    }

    @Test
    void accountsAndRegionsHaveTheirOwnBuckets() {
        RequestQuota createKey = KmsRequestQuotas.ofOperation("CreateKey");
        RequestQuotas q = new RequestQuotas(KmsRequestQuotas.catalogue(), true, List.of(), now::get);
        for (int i = 0; i < 5; i++)
            assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isTrue();
        assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isFalse();
        assertThat(q.tryAcquire("111122223333", "us-west-2", createKey)).isTrue();
        assertThat(q.tryAcquire("444455556666", "us-east-1", createKey)).isTrue();
        // quotas are independent of each other
        assertThat(q.tryAcquire("111122223333", "us-east-1", KmsRequestQuotas.ofOperation("CreateAlias")))
                .isTrue();
    }

    @Test
    void theMostSpecificOverrideWinsAndChangesApplyAtOnce() {
        RequestQuota createKey = KmsRequestQuotas.ofOperation("CreateKey");
        RequestQuotas q = new RequestQuotas(
                KmsRequestQuotas.catalogue(),
                true,
                List.of(
                        new QuotaOverride(null, null, createKey, 50),
                        new QuotaOverride("111122223333", null, createKey, 2),
                        new QuotaOverride(null, "eu-west-1", createKey, 7),
                        new QuotaOverride("111122223333", "eu-west-1", createKey, 3)),
                now::get);
        assertThat(q.effective("111122223333", "eu-west-1", createKey)).isEqualTo(3);
        assertThat(q.effective("111122223333", "us-east-1", createKey)).isEqualTo(2);
        assertThat(q.effective("444455556666", "eu-west-1", createKey)).isEqualTo(7);
        assertThat(q.effective("444455556666", "us-east-1", createKey)).isEqualTo(50);
        assertThat(q.effective("444455556666", "us-east-1", KmsRequestQuotas.SYMMETRIC))
                .isEqualTo(100_000);

        assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isTrue();
        assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isTrue();
        assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isFalse();
        q.setOverrides(List.of(new QuotaOverride("111122223333", null, createKey, 10)));
        for (int i = 0; i < 10; i++)
            assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isTrue();
        assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isFalse();

        q.setEnabled(false);
        assertThat(q.tryAcquire("111122223333", "us-east-1", createKey)).isTrue();
    }

    @Test
    void overridesMustBePositive() {
        assertThatThrownBy(() -> new QuotaOverride(null, null, KmsRequestQuotas.RSA, 0))
                .hasMessageContaining("kms-cryptographic-rsa");
    }
}
