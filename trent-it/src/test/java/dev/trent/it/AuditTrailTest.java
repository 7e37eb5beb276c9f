package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.cli.Main;
import dev.trent.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The audit trail end to end: every request, whatever its outcome, is exactly one CloudTrail event in the journal,
 * found again through CloudTrail's LookupEvents (AWS SDK and aws CLI); no secret reaches the journal; the journal
 * verifies, and names what was tampered with; a request that cannot be audited fails.
 */
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every event in the journal files, in order. */
    static List<JsonNode> journal(Path dataDir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path segments = dataDir.resolve("audit").resolve("segments");
        List<Path> files;
        try (Stream<Path> s = Files.list(segments)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8))
                out.add(JSON.readTree(line).get("event"));
        }
        return out;
    }

    static Map<String, List<JsonNode>> byRequestId(List<JsonNode> events) {
        Map<String, List<JsonNode>> m = new HashMap<>();
        for (JsonNode e : events)
            m.computeIfAbsent(e.path("requestID").asText(), k -> new ArrayList<>())
                    .add(e);
        return m;
    }

    private static String requestId(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e.requestId();
        }
        throw new AssertionError("expected the call to fail");
    }

    static String verify(Path dataDir, int expectedExit) {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int code = cl.execute("audit", "verify", "--data-dir", dataDir.toString());
        assertThat(code).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void everyRequestIsExactlyOneEventAndLookupEventsFindsThem() throws Exception {
        try (RunningTrent trent = new RunningTrent(dir)) {
            var admin = IdentityClients.admin(trent);
            Map<String, String> expected = new HashMap<>(); // request id -> outcome
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), admin);
                    IamClient iam = IdentityClients.iam(trent.endpoint(), admin);
                    CloudTrailClient ct = IdentityClients.cloudtrail(trent.endpoint(), admin)) {
                var created = kms.createKey(b -> b.description("audited"));
                String keyId = created.keyMetadata().keyId();
                expected.put(created.responseMetadata().requestId(), "CreateKey");
                EncryptResponse enc = kms.encrypt(b -> b.keyId(keyId)
                        .plaintext(SdkBytes.fromUtf8String("audit-plaintext-marker"))
                        .encryptionContext(Map.of("purpose", "audit-test")));
                expected.put(enc.responseMetadata().requestId(), "Encrypt");
                expected.put(
                        requestId(() -> kms.describeKey(b -> b.keyId("alias/does-not-exist"))), "NotFoundException");
                expected.put(
                        requestId(() ->
                                kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[5000])))),
                        "ValidationException");
                iam.createUser(b -> b.userName("auditee"));
                var ak = iam.createAccessKey(b -> b.userName("auditee")).accessKey();
                try (KmsClient user = IdentityClients.kms(
                                trent.endpoint(), IdentityClients.basic(ak.accessKeyId(), ak.secretAccessKey()));
                        CloudTrailClient userCt = IdentityClients.cloudtrail(
                                trent.endpoint(), IdentityClients.basic(ak.accessKeyId(), ak.secretAccessKey()))) {
                    expected.put(requestId(() -> user.describeKey(b -> b.keyId(keyId))), "AccessDeniedException");
                    assertThatThrownBy(() -> userCt.lookupEvents(b -> {}))
                            .isInstanceOf(AwsServiceException.class)
                            .hasMessageContaining("cloudtrail:LookupEvents");
                }
                try (KmsClient forged = IdentityClients.kms(
                        trent.endpoint(), IdentityClients.basic(admin.accessKeyId(), "not-the-secret"))) {
                    expected.put(
                            requestId(() -> forged.listKeys()),
                            "IncompleteSignatureException|InvalidSignatureException");
                }

                // the journal: exactly one event per request, with the outcome
                Map<String, List<JsonNode>> events = byRequestId(journal(trent.dataDir()));
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    assertThat(events.get(e.getKey())).as(e.getValue()).hasSize(1);
                }
                JsonNode encEvent =
                        events.get(enc.responseMetadata().requestId()).get(0);
                assertThat(encEvent.path("eventName").asText()).isEqualTo("Encrypt");
                assertThat(encEvent.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
                assertThat(encEvent.path("requestParameters").path("keyId").asText())
                        .isEqualTo(keyId);
                assertThat(encEvent.path("requestParameters")
                                .path("encryptionContext")
                                .path("purpose")
                                .asText())
                        .isEqualTo("audit-test");
                assertThat(encEvent.path("requestParameters").has("plaintext")).isFalse();
                assertThat(encEvent.path("responseElements").isNull()).isTrue();
                assertThat(encEvent.path("resources").get(0).path("ARN").asText())
                        .isEqualTo(created.keyMetadata().arn());
                assertThat(encEvent.path("userIdentity").path("type").asText()).isEqualTo("Root");
                JsonNode denied = events.get(expected.entrySet().stream()
                                .filter(x -> x.getValue().equals("AccessDeniedException"))
                                .findFirst()
                                .orElseThrow()
                                .getKey())
                        .get(0);
                assertThat(denied.path("errorCode").asText()).isEqualTo("AccessDeniedException");
                assertThat(denied.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
                assertThat(denied.path("userIdentity").path("userName").asText())
                        .isEqualTo("auditee");
                JsonNode createUser = journal(trent.dataDir()).stream()
                        .filter(e -> e.path("eventName").asText().equals("CreateUser"))
                        .findFirst()
                        .orElseThrow();
                assertThat(createUser.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");

                // LookupEvents: newest first, by attribute, a page at a time
                LookupEventsResponse all = ct.lookupEvents(b -> b.maxResults(50));
                assertThat(all.events()).extracting(Event::eventName).contains("CreateKey", "Encrypt", "CreateUser");
                LookupEventsResponse byName = ct.lookupEvents(b -> b.lookupAttributes(
                        a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("Encrypt")));
                assertThat(byName.events())
                        .hasSize(2)
                        .allSatisfy(e -> assertThat(e.eventName()).isEqualTo("Encrypt"));
                assertThat(byName.events().get(1).eventId())
                        .isEqualTo(encEvent.path("eventID").asText()); // newest first: the failed one came later
                LookupEventsResponse byKey =
                        ct.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                                .attributeValue(created.keyMetadata().arn())));
                assertThat(byKey.events()).extracting(Event::eventName).contains("CreateKey", "Encrypt");
                List<String> paged = new ArrayList<>();
                String token = null;
                do {
                    String t = token;
                    LookupEventsResponse page =
                            ct.lookupEvents(b -> b.maxResults(2).nextToken(t));
                    assertThat(page.events().size()).isLessThanOrEqualTo(2);
                    page.events().forEach(e -> paged.add(e.eventId()));
                    token = page.nextToken();
                } while (token != null);
                assertThat(paged)
                        .doesNotHaveDuplicates()
                        .hasSizeGreaterThanOrEqualTo(all.events().size());
                assertThat(ct.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.USERNAME)
                                                .attributeValue("root"))
                                        .startTime(Instant.now().minusSeconds(3600)))
                                .events())
                        .isNotEmpty();
                assertThatThrownBy(() -> ct.lookupEvents(b ->
                                b.startTime(Instant.now()).endTime(Instant.now().minusSeconds(60))))
                        .isInstanceOf(InvalidTimeRangeException.class);
                assertThatThrownBy(() -> ct.lookupEvents(b -> b.lookupAttributes(
                                a -> a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                        .attributeValue("Encrypt"),
                                a -> a.attributeKey(LookupAttributeKey.READ_ONLY)
                                        .attributeValue("true"))))
                        .isInstanceOf(InvalidLookupAttributesException.class);
                Event lookedUp = byName.events().get(1);
                assertThat(lookedUp.username()).isEqualTo("root");
                assertThat(lookedUp.readOnly()).isEqualTo("true");
                assertThat(JSON.readTree(lookedUp.cloudTrailEvent())
                                .path("requestID")
                                .asText())
                        .isEqualTo(enc.responseMetadata().requestId());
            }
        }
        String report = verify(dir, 0);
        assertThat(report).startsWith("Verified");
    }

    @Test
    void noSecretReachesTheJournal() throws Exception {
        List<String> secrets = new ArrayList<>();
        try (RunningTrent trent = new RunningTrent(dir)) {
            var admin = IdentityClients.admin(trent);
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), admin);
                    IamClient iam = IdentityClients.iam(trent.endpoint(), admin)) {
                String keyId = kms.createKey(b -> {}).keyMetadata().keyId();
                byte[] plaintext = "plaintext-that-must-not-be-audited".getBytes(StandardCharsets.UTF_8);
                EncryptResponse enc = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)));
                GenerateDataKeyResponse dk =
                        kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
                kms.decrypt(b -> b.ciphertextBlob(enc.ciphertextBlob()));
                var random = kms.generateRandom(b -> b.numberOfBytes(32));
                iam.createUser(b -> b.userName("keyholder"));
                var ak = iam.createAccessKey(b -> b.userName("keyholder")).accessKey();
                secrets.add("plaintext-that-must-not-be-audited");
                secrets.add(b64(plaintext));
                secrets.add(b64(enc.ciphertextBlob().asByteArray()));
                secrets.add(b64(dk.plaintext().asByteArray()));
                secrets.add(b64(dk.ciphertextBlob().asByteArray()));
                secrets.add(b64(random.plaintext().asByteArray()));
                secrets.add(ak.secretAccessKey());
                secrets.add(admin.secretAccessKey());
            }
        }
        try (Stream<Path> files = Files.walk(dir.resolve("audit"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) assertThat(text).as(f.toString()).doesNotContain(s);
            }
        }
        assertThat(journal(dir))
                .anySatisfy(e -> assertThat(e.path("eventName").asText()).isEqualTo("CreateAccessKey"));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void verifyNamesATamperedRecord() throws Exception {
        try (RunningTrent trent = new RunningTrent(dir)) {
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), IdentityClients.admin(trent))) {
                for (int i = 0; i < 5; i++) kms.createKey(b -> b.description("k"));
            }
        }
        assertThat(verify(dir, 0)).startsWith("Verified");
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("audit").resolve("segments"))) {
            segment = s.sorted().findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(segment));
        lines.set(2, lines.get(2).replace("\"readOnly\":false", "\"readOnly\":true"));
        Files.writeString(segment, String.join("\n", lines) + "\n");
        String report = verify(dir, 1);
        assertThat(report).contains("MODIFIED segments/" + segment.getFileName() + ":3: record 3 was modified");
    }

    @Test
    void aRequestThatCannotBeAuditedFailsClosed() throws Exception {
        ServerConfig base = ServerConfig.defaults().withPort(0).withDataDir(dir);
        ServerConfig c = base.toBuilder()
                .audit(new ServerConfig.Audit("journal", 3600, true, 1)) // a new segment for every batch
                .build();
        try (RunningTrent trent = new RunningTrent(dir, c);
                KmsClient kms = IdentityClients.kms(trent.endpoint(), IdentityClients.admin(trent))) {
            String keyId = kms.createKey(b -> {}).keyMetadata().keyId();
            Path segments = dir.resolve("audit").resolve("segments");
            Path aside = dir.resolve("audit").resolve("segments-aside");
            Files.move(segments, aside);
            Files.writeString(segments, "the journal cannot be written here");
            assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> {
                        KmsException k = (KmsException) e;
                        assertThat(k.statusCode()).isEqualTo(500);
                        assertThat(k.awsErrorDetails().errorCode()).isEqualTo("KMSInternalException");
                        assertThat(k.awsErrorDetails().errorMessage())
                                .isEqualTo(
                                        "The request could not be recorded in the audit trail, so Trent refused it.");
                    });
            assertThat(trent.server().audit().healthy()).isFalse();
            Files.delete(segments);
            Files.move(aside, segments);
            kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")));
            assertThat(trent.server().audit().healthy()).isTrue();
        }
        assertThat(journal(dir).stream()
                        .filter(e -> e.path("eventName").asText().equals("Encrypt")))
                .hasSize(1);
        verify(dir, 0);
    }

    @Test
    void aCrashLosesNoAcknowledgedRequestsEvent() throws Exception {
        Path data = dir.resolve("data");
        List<String> acked = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var trent = new CrashRecoveryTest.TrentProcess(data, dir.resolve("first.log"))) {
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            try (KmsClient kms = RunningTrent.client(
                    trent.endpoint(),
                    software.amazon.awssdk.regions.Region.US_EAST_1,
                    admin.accessKeyId(),
                    admin.secretAccessKey())) {
                String keyId = kms.createKey(b -> {}).keyMetadata().keyId();
                var stop = new java.util.concurrent.atomic.AtomicBoolean();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    clients.add(Thread.ofPlatform().start(() -> {
                        while (!stop.get()) {
                            try {
                                acked.add(kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                                        .responseMetadata()
                                        .requestId());
                            } catch (RuntimeException e) {
                                return; // the server is gone
                            }
                        }
                    }));
                }
                Thread.sleep(1500);
                trent.kill();
                stop.set(true);
                for (Thread t : clients) t.join(30_000);
            }
        }
        assertThat(acked).hasSizeGreaterThan(10);
        try (var again = new CrashRecoveryTest.TrentProcess(data, dir.resolve("second.log"))) {
            assertThat(again.port).isPositive();
        }
        Map<String, List<JsonNode>> events = byRequestId(journal(data));
        for (String id : acked) assertThat(events.get(id)).as(id).hasSize(1);
        assertThat(verify(data, 0)).startsWith("Verified");
    }

    @Test
    void trentsOwnActionsAreServiceEvents() throws Exception {
        MutableClock clock = new MutableClock();
        String rotated;
        String deleted;
        try (RunningTrent trent = new RunningTrent(
                        dir, ServerConfig.defaults().withPort(0).withDataDir(dir), clock);
                KmsClient kms = IdentityClients.kms(trent.endpoint(), IdentityClients.admin(trent))) {
            rotated = kms.createKey(b -> {}).keyMetadata().arn();
            kms.enableKeyRotation(b -> b.keyId(rotated).rotationPeriodInDays(90));
            deleted = kms.createKey(b -> {}).keyMetadata().arn();
            kms.scheduleKeyDeletion(b -> b.keyId(deleted).pendingWindowInDays(7));
            clock.advance(java.time.Duration.ofDays(91));
            trent.server().keyMaintenance().runOnce();
            trent.server().keyService().purgeExpiredKeys();
        }
        List<JsonNode> service = journal(dir).stream()
                .filter(e -> e.path("eventType").asText().equals("AwsServiceEvent"))
                .toList();
        assertThat(service).anySatisfy(e -> {
            assertThat(e.path("eventName").asText()).isEqualTo("RotateKey");
            assertThat(e.path("resources").get(0).path("ARN").asText()).isEqualTo(rotated);
            assertThat(e.path("additionalEventData").path("keyMaterialId").asText())
                    .isNotEmpty();
            assertThat(e.path("userIdentity").path("invokedBy").asText()).isEqualTo("kms.amazonaws.com");
        });
        assertThat(service).anySatisfy(e -> {
            assertThat(e.path("eventName").asText()).isEqualTo("DeleteKey");
            assertThat(e.path("resources").get(0).path("ARN").asText()).isEqualTo(deleted);
        });
        verify(dir, 0);
    }

    /**
     * The KMS calls Parameter Store makes on a caller's behalf are KMS events of that caller, invoked by
     * {@code ssm.amazonaws.com}, in the same request as the SSM call, and hold no value.
     */
    @Test
    void kmsCallsMadeOnACallersBehalfAreRecorded() throws Exception {
        String putId;
        String getId;
        try (RunningTrent trent = new RunningTrent(dir, RunningTrent.testConfig(dir));
                var ssm = IdentityClients.ssm(trent.endpoint(), IdentityClients.admin(trent))) {
            putId = ssm.putParameter(b -> b.name("/audit/secret")
                            .type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING)
                            .value("hunter2-on-behalf"))
                    .responseMetadata()
                    .requestId();
            getId = ssm.getParameter(b -> b.name("/audit/secret").withDecryption(true))
                    .responseMetadata()
                    .requestId();
        }
        Map<String, List<JsonNode>> byId = byRequestId(journal(dir));
        for (String id : List.of(putId, getId)) {
            assertThat(byId.get(id)).as(id).anySatisfy(e -> {
                assertThat(e.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
                assertThat(e.path("userIdentity").path("invokedBy").asText()).isEqualTo("ssm.amazonaws.com");
                assertThat(e.path("userIdentity").path("type").asText()).isEqualTo("Root");
                assertThat(e.path("resources").get(0).path("ARN").asText()).contains(":key/");
            });
            assertThat(byId.get(id))
                    .anySatisfy(e -> assertThat(e.path("eventSource").asText()).isEqualTo("ssm.amazonaws.com"));
        }
        assertThat(byId.get(getId))
                .anySatisfy(e -> assertThat(e.path("eventName").asText()).isEqualTo("Decrypt"));
        assertThat(journal(dir).toString()).doesNotContain("hunter2-on-behalf");
        verify(dir, 0);
    }

    @Test
    void theAwsCliLooksUpEvents() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Processes.onPath("aws").isPresent(), "the aws CLI is not installed");
        try (RunningTrent trent = new RunningTrent(dir)) {
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), IdentityClients.admin(trent))) {
                kms.createKey(b -> b.description("for the cli"));
            }
            var admin = trent.admin();
            Processes.Result r = Processes.run(
                    List.of(
                            "aws",
                            "cloudtrail",
                            "lookup-events",
                            "--endpoint-url",
                            trent.endpoint().toString(),
                            "--region",
                            "us-east-1",
                            "--lookup-attributes",
                            "AttributeKey=EventName,AttributeValue=CreateKey",
                            "--max-results",
                            "5"),
                    Map.of(
                            "AWS_ACCESS_KEY_ID", admin.accessKeyId(),
                            "AWS_SECRET_ACCESS_KEY", admin.secretAccessKey()),
                    dir,
                    java.time.Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode out = JSON.readTree(r.stdout());
            assertThat(out.path("Events")).hasSize(1);
            assertThat(out.path("Events").get(0).path("EventName").asText()).isEqualTo("CreateKey");
        }
    }
}
