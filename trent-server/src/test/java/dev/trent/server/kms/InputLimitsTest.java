package dev.trent.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.FuzzServer;
import dev.trent.server.pipeline.Outcome;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bounds on inputs the KMS model leaves unbounded (encryption contexts), and the ones it has (grant tokens,
 * tags), through the real pipeline; and parse errors that name no library internals.
 */
class InputLimitsTest {
    private static final FuzzServer SERVER = new FuzzServer();
    private static final String TOO_LARGE = "is too large: its keys and values take more than 8192 bytes (UTF-8).";

    private static Outcome call(String operation, String body) throws Exception {
        Outcome o = SERVER.run(SERVER.trusted, SERVER.exchange(operation, body, new DefaultHttpHeaders()));
        FuzzServer.assertWellFormed(o, body);
        return o;
    }

    private static Outcome call(String operation, byte[] body) throws Exception {
        Outcome o = SERVER.run(SERVER.trusted, SERVER.exchange("POST", "/", operation, body, new DefaultHttpHeaders()));
        FuzzServer.assertWellFormed(o, new String(body, StandardCharsets.ISO_8859_1));
        return o;
    }

    private static String context(int pairs, String value) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < pairs; i++) {
            if (i > 0) b.append(',');
            b.append("\"k").append(i).append("\":\"").append(value).append('"');
        }
        return b.append('}').toString();
    }

    private String encrypt(String context) {
        return "{\"KeyId\":\"" + SERVER.symmetricKeyId + "\",\"Plaintext\":\"aGVsbG8=\",\"EncryptionContext\":"
                + context + "}";
    }

    @Test
    void anEncryptionContextUpTo8192BytesIsAcceptedAndALargerOneIsAValidationException() throws Exception {
        // "k0" + 8190 bytes of value = 8192 bytes
        assertThat(call("Encrypt", encrypt(context(1, "v".repeat(8190)))).status())
                .isEqualTo(200);
        Outcome over = call("Encrypt", encrypt(context(1, "v".repeat(8191))));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.errorCode()).isEqualTo("ValidationException");
        assertThat(over.errorMessage()).isEqualTo("The encryption context (EncryptionContext) " + TOO_LARGE);
        // bytes, not characters: "é" is two bytes in UTF-8
        assertThat(call("Encrypt", encrypt(context(1, "\u00e9".repeat(4096)))).errorCode())
                .isEqualTo("ValidationException");
        // the 10,000 entries
        assertThat(call("Encrypt", encrypt(context(10_000, "v"))).errorMessage())
                .isEqualTo("The encryption context (EncryptionContext) " + TOO_LARGE);
    }

    @Test
    void everyOperationWithAnEncryptionContextBoundsIt() throws Exception {
        String big = context(100, "v".repeat(100));
        String key = SERVER.symmetricKeyId;
        String blob = java.util.Base64.getEncoder()
                .encodeToString(SERVER.ciphertexts.getFirst().blob());
        for (var c : List.of(
                List.of("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":" + big + "}"),
                List.of(
                        "GenerateDataKey",
                        "{\"KeyId\":\"" + key + "\",\"KeySpec\":\"AES_256\",\"EncryptionContext\":" + big + "}"),
                List.of(
                        "GenerateDataKeyWithoutPlaintext",
                        "{\"KeyId\":\"" + key + "\",\"NumberOfBytes\":32,\"EncryptionContext\":" + big + "}"),
                List.of(
                        "GenerateDataKeyPair",
                        "{\"KeyId\":\"" + key + "\",\"KeyPairSpec\":\"ECC_NIST_P256\",\"EncryptionContext\":" + big
                                + "}"),
                List.of(
                        "ReEncrypt",
                        "{\"CiphertextBlob\":\"" + blob + "\",\"DestinationKeyId\":\"" + key
                                + "\",\"SourceEncryptionContext\":" + big + "}"),
                List.of(
                        "ReEncrypt",
                        "{\"CiphertextBlob\":\"" + blob + "\",\"DestinationKeyId\":\"" + key
                                + "\",\"DestinationEncryptionContext\":" + big + "}"))) {
            Outcome o = call(c.get(0), c.get(1));
            assertThat(o.errorCode()).as(c.get(0)).isEqualTo("ValidationException");
            assertThat(o.errorMessage()).as(c.get(0)).endsWith(TOO_LARGE);
        }
    }

    @Test
    void grantTokensAreBoundedByTheModel() throws Exception {
        String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "\"t\"")) + "]";
        Outcome many = call(
                "Encrypt",
                "{\"KeyId\":\"" + SERVER.symmetricKeyId + "\",\"Plaintext\":\"aGVsbG8=\",\"GrantTokens\":" + eleven
                        + "}");
        assertThat(many.errorCode()).isEqualTo("ValidationException");
        assertThat(many.errorMessage())
                .isEqualTo("1 validation error detected: Value '[t, t, t, t, t, t, t, t, t, t, t]' at 'grantTokens'"
                        + " failed to satisfy constraint: Member must have length less than or equal to 10");
        Outcome longToken = call(
                "Encrypt",
                "{\"KeyId\":\"" + SERVER.symmetricKeyId + "\",\"Plaintext\":\"aGVsbG8=\",\"GrantTokens\":[\""
                        + "t".repeat(8193) + "\"]}");
        assertThat(longToken.errorCode()).isEqualTo("ValidationException");
        assertThat(longToken.errorMessage())
                .contains("Member must satisfy constraint: [Member must have length less than or equal to 8192");
    }

    @Test
    void moreThanFiftyTagsAreATagException() throws Exception {
        StringBuilder tags = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            if (i > 0) tags.append(',');
            tags.append("{\"TagKey\":\"k").append(i).append("\",\"TagValue\":\"v\"}");
        }
        Outcome o = call("CreateKey", "{\"Tags\":" + tags + "]}");
        assertThat(o.errorCode()).isEqualTo("TagException");
        assertThat(o.errorMessage()).isEqualTo("Too many tags");
    }

    @Test
    void parseErrorsSayWhereTheBodyIsWrongWithoutTheParsersWords() throws Exception {
        for (String body : List.of(
                "{\"KeyId\": ",
                "{nope}",
                "[]",
                "\"text\"",
                "{\"a\":1}}",
                "{\"a\":01}",
                "{\"Limit\":1e999999}",
                "{\"a\":\"\\u12\"}",
                "{'a':1}",
                "\u0000",
                "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":" + "[".repeat(100_000))) {
            Outcome o = call("ListKeys", body);
            assertThat(o.status())
                    .as(body.length() > 50 ? body.substring(0, 50) : body)
                    .isEqualTo(400);
            assertThat(o.errorCode()).isIn("SerializationException", "ValidationException");
        }
        Outcome invalidUtf8 = call("ListKeys", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, 0x28, '"', '}'});
        assertThat(invalidUtf8.errorCode()).isEqualTo("SerializationException");
        assertThat(invalidUtf8.errorMessage()).startsWith("The request body is not valid JSON");
    }
}
