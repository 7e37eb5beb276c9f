package dev.trent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadLocalSecureRandomTest {
    @Test
    void producesDistinctOutputOnEveryThread() throws Exception {
        ThreadLocalSecureRandom random = new ThreadLocalSecureRandom();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    byte[] b = new byte[16];
                    random.nextBytes(b);
                    assertThat(seen.add(java.util.HexFormat.of().formatHex(b))).isTrue();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(4000);
    }

    @Test
    void derivedMethodsWork() {
        ThreadLocalSecureRandom random = new ThreadLocalSecureRandom();
        Set<Integer> ints = new HashSet<>();
        for (int i = 0; i < 100; i++) ints.add(random.nextInt(1_000_000));
        assertThat(ints.size()).isGreaterThan(90);
        assertThat(random.generateSeed(8)).hasSize(8);
        assertThat(random.getAlgorithm()).contains("DRBG");
    }
}
