package dev.trent.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sign and GenerateMac scenarios of {@link KmsLoadBenchmark}: {@code sign-rsa2048}, {@code sign-p256},
 * {@code sign-ed25519} and {@code generate-mac}. Each creates its key at start (one signed {@code CreateKey}), signs
 * or MACs a RAW message (the benchmark's plaintext bytes), and is paired with the {@link RawPrimitive} that does the
 * same cryptography, so the benchmark can print the HTTP figure next to the bare primitive's.
 *
 * <p>The check before measuring verifies each signature locally against the key's {@code GetPublicKey}, so a run
 * against a server that does not sign correctly fails before it measures anything.
 */
final class SignAndMacScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One signed request to Trent that must answer 200; returns the parsed response. */
    @FunctionalInterface
    interface Call {
        JsonNode call(String operation, ObjectNode body) throws IOException;
    }

    private record Spec(
            String id,
            String name,
            String keySpec,
            String keyUsage,
            String operation,
            String algorithmField,
            String algorithm,
            String jcaVerify,
            RawPrimitive raw) {}

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    /** The scenario names, in the order they run: sign-rsa2048, sign-p256, sign-ed25519, generate-mac. */
    static final List<String> NAMES;

    static {
        for (Spec s : List.of(
                new Spec(
                        "sign-rsa2048",
                        "Sign RSA_2048",
                        "RSA_2048",
                        "SIGN_VERIFY",
                        "Sign",
                        "SigningAlgorithm",
                        "RSASSA_PKCS1_V1_5_SHA_256",
                        "SHA256withRSA",
                        RawPrimitive.RSA_2048_PKCS1_SHA256),
                new Spec(
                        "sign-p256",
                        "Sign ECC_NIST_P256",
                        "ECC_NIST_P256",
                        "SIGN_VERIFY",
                        "Sign",
                        "SigningAlgorithm",
                        "ECDSA_SHA_256",
                        "SHA256withECDSA",
                        RawPrimitive.ECDSA_P256_SHA256),
                new Spec(
                        "sign-ed25519",
                        "Sign ED25519",
                        "ECC_NIST_EDWARDS25519",
                        "SIGN_VERIFY",
                        "Sign",
                        "SigningAlgorithm",
                        "ED25519_SHA_512",
                        "Ed25519",
                        RawPrimitive.ED25519),
                new Spec(
                        "generate-mac",
                        "GenerateMac HMAC_256",
                        "HMAC_256",
                        "GENERATE_VERIFY_MAC",
                        "GenerateMac",
                        "MacAlgorithm",
                        "HMAC_SHA_256",
                        null,
                        RawPrimitive.HMAC_SHA256))) {
            SPECS.put(s.id(), s);
        }
        NAMES = List.copyOf(SPECS.keySet());
    }

    private SignAndMacScenarios() {}

    /** Creates the key of scenario {@code name} (one of {@link #NAMES}) and returns the scenario for it. */
    static KmsLoadBenchmark.Scenario create(String name, Call trent, byte[] message) throws IOException {
        Spec s = SPECS.get(name);
        if (s == null) throw new IllegalArgumentException("not a sign/MAC scenario: " + name);
        ObjectNode create = JSON.createObjectNode()
                .put("Description", "trent load benchmark, " + name)
                .put("KeySpec", s.keySpec())
                .put("KeyUsage", s.keyUsage());
        String keyId = trent.call("CreateKey", create)
                .path("KeyMetadata")
                .path("KeyId")
                .asText();
        ObjectNode body = JSON.createObjectNode().put("KeyId", keyId).put("Message", message);
        if (s.operation().equals("Sign")) body.put("MessageType", "RAW");
        body.put(s.algorithmField(), s.algorithm());
        java.util.function.Consumer<JsonNode> check;
        if (s.jcaVerify() != null) {
            PublicKey pub =
                    publicKey(trent.call("GetPublicKey", JSON.createObjectNode().put("KeyId", keyId)));
            check = j -> {
                require(s.algorithm().equals(j.path("SigningAlgorithm").asText()), name + ": wrong algorithm: " + j);
                byte[] signature =
                        Base64.getDecoder().decode(j.path("Signature").asText());
                require(verifies(s.jcaVerify(), pub, message, signature), name + ": the signature does not verify");
            };
        } else {
            check = j -> require(
                    s.algorithm().equals(j.path("MacAlgorithm").asText())
                            && Base64.getDecoder().decode(j.path("Mac").asText()).length == 32,
                    name + ": GenerateMac returned no 32-byte HMAC-SHA-256 tag: " + j);
        }
        return new KmsLoadBenchmark.Scenario(s.name(), s.operation(), bytes(body), check, s.raw());
    }

    private static PublicKey publicKey(JsonNode getPublicKey) throws IOException {
        byte[] der = Base64.getDecoder().decode(getPublicKey.path("PublicKey").asText());
        String algorithm = switch (getPublicKey.path("KeySpec").asText()) {
            case "RSA_2048" -> "RSA";
            case "ECC_NIST_P256" -> "EC";
            case "ECC_NIST_EDWARDS25519" -> "Ed25519";
            default -> throw new IllegalStateException("unexpected GetPublicKey answer: " + getPublicKey);
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("GetPublicKey returned a key the JDK cannot read", e);
        }
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(key);
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalStateException(message);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
