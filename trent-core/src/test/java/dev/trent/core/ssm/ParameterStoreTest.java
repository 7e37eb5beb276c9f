package dev.trent.core.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.kms.AwsManagedKeys;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.KmsOnBehalf;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Parameter Store's rules over an in-memory store, with KMS in process (everyone allowed). */
class ParameterStoreTest {
    static final Caller ALICE = new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIA1");

    private final Store store = new InMemoryStore();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final KmsOperations kms = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    private final AwsManagedKeys managed = new AwsManagedKeys(kms.registry(), clock, random);
    private final KmsOnBehalf onBehalf = new KmsOnBehalf(kms, managed, random);
    private final ParameterStore ps = new ParameterStore(store, new SecureValues(onBehalf), clock);
    private final RequestContext ctx = RequestContext.internal(ALICE, clock.instant());

    private ParameterStore.Put put(String name, String value, ParameterType type, boolean overwrite) {
        return new ParameterStore.Put(name, value, type, null, null, overwrite, null, null, null, null);
    }

    @Test
    void names() {
        ParameterNames.check("/a/b.c/d-e_f");
        ParameterNames.check("plain");
        assertThatThrownBy(() -> ParameterNames.check("/aws/x")).hasMessageContaining("can't be prefixed");
        assertThatThrownBy(() -> ParameterNames.check("SSM-thing")).hasMessageContaining("can't be prefixed");
        assertThatThrownBy(() -> ParameterNames.check("/a b")).hasMessageContaining("can't be prefixed");
        assertThatThrownBy(() -> ParameterNames.check("/a//b")).isInstanceOf(ServiceException.class);
        assertThat(ParameterNames.validLabel("prod")).isTrue();
        assertThat(ParameterNames.validLabel("1prod")).isFalse();
        assertThat(ParameterNames.validLabel("awsx")).isFalse();
        assertThat(ParameterNames.validLabel("a/b")).isFalse();
        assertThat(ParameterNames.nameOf(
                        "arn:aws:ssm:us-east-1:111122223333:parameter/app/x", "aws", "us-east-1", "111122223333"))
                .isEqualTo("/app/x");
        assertThat(ParameterNames.nameOf(
                        "arn:aws:ssm:us-east-1:111122223333:parameter/plain", "aws", "us-east-1", "111122223333"))
                .isEqualTo("plain");
        assertThat(ParameterNames.nameOf(
                        "arn:aws:ssm:us-east-1:444455556666:parameter/plain", "aws", "us-east-1", "111122223333"))
                .isNull();
    }

    @Test
    void labelsMoveBetweenVersionsAndAtMostTenPerVersion() {
        ps.put(ctx, put("p", "1", ParameterType.STRING, false));
        ps.put(ctx, put("p", "2", ParameterType.STRING, true));
        ps.label(ctx, "p", 1L, List.of("x"));
        ps.label(ctx, "p", 2L, List.of("x"));
        assertThat(ps.get(ctx, "p:x", false).version().version()).isEqualTo(2L);
        assertThat(ps.find(ctx, "p").version(1).labels()).isEmpty();
        List<String> ten = new ArrayList<>();
        for (int i = 0; i < 9; i++) ten.add("l" + i);
        ps.label(ctx, "p", 2L, ten);
        assertThatThrownBy(() -> ps.label(ctx, "p", 2L, List.of("eleven")))
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ParameterVersionLabelLimitExceeded");
        assertThat(ps.label(ctx, "p", null, List.of("9bad")).invalidLabels()).containsExactly("9bad");
        assertThatThrownBy(() -> ps.label(ctx, "p", 7L, List.of("y")))
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ParameterVersionNotFound");
    }

    @Test
    void typesPatternsAndTiers() {
        assertThatThrownBy(() -> ps.put(ctx, put("t", "v", null, false)))
                .hasMessageContaining("A parameter type is required");
        assertThatThrownBy(() -> ps.put(
                        ctx,
                        new ParameterStore.Put(
                                "t", "abc", ParameterType.STRING, null, null, false, "^\\d+$", null, null, null)))
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ParameterPatternMismatchException");
        ps.put(
                ctx,
                new ParameterStore.Put(
                        "t", "123", ParameterType.STRING, null, null, false, "^\\d+$", null, "Advanced", null));
        // the pattern stays with the parameter; the tier cannot go down
        assertThatThrownBy(() -> ps.put(ctx, put("t", "x", null, true)))
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ParameterPatternMismatchException");
        assertThatThrownBy(() -> ps.put(
                        ctx, new ParameterStore.Put("t", "4", null, null, null, true, null, null, "Standard", null)))
                .hasMessageContaining("can't downgrade");
    }

    @Test
    void secureStringsAreKmsCiphertextInTheStore() {
        ps.put(ctx, put("s", "top-secret", ParameterType.SECURE_STRING, false));
        ParameterVersion v = ps.find(ctx, "s").current();
        assertThat(v.value()).doesNotContain("top-secret");
        assertThat(v.keyId()).isEqualTo("alias/aws/ssm");
        assertThat(ps.get(ctx, "s", true).value()).isEqualTo("top-secret");
        assertThat(ps.get(ctx, "s", false).value()).isEqualTo(v.value());
    }

    @Test
    void concurrentFirstUsesMakeOneAwsManagedKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> arns = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            arns.add(pool.submit(() -> {
                go.await();
                return managed.ensure(AwsManagedKeys.Service.SSM, "111122223333", "us-east-1", "aws");
            }));
        }
        go.countDown();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        for (Future<String> f : arns) seen.add(f.get());
        pool.shutdown();
        assertThat(seen).containsOnly(seen.get(0));
        List<KmsKey> keys = kms.registry().keys("111122223333", "us-east-1");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).awsManaged()).isTrue();
        assertThat(keys.get(0).policy()).contains("ssm.us-east-1.amazonaws.com").contains("kms:CallerAccount");
    }
}
