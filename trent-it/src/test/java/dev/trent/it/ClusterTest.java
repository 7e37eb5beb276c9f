package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.it.CrashRecoveryTest.TrentProcess;
import dev.trent.store.postgres.PostgresTestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Three Trent nodes (child JVMs, so {@code kill -9} is real) on loopback over one fresh PostgreSQL database, sharing
 * one root key file: changes made on one node are seen on the others, conflicting writes on two nodes resolve as on
 * one, and under a mixed workload through all three, with one node killed and PostgreSQL restarted once, no
 * acknowledged write is lost, every acknowledged ciphertext decrypts on every node, and clients carry on through the
 * remaining nodes. Skipped, saying why, without PostgreSQL on 127.0.0.1:5432; the restart step is skipped (with a
 * message) where this user cannot restart PostgreSQL.
 */
class ClusterTest {
    /** Changes show on the other nodes within this (documented: NOTIFY within milliseconds, else the 1 s poll). */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    record Sealed(String keyId, SdkBytes blob, SdkBytes plaintext, Map<String, String> context) {}

    /** A key as its owning client thread knows it: the last acknowledged state, and one asked for but unanswered. */
    static final class KeyModel {
        final String id;
        volatile KeyState acked = KeyState.ENABLED;
        volatile KeyState inFlight;

        KeyModel(String id) {
            this.id = id;
        }
    }

    @Test
    void threeNodesOnOneDatabase() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            Path rootKey = dir.resolve("cluster-root.key");
            String[] args = {"--store", db.location("maxPoolSize=4"), "--root-key-file", rootKey.toString()};
            TrentProcess[] nodes = new TrentProcess[3];
            try {
                nodes[0] = start(0, args);
                // the others join the store node 1 set up, in parallel, without --accept-restore
                ExecutorService starter = Executors.newFixedThreadPool(2);
                Future<TrentProcess> second = starter.submit(() -> start(1, args));
                Future<TrentProcess> third = starter.submit(() -> start(2, args));
                nodes[1] = second.get(3, TimeUnit.MINUTES);
                nodes[2] = third.get(3, TimeUnit.MINUTES);
                starter.shutdown();
                assertThat(Files.exists(dir.resolve("node2").resolve("admin-credentials.json")))
                        .as("identities are bootstrapped once, by the first node")
                        .isFalse();
                RunningTrent.Credentials admin = RunningTrent.readAdmin(dir.resolve("node1"));

                changesAreSeenOnEveryNode(nodes, admin);
                concurrentConflictingWritesResolveAsOnOneNode(nodes, admin);
                workloadThroughAKillAndADatabaseRestart(nodes, admin, args);
            } finally {
                for (TrentProcess n : nodes) {
                    if (n != null) n.close();
                }
            }
        }
    }

    private TrentProcess start(int node, String... args) throws Exception {
        return new TrentProcess(
                dir.resolve("node" + (node + 1)),
                dir.resolve("node" + (node + 1) + "-" + System.nanoTime() + ".log"),
                args);
    }

    private static KmsClient client(TrentProcess node, RunningTrent.Credentials admin) {
        return RunningTrent.client(node.endpoint(), Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey());
    }

    private static void eventually(String what, Supplier<Boolean> check) throws InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            try {
                if (check.get()) return;
            } catch (NotFoundException notYet) {
                // not there yet
            }
            if (System.nanoTime() > deadline) throw new AssertionError(what + " not seen within " + VISIBLE_WITHIN);
            Thread.sleep(20);
        }
    }

    private void changesAreSeenOnEveryNode(TrentProcess[] nodes, RunningTrent.Credentials admin) throws Exception {
        try (KmsClient a = client(nodes[0], admin);
                KmsClient b = client(nodes[1], admin);
                KmsClient c = client(nodes[2], admin)) {
            String keyId = a.createKey(r -> r.description("made on node 1"))
                    .keyMetadata()
                    .keyId();
            eventually(
                    "a key created on node 1, on node 2",
                    () -> b.describeKey(r -> r.keyId(keyId))
                            .keyMetadata()
                            .keyId()
                            .equals(keyId));
            b.createAlias(r -> r.aliasName("alias/cluster").targetKeyId(keyId));
            b.disableKey(r -> r.keyId(keyId));
            eventually(
                    "an alias and a disable made on node 2, on node 3",
                    () -> c.describeKey(r -> r.keyId("alias/cluster"))
                                    .keyMetadata()
                                    .keyState()
                            == KeyState.DISABLED);
            c.enableKey(r -> r.keyId(keyId));
            c.tagResource(r -> r.keyId(keyId)
                    .tags(Tag.builder().tagKey("team").tagValue("blue").build()));
            c.enableKeyRotation(r -> r.keyId(keyId));
            eventually(
                    "an enable, a tag and rotation set on node 3, on node 1",
                    () -> a.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED
                            && a.listResourceTags(r -> r.keyId(keyId)).tags().size() == 1
                            && a.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled());
            String grantId = a.createGrant(r -> r.keyId(keyId)
                            .granteePrincipal("arn:aws:iam::" + admin.accountId() + ":root")
                            .operations(software.amazon.awssdk.services.kms.model.GrantOperation.ENCRYPT))
                    .grantId();
            eventually(
                    "a grant made on node 1, on node 2",
                    () -> b.listGrants(r -> r.keyId(keyId)).grants().stream()
                            .anyMatch(g -> g.grantId().equals(grantId)));
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"root\",\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + admin.accountId() + ":root\"},\"Action\":\"kms:*\","
                    + "\"Resource\":\"*\"}]}";
            b.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(policy));
            eventually(
                    "a key policy put on node 2, on node 3",
                    () -> c.getKeyPolicy(r -> r.keyId(keyId)).policy().contains("\"Sid\":\"root\""));
            c.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
            eventually(
                    "a deletion scheduled on node 3, on node 1",
                    () -> a.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.PENDING_DELETION);
        }
    }

    private void concurrentConflictingWritesResolveAsOnOneNode(TrentProcess[] nodes, RunningTrent.Credentials admin)
            throws Exception {
        try (KmsClient a = client(nodes[0], admin);
                KmsClient b = client(nodes[1], admin)) {
            String keyId =
                    a.createKey(r -> r.description("raced")).keyMetadata().keyId();
            eventually("the raced key on node 2", () -> b.describeKey(r -> r.keyId(keyId)) != null);
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < 8; i++) {
                    String alias = "alias/race-" + i;
                    String tagA = "a" + i;
                    String tagB = "b" + i;
                    CountDownLatch go = new CountDownLatch(1);
                    Future<String> onA = two.submit(() -> {
                        go.await();
                        a.tagResource(r -> r.keyId(keyId)
                                .tags(Tag.builder().tagKey(tagA).tagValue("x").build()));
                        return outcome(
                                () -> a.createAlias(r -> r.aliasName(alias).targetKeyId(keyId)));
                    });
                    Future<String> onB = two.submit(() -> {
                        go.await();
                        b.tagResource(r -> r.keyId(keyId)
                                .tags(Tag.builder().tagKey(tagB).tagValue("y").build()));
                        return outcome(
                                () -> b.createAlias(r -> r.aliasName(alias).targetKeyId(keyId)));
                    });
                    go.countDown();
                    assertThat(List.of(onA.get(60, TimeUnit.SECONDS), onB.get(60, TimeUnit.SECONDS)))
                            .as("one alias wins, the other gets AlreadyExistsException")
                            .containsExactlyInAnyOrder("ok", "AlreadyExistsException");
                }
            } finally {
                two.shutdownNow();
            }
            // no lost tag update: every tag either node acknowledged is there, on both nodes
            for (KmsClient n : List.of(a, b)) {
                eventually(
                        "every raced tag",
                        () -> n.listResourceTags(r -> r.keyId(keyId)).tags().size() == 16);
            }
        }
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (AlreadyExistsException e) {
            return "AlreadyExistsException";
        }
    }

    private void workloadThroughAKillAndADatabaseRestart(
            TrentProcess[] nodes, RunningTrent.Credentials admin, String[] args) throws Exception {
        Map<String, KeyModel> keys = new ConcurrentHashMap<>();
        List<Sealed> sealed = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicInteger operations = new AtomicInteger();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        URI[] endpoints = {nodes[0].endpoint(), nodes[1].endpoint(), nodes[2].endpoint()};
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().name("cluster-client-" + t).start(() -> {
                Random rnd = new Random(thread);
                List<KeyModel> mine = new ArrayList<>();
                KmsClient[] clients = new KmsClient[3];
                for (int i = 0; i < 3; i++) {
                    clients[i] = RunningTrent.client(
                            endpoints[i], Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey());
                }
                try {
                    while (!stop.get()) {
                        // this thread's node; once it is killed, node 1 (sticky: a node sees another's change within
                        // moments, not at once)
                        int node = killed.get() && thread == 2 ? 0 : thread;
                        KmsClient kms = clients[node];
                        int r = rnd.nextInt(10);
                        List<KeyModel> settled =
                                mine.stream().filter(k -> k.inFlight == null).toList();
                        try {
                            if (settled.isEmpty() || r < 3) {
                                String id = kms.createKey(b -> b.description("cluster workload"))
                                        .keyMetadata()
                                        .keyId();
                                KeyModel k = new KeyModel(id);
                                keys.put(id, k);
                                mine.add(k);
                            } else if (r < 5) {
                                KeyModel k = settled.get(rnd.nextInt(settled.size()));
                                KeyState target = k.acked == KeyState.ENABLED ? KeyState.DISABLED : KeyState.ENABLED;
                                k.inFlight = target;
                                if (target == KeyState.DISABLED) kms.disableKey(b -> b.keyId(k.id));
                                else kms.enableKey(b -> b.keyId(k.id));
                                k.acked = target;
                                k.inFlight = null;
                            } else {
                                List<KeyModel> enabled = settled.stream()
                                        .filter(k -> k.acked == KeyState.ENABLED)
                                        .toList();
                                if (enabled.isEmpty()) continue;
                                KeyModel k = enabled.get(rnd.nextInt(enabled.size()));
                                byte[] plain = new byte[1 + rnd.nextInt(64)];
                                rnd.nextBytes(plain);
                                Map<String, String> ctx = Map.of("n", Integer.toString(operations.get()));
                                SdkBytes blob = kms.encrypt(b -> b.keyId(k.id)
                                                .plaintext(SdkBytes.fromByteArray(plain))
                                                .encryptionContext(ctx))
                                        .ciphertextBlob();
                                sealed.add(new Sealed(k.id, blob, SdkBytes.fromByteArray(plain), ctx));
                            }
                            operations.incrementAndGet();
                            if (killed.get()) afterKill.incrementAndGet();
                        } catch (KmsException e) {
                            String code = e.awsErrorDetails().errorCode();
                            failures.computeIfAbsent(code, x -> new AtomicInteger())
                                    .incrementAndGet();
                            // while the database restarts, writes fail as AWS names it; nothing else may fail
                            if (!code.equals("DependencyTimeoutException") && !code.equals("KMSInternalException")) {
                                unexpected.add(e);
                            }
                        } catch (SdkClientException e) {
                            // the killed node: connection refused or reset; the change may or may not have landed
                            failures.computeIfAbsent(
                                            "client: " + e.getClass().getSimpleName(), x -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                } finally {
                    for (KmsClient c : clients) c.close();
                }
            }));
        }
        try {
            awaitOperations(operations, 60);
            nodes[2].kill();
            killed.set(true);
            awaitOperations(operations, operations.get() + 30);
            String restart = PostgresRestart.restart();
            if (restart != null) System.out.println("ClusterTest: " + restart);
            awaitOperations(operations, operations.get() + 60);
        } finally {
            stop.set(true);
            for (Thread t : threads) t.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(unexpected).as("errors other than a dependency timeout").isEmpty();
        assertThat(afterKill.get())
                .as("operations that succeeded through the remaining nodes")
                .isGreaterThan(50);

        // the killed node comes back on its data directory, without --accept-restore
        nodes[2] = start(2, args);
        // every acknowledged change, on every node (a change whose answer was lost may have landed or not)
        for (TrentProcess node : nodes) {
            try (KmsClient kms = client(node, admin)) {
                for (KeyModel k : keys.values()) {
                    eventually("key " + k.id + " in its acknowledged state on " + node.endpoint(), () -> {
                        KeyState actual = kms.describeKey(b -> b.keyId(k.id))
                                .keyMetadata()
                                .keyState();
                        return actual == k.acked || (k.inFlight != null && actual == k.inFlight);
                    });
                }
            }
        }
        // every key enabled again (on one node), so every ciphertext can be decrypted on every node
        try (KmsClient kms = client(nodes[0], admin)) {
            for (KeyModel k : keys.values()) {
                if (kms.describeKey(b -> b.keyId(k.id)).keyMetadata().keyState() == KeyState.DISABLED) {
                    kms.enableKey(b -> b.keyId(k.id));
                }
            }
        }
        for (TrentProcess node : nodes) {
            try (KmsClient kms = client(node, admin)) {
                for (Sealed s : sealed) {
                    eventually(
                            "the key of a ciphertext enabled on " + node.endpoint(),
                            () -> kms.describeKey(b -> b.keyId(s.keyId()))
                                            .keyMetadata()
                                            .keyState()
                                    == KeyState.ENABLED);
                    assertThat(kms.decrypt(b -> b.ciphertextBlob(s.blob()).encryptionContext(s.context()))
                                    .plaintext())
                            .as("a ciphertext under %s, on %s", s.keyId(), node.endpoint())
                            .isEqualTo(s.plaintext());
                }
            }
        }
        System.out.printf(
                "cluster: %d keys, %d ciphertexts, %d operations (%d after the kill), failures %s%n",
                keys.size(), sealed.size(), operations.get(), afterKill.get(), failures);
    }

    private static void awaitOperations(AtomicInteger operations, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (operations.get() < n && System.nanoTime() < deadline) Thread.sleep(10);
    }
}
