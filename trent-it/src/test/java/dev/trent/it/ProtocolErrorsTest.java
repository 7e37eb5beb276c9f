package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The wire protocol with raw HTTP: AWS JSON 1.1 error shapes, SigV4 failures, model validation wording,
 * body limits, keep-alive and the health endpoint. Requests are signed with the AWS SDK's SigV4 signer.
 *
 * <p>Error codes and message formats follow the AWS KMS API Reference "Common Errors" and the botocore KMS
 * service model (constraints: NumberOfBytesType 1..1024, PlaintextType max 4096, AliasNameType pattern
 * {@code ^[a-zA-Z0-9:/_-]+$}, DescriptionType max 8192, DataKeySpec [AES_256, AES_128]).
 */
class ProtocolErrorsTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static SignedHttp http;
    static String keyId;

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        http = new SignedHttp(trent.endpoint());
        try (KmsClient kms = trent.kms()) {
            keyId = kms.createKey(b -> b.description("protocol")).keyMetadata().keyId();
        }
    }

    @AfterAll
    static void stop() {
        if (trent != null) trent.close();
    }

    // ------------------------------------------------------------------ helpers

    static SignedHttp.Response call(String operation, String body) {
        return call(
                "TrentService." + operation,
                body.getBytes(StandardCharsets.UTF_8),
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                Clock.systemUTC());
    }

    static SignedHttp.Response call(String target, byte[] body, String accessKeyId, String secret, Clock clock) {
        Map<String, String> headers =
                SignedHttp.sign(trent.endpoint(), target, body, accessKeyId, secret, "us-east-1", clock);
        return http.send(headers, body);
    }

    /** An AWS-shaped error: the status, JSON 1.1 content type, and a body of exactly __type and message. */
    static SignedHttp.Response assertError(SignedHttp.Response r, int status, String type) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status).isNotEqualTo(500);
        assertThat(r.contentType()).as("content type of %s", r).isEqualTo(SignedHttp.JSON_11);
        JsonNode json = r.json();
        assertThat(json.isObject()).as("body of %s", r).isTrue();
        Iterator<String> names = json.fieldNames();
        List<String> fields = new ArrayList<>();
        names.forEachRemaining(fields::add);
        assertThat(fields).as("members of %s", r).containsExactlyInAnyOrder("__type", "message");
        assertThat(json.get("__type").isTextual()).isTrue();
        assertThat(json.get("message").isTextual()).isTrue();
        assertThat(r.type()).as("__type of %s", r).isEqualTo(type);
        assertThat(r.requestId()).as("x-amzn-RequestId of %s", r).isNotBlank();
        return r;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    // ------------------------------------------------------------------ protocol

    @Test
    void malformedJsonIsSerializationException() {
        assertError(call("DescribeKey", "{\"KeyId\": "), 400, "SerializationException");
        assertError(call("DescribeKey", "[1,2]"), 400, "SerializationException");
    }

    @Test
    void unknownTargetIsUnknownOperationException() {
        assertError(call("Frobnicate", "{}"), 400, "UnknownOperationException");
        SignedHttp.Response wrongService = call(
                "DynamoDB_20120810.ListTables",
                "{}".getBytes(StandardCharsets.UTF_8),
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                Clock.systemUTC());
        assertError(wrongService, 400, "UnknownOperationException");
        // a service Trent serves (Parameter Store), with a credential scoped to kms: AWS's scoping error
        SignedHttp.Response ssmWithKmsScope = call(
                "AmazonSSM.GetParameter",
                "{}".getBytes(StandardCharsets.UTF_8),
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                Clock.systemUTC());
        assertError(ssmWithKmsScope, 400, "InvalidSignatureException");
        assertThat(ssmWithKmsScope.message()).isEqualTo("Credential should be scoped to correct service: 'ssm'. ");
    }

    @Test
    void missingAuthorizationIsMissingAuthenticationToken() {
        SignedHttp.Response r = http.send(
                Map.of("Content-Type", SignedHttp.JSON_11, "X-Amz-Target", "TrentService.ListKeys"),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertError(r, 400, "MissingAuthenticationTokenException");
        assertThat(r.message()).isEqualTo("Missing Authentication Token");
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        SignedHttp.Response r = call(
                "TrentService.ListKeys",
                "{}".getBytes(StandardCharsets.UTF_8),
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey() + "x",
                Clock.systemUTC());
        assertError(r, 400, "InvalidSignatureException");
        assertThat(r.message())
                .startsWith("The request signature we calculated does not match the signature you provided.");
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() {
        SignedHttp.Response r = call(
                "TrentService.ListKeys",
                "{}".getBytes(StandardCharsets.UTF_8),
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                Clock.systemUTC());
        assertError(r, 400, "UnrecognizedClientException");
        assertThat(r.message()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void signatureFromTwentyMinutesAgoHasExpired() {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        SignedHttp.Response r = call(
                "TrentService.ListKeys",
                "{}".getBytes(StandardCharsets.UTF_8),
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                past);
        assertError(r, 400, "InvalidSignatureException");
        assertThat(r.message()).startsWith("Signature expired: ").contains(" is now earlier than ");
    }

    @Test
    void bodyOverOneMebibyteIs413AndTheServerKeepsServing() throws IOException {
        int size = (1 << 20) + 1;
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        Map<String, String> headers = SignedHttp.sign(
                trent.endpoint(),
                "TrentService.Encrypt",
                body,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                Clock.systemUTC());
        try (RawConnection c = new RawConnection(trent.port())) {
            // Only the head is sent: the declared length alone must be refused, without reading the body.
            c.writeHead(headers, size);
            RawConnection.Reply reply = c.read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.header("content-type")).isEqualTo(SignedHttp.JSON_11);
            JsonNode json = SignedHttp.MAPPER.readTree(reply.body());
            assertThat(json.path("__type").asText()).isNotEmpty();
            assertThat(json.path("message").asText()).isNotEmpty();
            assertThat(c.closedByPeer()).isTrue();
        }
        // a new connection is served as usual
        SignedHttp.Response ok = call("ListKeys", "{}");
        assertThat(ok.status()).as("%s", ok).isEqualTo(200);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void bodyOverOneMebibyteSentInFullIs413() {
        byte[] body = ("{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + "A".repeat(1 << 20) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = SignedHttp.sign(
                trent.endpoint(),
                "TrentService.Encrypt",
                body,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                Clock.systemUTC());
        SignedHttp.Response r;
        try {
            r = http.send(headers, body);
        } catch (java.io.UncheckedIOException closedWhileSending) {
            // The server may answer and close before the client has written the whole body; then the client
            // sees a reset instead of the answer. That is fine HTTP behaviour; what matters is the next request.
            r = null;
        }
        System.out.println("oversized body sent in full: " + (r == null ? "reset while sending" : r.status()));
        if (r != null) assertError(r, 413, r.type());
        assertThat(call("ListKeys", "{}").status()).isEqualTo(200);
    }

    @Test
    void credentialScopedToAnotherServiceIsRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = SignedHttp.sign(
                trent.endpoint(),
                "TrentService.ListKeys",
                body,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                "s3",
                Clock.systemUTC());
        SignedHttp.Response r = assertError(http.send(headers, body), 400, "InvalidSignatureException");
        assertThat(r.message()).contains("'kms'");
    }

    @Test
    void signatureFromTwentyMinutesAheadIsNotYetCurrent() {
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20));
        SignedHttp.Response r = call(
                "TrentService.ListKeys",
                "{}".getBytes(StandardCharsets.UTF_8),
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                future);
        assertError(r, 400, "InvalidSignatureException");
        assertThat(r.message()).startsWith("Signature not yet current: ");
    }

    @Test
    void bodyThatIsNotUtf8IsSerializationException() {
        byte[] body = {'{', '"', 'K', 'e', 'y', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        SignedHttp.Response r = call(
                "TrentService.DescribeKey",
                body,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                Clock.systemUTC());
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.type()).isIn("SerializationException", "NotFoundException", "ValidationException");
    }

    @Test
    void deeplyNestedJsonIsRefusedCleanly() {
        String body = "{\"KeyId\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        SignedHttp.Response r = call("DescribeKey", body);
        assertThat(r.status()).as("%s", r.status()).isEqualTo(400);
        assertThat(r.type()).isIn("SerializationException", "ValidationException");
        assertThat(call("ListKeys", "{}").status()).isEqualTo(200);
    }

    @Test
    void hugeNumbersAreValidationErrors() {
        for (String n : new String[] {"99999999999999999999", "1e400", "-1", "2.5"}) {
            SignedHttp.Response r =
                    assertError(call("GenerateRandom", "{\"NumberOfBytes\":" + n + "}"), 400, "ValidationException");
            assertThat(r.message()).as(n).contains("'numberOfBytes'");
        }
    }

    // ------------------------------------------------------------------ model validation

    @Test
    void wrongJsonTypeIsValidationException() {
        SignedHttp.Response r =
                assertError(call("GenerateRandom", "{\"NumberOfBytes\":\"abc\"}"), 400, "ValidationException");
        assertThat(r.message()).startsWith("1 validation error detected: ").contains("'numberOfBytes'");
    }

    @Test
    void plaintextOf4097BytesHasTheAwsMessage() {
        String body = "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + b64(new byte[4097]) + "\"}";
        SignedHttp.Response r = assertError(call("Encrypt", body), 400, "ValidationException");
        assertThat(r.message())
                .isEqualTo("1 validation error detected: Value at 'plaintext' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 4096");
        // 4096 is fine
        String ok = "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + b64(new byte[4096]) + "\"}";
        assertThat(call("Encrypt", ok).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} NumberOfBytes={1}")
    @CsvSource({
        "GenerateRandom, 0, greater than or equal to 1",
        "GenerateRandom, 1025, less than or equal to 1024",
        "GenerateDataKey, 0, greater than or equal to 1",
        "GenerateDataKey, 1025, less than or equal to 1024",
        "GenerateDataKeyWithoutPlaintext, 0, greater than or equal to 1",
        "GenerateDataKeyWithoutPlaintext, 1025, less than or equal to 1024",
    })
    void numberOfBytesOutOfRange(String operation, int n, String constraint) {
        String body = operation.equals("GenerateRandom")
                ? "{\"NumberOfBytes\":" + n + "}"
                : "{\"KeyId\":\"" + keyId + "\",\"NumberOfBytes\":" + n + "}";
        SignedHttp.Response r = assertError(call(operation, body), 400, "ValidationException");
        assertThat(r.message())
                .isEqualTo("1 validation error detected: Value '" + n + "' at 'numberOfBytes' failed"
                        + " to satisfy constraint: Member must have value " + constraint);
    }

    @Test
    void aliasNameWithASpaceBreaksThePattern() {
        SignedHttp.Response r = assertError(
                call("CreateAlias", "{\"AliasName\":\"alias/has space\",\"TargetKeyId\":\"" + keyId + "\"}"),
                400,
                "ValidationException");
        assertThat(r.message())
                .isEqualTo("1 validation error detected: Value 'alias/has space' at 'aliasName' failed"
                        + " to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    }

    @Test
    void descriptionOver8192Characters() {
        String description = "d".repeat(8193);
        SignedHttp.Response r =
                assertError(call("CreateKey", "{\"Description\":\"" + description + "\"}"), 400, "ValidationException");
        assertThat(r.message())
                .isEqualTo("1 validation error detected: Value '" + description + "' at 'description'"
                        + " failed to satisfy constraint: Member must have length less than or equal to 8192");
        SignedHttp.Response up = assertError(
                call("UpdateKeyDescription", "{\"KeyId\":\"" + keyId + "\",\"Description\":\"" + description + "\"}"),
                400,
                "ValidationException");
        assertThat(up.message()).endsWith("Member must have length less than or equal to 8192");
    }

    @Test
    void unknownDataKeySpec() {
        SignedHttp.Response r = assertError(
                call("GenerateDataKey", "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_512\"}"),
                400,
                "ValidationException");
        assertThat(r.message())
                .isEqualTo("1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy"
                        + " constraint: Member must satisfy enum value set: [AES_256, AES_128]");
    }

    @Test
    void missingRequiredMember() {
        SignedHttp.Response r = assertError(call("DescribeKey", "{}"), 400, "ValidationException");
        assertThat(r.message())
                .isEqualTo("1 validation error detected: Value null at 'keyId' failed to satisfy"
                        + " constraint: Member must not be null");
    }

    @Test
    void serviceErrorsHaveTheSameShape() {
        assertError(call("DescribeKey", "{\"KeyId\":\"alias/does-not-exist\"}"), 400, "NotFoundException");
        assertError(
                call("Decrypt", "{\"CiphertextBlob\":\"" + b64(new byte[64]) + "\"}"),
                400,
                "InvalidCiphertextException");
    }

    // ------------------------------------------------------------------ connection handling

    @Test
    void manyRequestsOverOneKeepAliveConnection() throws IOException {
        try (RawConnection c = new RawConnection(trent.port())) {
            for (int i = 0; i < 50; i++) {
                String op = i % 2 == 0 ? "GenerateRandom" : "DescribeKey";
                byte[] body = (i % 2 == 0 ? "{\"NumberOfBytes\":16}" : "{\"KeyId\":\"" + keyId + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                Map<String, String> headers = SignedHttp.sign(
                        trent.endpoint(),
                        "TrentService." + op,
                        body,
                        trent.admin().accessKeyId(),
                        trent.admin().secretAccessKey(),
                        "us-east-1",
                        Clock.systemUTC());
                c.writeHead(headers, body.length);
                c.writeBody(body);
                RawConnection.Reply reply = c.read();
                assertThat(reply.status()).as("request %d: %s", i, reply.body()).isEqualTo(200);
                assertThat(reply.header("connection")).as("request %d", i).isNotEqualToIgnoringCase("close");
            }
            // an error answer keeps the connection too
            byte[] bad = "{}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = SignedHttp.sign(
                    trent.endpoint(),
                    "TrentService.DescribeKey",
                    bad,
                    trent.admin().accessKeyId(),
                    trent.admin().secretAccessKey(),
                    "us-east-1",
                    Clock.systemUTC());
            c.writeHead(headers, bad.length);
            c.writeBody(bad);
            assertThat(c.read().status()).isEqualTo(400);
            c.writeHead(Map.of(), 0, "GET", "/health");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    /**
     * HTTP/1.1 (RFC 9112, 9.3.2): a server must answer pipelined requests in the order it received them. Writes
     * such as CreateKey run off the event loop, reads such as GenerateRandom on it, so a slow write must not let a
     * later read overtake it.
     */
    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawConnection c = new RawConnection(trent.port())) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                boolean write = i % 2 == 0;
                String op = write ? "CreateKey" : "GenerateRandom";
                byte[] body = (write
                                ? "{\"Description\":\"pipelined " + i + "\"}"
                                : "{\"NumberOfBytes\":" + (i + 1) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                Map<String, String> headers = SignedHttp.sign(
                        trent.endpoint(),
                        "TrentService." + op,
                        body,
                        trent.admin().accessKeyId(),
                        trent.admin().secretAccessKey(),
                        "us-east-1",
                        Clock.systemUTC());
                c.writeHead(headers, body.length);
                c.writeBody(body);
                expected.add(op + " " + i);
            }
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RawConnection.Reply reply = c.read();
                assertThat(reply.status()).isEqualTo(200);
                JsonNode json = SignedHttp.MAPPER.readTree(reply.body());
                // which request this answers: CreateKey i has description "pipelined i", GenerateRandom i has i+1 bytes
                actual.add(
                        json.has("KeyMetadata")
                                ? "CreateKey "
                                        + json.path("KeyMetadata")
                                                .path("Description")
                                                .asText()
                                                .substring("pipelined ".length())
                                : "GenerateRandom "
                                        + (Base64.getDecoder()
                                                        .decode(json.get("Plaintext")
                                                                .asText())
                                                        .length
                                                - 1));
            }
            assertThat(actual).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void expectContinueIsHonoured() throws IOException {
        byte[] body = "{\"NumberOfBytes\":8}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>(SignedHttp.sign(
                trent.endpoint(),
                "TrentService.GenerateRandom",
                body,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                Clock.systemUTC()));
        headers.put("Expect", "100-continue");
        try (RawConnection c = new RawConnection(trent.port())) {
            c.writeHead(headers, body.length);
            assertThat(c.read().status()).isEqualTo(100);
            c.writeBody(body);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    /** curl sends Expect: 100-continue for any body over 1 KiB, so this is how most oversized bodies arrive. */
    @Test
    void oversizedBodyWithExpectContinueGetsTheJsonError() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(SignedHttp.sign(
                trent.endpoint(),
                "TrentService.Encrypt",
                new byte[0],
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                Clock.systemUTC()));
        headers.put("Expect", "100-continue");
        try (RawConnection c = new RawConnection(trent.port())) {
            c.writeHead(headers, (1 << 20) + 1);
            RawConnection.Reply reply = c.read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.header("content-type")).isEqualTo(SignedHttp.JSON_11);
            assertThat(SignedHttp.MAPPER.readTree(reply.body()).path("__type").asText())
                    .isNotEmpty();
        }
    }

    @Test
    void chunkedRequestBodyIsAccepted() throws IOException {
        byte[] body = "{\"NumberOfBytes\":24}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>(SignedHttp.sign(
                trent.endpoint(),
                "TrentService.GenerateRandom",
                body,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                Clock.systemUTC()));
        headers.put("Transfer-Encoding", "chunked");
        try (RawConnection c = new RawConnection(trent.port())) {
            c.writeHead(headers, -1);
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            chunks.writeBytes(("5\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(body, 0, 5);
            chunks.writeBytes(
                    ("\r\n" + Integer.toHexString(body.length - 5) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(body, 5, body.length - 5);
            chunks.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.writeBody(chunks.toByteArray());
            RawConnection.Reply reply = c.read();
            assertThat(reply.status())
                    .as(new String(reply.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            assertThat(Base64.getDecoder()
                            .decode(SignedHttp.MAPPER
                                    .readTree(reply.body())
                                    .get("Plaintext")
                                    .asText()))
                    .hasSize(24);
        }
    }

    @Test
    void healthIsJson() {
        SignedHttp.Response r = http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void getOnTheApiPathIsAnAwsShapedError() {
        SignedHttp.Response r = http.get("/");
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.json().has("__type")).isTrue();
    }

    /** One TCP connection speaking HTTP/1.1 by hand, to see keep-alive and early answers exactly. */
    static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final int port;

        record Reply(int status, Map<String, String> headers, byte[] body) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }
        }

        RawConnection(int port) throws IOException {
            this.port = port;
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void writeHead(Map<String, String> headers, long contentLength) throws IOException {
            writeHead(headers, contentLength, "POST", "/");
        }

        void writeHead(Map<String, String> headers, long contentLength, String method, String path) throws IOException {
            StringBuilder sb =
                    new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putIfAbsent("Host", "127.0.0.1:" + port);
            for (Map.Entry<String, String> h : all.entrySet()) {
                if (h.getKey().equalsIgnoreCase("Content-Length")) continue;
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            if (method.equals("POST") && contentLength >= 0) {
                sb.append("Content-Length: ").append(contentLength).append("\r\n");
            }
            sb.append("\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void writeBody(byte[] body) throws IOException {
            out.write(body);
            out.flush();
        }

        Reply read() throws IOException {
            String status = line();
            if (status == null) throw new IOException("connection closed before a response");
            String[] parts = status.split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(
                        l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        l.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length != length) throw new IOException("short body: " + body.length + " of " + length);
            return new Reply(Integer.parseInt(parts[1]), headers, body);
        }

        /** Whether the server closed the connection (reads end of stream). */
        boolean closedByPeer() {
            try {
                return in.read() < 0;
            } catch (IOException reset) {
                return true;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') break;
                if (c != '\r') b.write(c);
            }
            if (c < 0 && b.size() == 0) return null;
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
