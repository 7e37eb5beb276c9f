package dev.trent.cli.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A tiny AWS KMS stand-in (AWS JSON 1.1 over HTTP or HTTPS on loopback) for the CLI's unit tests: DescribeKey,
 * GenerateDataKey, Encrypt and Decrypt over keys and aliases per region, recording every call with the region and
 * access key of its SigV4 credential scope. Signatures are not checked.
 */
final class FakeKms implements AutoCloseable {
    static final String ACCOUNT = "111122223333";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/kms/aws4_request");

    /** One request: operation, the region and access key it was signed for, and its KeyId. */
    record Call(String operation, String region, String accessKeyId, String keyId) {}

    private final HttpServer server;
    private final boolean https;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final List<Call> calls = new ArrayList<>();
    /** region → key id → ARN, and region → alias name → key id. */
    private final Map<String, Map<String, String>> keys = new ConcurrentHashMap<>();

    private final Map<String, Map<String, String>> aliases = new ConcurrentHashMap<>();
    /** ciphertext (base64) → {key ARN, plaintext (base64)}. */
    private final Map<String, String[]> dataKeys = new ConcurrentHashMap<>();

    final Set<String> deniedKeys = ConcurrentHashMap.newKeySet();
    final Set<String> rejectedAccessKeys = ConcurrentHashMap.newKeySet();

    private FakeKms(HttpServer server, boolean https) {
        this.server = server;
        this.https = https;
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeKms http() throws IOException {
        return new FakeKms(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), false);
    }

    static FakeKms https(SSLContext ssl) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new FakeKms(s, true);
    }

    URI endpoint() {
        return URI.create((https ? "https" : "http") + "://localhost:"
                + server.getAddress().getPort());
    }

    String createKey(String region) {
        String id = UUID.randomUUID().toString();
        String arn = "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + id;
        keys.computeIfAbsent(region, r -> new ConcurrentHashMap<>()).put(id, arn);
        return arn;
    }

    void alias(String aliasName, String keyArn) {
        String region = keyArn.split(":")[3];
        aliases.computeIfAbsent(region, r -> new ConcurrentHashMap<>())
                .put(aliasName, keyArn.substring(keyArn.indexOf("key/") + 4));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    synchronized void reset() {
        calls.clear();
    }

    /** The key ARN for a key id, key ARN, alias name or alias ARN in {@code region}, or null. */
    private String resolve(String region, String keyId) {
        if (keyId == null) {
            return null;
        }
        String id = keyId;
        if (id.startsWith("arn:")) {
            String[] p = id.split(":", 6);
            if (!p[3].equals(region)) {
                return null;
            }
            id = p[5].startsWith("key/") ? p[5].substring(4) : p[5];
        }
        if (id.startsWith("alias/")) {
            id = aliases.getOrDefault(region, Map.of()).get(id);
            if (id == null) {
                return null;
            }
        }
        return keys.getOrDefault(region, Map.of()).get(id);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            String op = target.substring(target.indexOf('.') + 1);
            Matcher m = CREDENTIAL.matcher(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String accessKey = m.find() ? m.group(1) : null;
            String region = m.group(2);
            JsonNode req = json.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
            String keyId = req.path("KeyId").asText(null);
            synchronized (this) {
                calls.add(new Call(op, region, accessKey, keyId));
            }
            if (rejectedAccessKeys.contains(accessKey)) {
                error(ex, "UnrecognizedClientException", "The security token included in the request is invalid.");
                return;
            }
            ObjectNode out = json.createObjectNode();
            switch (op) {
                case "DescribeKey", "GenerateDataKey", "Encrypt" -> {
                    String arn = resolve(region, keyId);
                    if (arn == null) {
                        error(
                                ex,
                                "NotFoundException",
                                keyId.startsWith("alias/")
                                        ? "Alias arn:aws:kms:" + region + ":" + ACCOUNT + ":" + keyId + " is not found."
                                        : "Key '" + keyId + "' does not exist");
                        return;
                    }
                    if (deniedKeys.contains(arn)) {
                        error(
                                ex,
                                "AccessDeniedException",
                                "User: arn:aws:iam::" + ACCOUNT + ":user/test is not authorized to perform: kms:" + op
                                        + " on resource: " + arn);
                        return;
                    }
                    if (op.equals("DescribeKey")) {
                        out.putObject("KeyMetadata")
                                .put("KeyId", arn.substring(arn.indexOf("key/") + 4))
                                .put("Arn", arn)
                                .put("AWSAccountId", ACCOUNT)
                                .put("KeyState", "Enabled");
                    } else {
                        byte[] plaintext;
                        if (op.equals("Encrypt")) {
                            plaintext = Base64.getDecoder()
                                    .decode(req.path("Plaintext").asText());
                        } else {
                            plaintext = new byte[req.path("NumberOfBytes").asInt(32)];
                            random.nextBytes(plaintext);
                            out.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
                        }
                        byte[] ct = new byte[48];
                        random.nextBytes(ct);
                        String ctB64 = Base64.getEncoder().encodeToString(ct);
                        dataKeys.put(
                                ctB64, new String[] {arn, Base64.getEncoder().encodeToString(plaintext)});
                        out.put("CiphertextBlob", ctB64).put("KeyId", arn);
                    }
                }
                case "Decrypt" -> {
                    String[] dk = dataKeys.get(req.path("CiphertextBlob").asText());
                    if (dk == null) {
                        error(ex, "InvalidCiphertextException", "");
                        return;
                    }
                    if (keyId != null && !dk[0].equals(resolve(region, keyId))) {
                        error(ex, "IncorrectKeyException", "The key ID in the request does not identify the key.");
                        return;
                    }
                    out.put("Plaintext", dk[1]).put("KeyId", dk[0]);
                }
                default -> {
                    error(ex, "UnsupportedOperationException", op);
                    return;
                }
            }
            send(ex, 200, out);
        }
    }

    private void error(HttpExchange ex, String type, String message) throws IOException {
        send(ex, 400, json.createObjectNode().put("__type", type).put("message", message));
    }

    private void send(HttpExchange ex, int status, JsonNode node) throws IOException {
        byte[] b = json.writeValueAsBytes(node);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
