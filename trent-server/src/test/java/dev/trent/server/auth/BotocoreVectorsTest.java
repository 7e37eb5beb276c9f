package dev.trent.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Requests exactly as botocore 1.43 (the aws CLI / boto3 signer) sent them, captured at the HTTP layer with a
 * {@code before-send} hook and botocore's clock pinned to 2026-11-23T10:35:00Z (Host as urllib3 sends it):
 * <pre>
 * session.create_client('kms', region_name='eu-west-3', endpoint_url=..., aws_access_key_id='AKIDTRENTEXAMPLE01',
 *                       aws_secret_access_key='trent/Secret+Key/EXAMPLE0123456789abcdef', aws_session_token=...)
 * </pre>
 * and one presigned URL from {@code botocore.auth.SigV4QueryAuth(creds, 'kms', 'eu-west-3', expires=300)}.
 */
class BotocoreVectorsTest {

    static final String AKID = "AKIDTRENTEXAMPLE01";
    static final String SECRET = "trent/Secret+Key/EXAMPLE0123456789abcdef";
    static final String NOW = "20261123T103500Z";
    static final String UA = "Botocore/1.43.11 ua/2.1 os/linux#6.18.44-fc-v769 md/arch#x86_64 lang/python#3.11.7 "
            + "md/pyimpl#CPython m/b,e,Z,D,N cfg/retry-mode#legacy";

    final TestRequests.MapLookup lookup = new TestRequests.MapLookup().put(AKID, SECRET);
    final SigV4Verifier verifier = new SigV4Verifier(lookup, TestRequests.clockAt(NOW));

    static TestRequests.Req kmsCall(
            String host, String target, String signedHeaders, String signature, String token, String body) {
        TestRequests.Req r = new TestRequests.Req()
                .header("Host", host)
                .header("X-Amz-Target", "TrentService." + target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("User-Agent", UA)
                .header("X-Amz-Date", NOW);
        if (token != null) {
            r.header("X-Amz-Security-Token", token);
        }
        return r.header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + AKID + "/20261123/eu-west-3/kms/aws4_request, "
                                + "SignedHeaders=" + signedHeaders + ", Signature=" + signature)
                .header("amz-sdk-invocation-id", "ee3ce422-a8fb-4c50-b89b-624592cd5607")
                .header("amz-sdk-request", "attempt=1")
                .header(
                        "Content-Length",
                        Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                .body(body);
    }

    static TestRequests.Req encrypt() {
        return kmsCall(
                "127.0.0.1:8443",
                "Encrypt",
                "content-type;host;x-amz-date;x-amz-target",
                "cad72ace42878a4e2c444af4b2c295de4ae8e7fb860680d49e789f4790c370f5",
                null,
                "{\"KeyId\": \"alias/trent\", \"Plaintext\": \"aGVsbG8gd29ybGQ=\"}");
    }

    @Test
    void encrypt_verifies() throws AuthException {
        VerifiedCaller c = verifier.verify(encrypt().build(), "kms");
        assertThat(c)
                .isEqualTo(new VerifiedCaller(
                        AKID, "eu-west-3", "kms", null, Instant.parse("2026-11-23T10:35:00Z"), true));
    }

    @Test
    void listKeys_verifies() throws AuthException {
        verifier.verify(
                kmsCall(
                                "127.0.0.1:8443",
                                "ListKeys",
                                "content-type;host;x-amz-date;x-amz-target",
                                "e82029481e8ba42cb1c0a24f185c734c8a03fc3151a8f7dbf7a4c0c4af89ddc4",
                                null,
                                "{}")
                        .build(),
                "kms");
    }

    @Test
    void sessionToken_isSignedAndReturned() throws AuthException {
        String token = "FwoGZXIvYXdzEBYaDEXAMPLESESSIONTOKEN//////////wEaDA==";
        TestRequests.Req r = kmsCall(
                "127.0.0.1:8443",
                "Decrypt",
                "content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
                "f828ce7c00b8f9f0b4833a01fc9204533baf71be1e788bf035e75a5e9b02517b",
                token,
                "{\"CiphertextBlob\": \"AQID\"}");
        assertThat(verifier.verify(r.build(), "kms").securityToken()).isEqualTo(token);
        // the token is covered by the signature
        assertThatThrownBy(() -> verifier.verify(
                        r.copy()
                                .replaceHeader("X-Amz-Security-Token", token + "x")
                                .build(),
                        "kms"))
                .hasMessageStartingWith("The request signature we calculated does not match");
    }

    @Test
    void nonAsciiJsonBody_overHttps_verifies() throws AuthException {
        verifier.verify(
                kmsCall(
                                "localhost:8443",
                                "GenerateDataKey",
                                "content-type;host;x-amz-date;x-amz-target",
                                "f6a048763af46d1afd15ce50264413fca02b791a0c12294b4969164c3f6eeb4e",
                                null,
                                "{\"KeyId\": \"alias/trent\", \"KeySpec\": \"AES_256\", \"EncryptionContext\": "
                                        + "{\"a b\": \"c/d\", \"\\u00fc\": \"\\u20ac\"}}")
                        .build(),
                "kms");
    }

    static final String PRESIGNED_QUERY = "Action=ListKeys&Limit=5&odd=a%20b%2Fc&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDTRENTEXAMPLE01%2F20261123%2Feu-west-3%2Fkms%2Faws4_request"
            + "&X-Amz-Date=20261123T103500Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
            + "&X-Amz-Security-Token=SessTok%2F%2B%3D"
            + "&X-Amz-Signature=b6dd426fa9ed9f0007e4dcefca6274a3955423a770370cd49b9db92cf054ffe5";

    @Test
    void presignedUrl_verifiesWithinItsExpiry() throws AuthException {
        TestRequests.Req r =
                new TestRequests.Req().method("GET").query(PRESIGNED_QUERY).header("Host", "127.0.0.1:8443");
        VerifiedCaller c = verifier.verify(r.build(), "kms");
        assertThat(c.securityToken()).isEqualTo("SessTok/+=");
        assertThat(c.region()).isEqualTo("eu-west-3");

        Instant signed = Instant.parse("2026-11-23T10:35:00Z");
        new SigV4Verifier(lookup, TestRequests.clockAt(signed.plus(Duration.ofSeconds(300)))).verify(r.build(), "kms");
        assertThatThrownBy(() -> new SigV4Verifier(lookup, TestRequests.clockAt(signed.plus(Duration.ofSeconds(301))))
                        .verify(r.build(), "kms"))
                .hasMessage("Signature expired: 20261123T103500Z is now earlier than 20261123T103501Z "
                        + "(20261123T104001Z - 5 min.)");
    }

    @Test
    void presignedUrl_tamperedParameterFails() {
        TestRequests.Req r = new TestRequests.Req()
                .method("GET")
                .query(PRESIGNED_QUERY.replace("Limit=5", "Limit=6"))
                .header("Host", "127.0.0.1:8443");
        assertThatThrownBy(() -> verifier.verify(r.build(), "kms"))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidSignatureException"));
    }
}
