package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.Caller;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.fuzz.Deadline;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.store.InMemoryStore;
import dev.trent.crypto.SecretBytes;
import dev.trent.server.auth.Regions;
import dev.trent.server.kms.KmsService;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import dev.trent.server.pipeline.WireJson;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real request pipeline over real KMS operations, in process, for the fuzz targets: the botocore-derived
 * validator, the KMS handlers, the error mapper, a sealed in-memory store, accounts and access keys, and three
 * authentication stages: the real SigV4 {@link Authenticator} ({@link #signed}), the same in dev mode behind the
 * {@link DevHostCheck} ({@link #dev}), and a fixed caller for body-only targets ({@link #trusted}). Worker
 * operations run on the calling thread. Keys of each kind, an alias and ciphertexts are made at start, so inputs
 * can name things that exist.
 */
public final class FuzzServer {
    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "us-east-1";
    public static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    public static final ServiceModel MODEL = ServiceModel.kms();
    private static final RequestValidator VALIDATOR = new RequestValidator(MODEL);

    public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    public final AccessKey accessKey;
    public final Pipeline signed;
    public final Pipeline dev;
    public final Pipeline trusted;
    /** Key ids, key ARNs and alias names of keys that exist (symmetric, RSA, ECC, HMAC). */
    public final List<String> keyRefs = new ArrayList<>();
    /** The symmetric encryption key and a ciphertext of it, with its plaintext and encryption context. */
    public final String symmetricKeyId;

    public final String rsaKeyId;
    public final List<Sealed> ciphertexts = new ArrayList<>();

    /** A ciphertext Trent made, what it holds and under which encryption context. */
    public record Sealed(byte[] blob, byte[] plaintext, String contextJson) {}

    public FuzzServer() {
        SecureRandom random = new SecureRandom();
        var store = new SealedStore(new InMemoryStore(), new Barrier(SecretBytes.random(random, 32), random));
        IdentityStore identities = new IdentityStore(store, clock, random);
        identities.createAccount(ACCOUNT);
        accessKey = identities.createAccessKey(IdentityStore.rootArn(ACCOUNT));
        KmsOperations kms = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        ServiceRegistry services = new ServiceRegistry(List.of(KmsService.definition(MODEL, VALIDATOR, kms)));
        Caller root = new Caller(ACCOUNT, REGION, IdentityStore.rootArn(ACCOUNT), accessKey.accessKeyId());
        signed = pipeline(services, new Authenticator(identities, clock, false, "000000000000", Regions.aws()));
        dev = pipeline(
                services,
                DevHostCheck.wrap(
                        new Authenticator(identities, clock, true, "000000000000", Regions.aws()),
                        true,
                        List.of("trent.test")));
        trusted = pipeline(services, (exchange, service) -> root);

        symmetricKeyId = createKey("{}");
        rsaKeyId = createKey("{\"KeySpec\":\"RSA_2048\",\"KeyUsage\":\"ENCRYPT_DECRYPT\"}");
        String ecc = createKey("{\"KeySpec\":\"ECC_NIST_P256\",\"KeyUsage\":\"SIGN_VERIFY\"}");
        String hmac = createKey("{\"KeySpec\":\"HMAC_256\",\"KeyUsage\":\"GENERATE_VERIFY_MAC\"}");
        String other = createKey("{}");
        call("CreateAlias", "{\"AliasName\":\"alias/fuzz\",\"TargetKeyId\":\"" + symmetricKeyId + "\"}");
        for (String id : List.of(symmetricKeyId, rsaKeyId, ecc, hmac, other)) {
            keyRefs.add(id);
            keyRefs.add("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id);
        }
        keyRefs.add("alias/fuzz");
        keyRefs.add("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":alias/fuzz");
        for (String context : List.of("{}", "{\"purpose\":\"fuzz\"}", "{\"a\":\"1\",\"b\":\"\\u00e9\"}")) {
            for (String key : List.of(symmetricKeyId, other)) {
                byte[] plaintext = ("plaintext under " + context).getBytes(StandardCharsets.UTF_8);
                JsonNode out = call(
                        "Encrypt",
                        "{\"KeyId\":\"" + key + "\",\"Plaintext\":\""
                                + Base64.getEncoder().encodeToString(plaintext) + "\",\"EncryptionContext\":" + context
                                + "}");
                ciphertexts.add(new Sealed(
                        Base64.getDecoder().decode(out.get("CiphertextBlob").asText()), plaintext, context));
            }
        }
    }

    private Pipeline pipeline(ServiceRegistry services, Stages.Authentication auth) {
        return new Pipeline(
                services,
                auth,
                Stages.Quota.UNLIMITED,
                Stages.Access.ALLOW_ALL,
                Stages.AuditSink.NONE,
                Runnable::run,
                () -> JsonNodeFactory.instance.objectNode().put("status", "ok"));
    }

    private String createKey(String body) {
        return call("CreateKey", body).get("KeyMetadata").get("KeyId").asText();
    }

    /** Runs a KMS operation as the account root (no signature) and returns its response; fails unless 200. */
    public JsonNode call(String operation, String body) {
        Outcome o = runDirect(trusted, exchange(operation, body, new DefaultHttpHeaders()));
        if (o.status() != 200) throw new IllegalStateException(operation + " failed: " + new String(o.body()));
        try {
            return WireJson.MAPPER.readTree(o.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST of {@code body} to {@code /} with the KMS target for {@code operation} (unless null) and headers. */
    public Exchange exchange(String operation, String body, HttpHeaders headers) {
        return exchange("POST", "/", operation, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Exchange exchange(String method, String uri, String operation, byte[] body, HttpHeaders headers) {
        if (operation != null) {
            try {
                headers.set("X-Amz-Target", "TrentService." + operation);
            } catch (IllegalArgumentException refusedByNetty) {
                // a target Netty's HTTP decoder would not let through: the request arrives without one
            }
        }
        return new Exchange(NOW, "127.0.0.1", false, method, uri, headers, body, true);
    }

    /**
     * Runs one exchange through {@code pipeline} within the {@link Deadline}: the outcome, whether the operation
     * answered inline or on a (here: inline) worker. Any exception escaping the pipeline fails the input.
     */
    public Outcome run(Pipeline pipeline, Exchange exchange) throws Exception {
        return Deadline.within(() -> runDirect(pipeline, exchange));
    }

    private static Outcome runDirect(Pipeline pipeline, Exchange exchange) {
        AtomicReference<Outcome> later = new AtomicReference<>();
        Outcome now = pipeline.run(exchange, later::set);
        Outcome o = now != null ? now : later.get();
        if (o == null) throw new AssertionError("the pipeline gave no outcome");
        return o;
    }

    /** The outcome as a label for statistics: status and error code. */
    public static String label(Outcome o) {
        return o.status() + (o.errorCode() == null ? "" : " " + o.errorCode());
    }

    /**
     * The checks every fuzz target makes of every outcome: no 5xx, and an error body that is AWS-shaped (a code and a
     * message) and names no library or JVM internals (unless the input itself held that text, which AWS echoes in
     * validation messages too).
     */
    public static void assertWellFormed(Outcome o, String input) {
        if (o.status() >= 500) {
            throw new AssertionError(
                    "a " + o.status() + " (" + o.errorCode() + ": " + o.errorMessage() + ") for " + input);
        }
        if (o.status() >= 400) {
            if (o.errorCode() == null || o.errorMessage() == null) {
                throw new AssertionError("an error without a code or message for " + input);
            }
            String body = new String(o.body(), StandardCharsets.UTF_8);
            for (String internal : INTERNALS) {
                if (body.contains(internal) && !input.contains(internal)) {
                    throw new AssertionError("the error names internals (" + internal + "): " + body + " for " + input);
                }
            }
        }
    }

    private static final List<String> INTERNALS = List.of(
            "com.fasterxml",
            "jackson",
            "java.lang",
            "java.util",
            "java.io",
            "io.netty",
            "dev.trent",
            "Exception:",
            "\tat ",
            "Caused by",
            "Unrecognized token",
            "Unexpected character");
}
