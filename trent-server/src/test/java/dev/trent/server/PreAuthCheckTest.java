package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.store.InMemoryStore;
import dev.trent.server.auth.Regions;
import dev.trent.server.auth.SigV4HeaderCheck;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import dev.trent.server.pipeline.TestService;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The pre-authentication screen gives, from a request's head alone, exactly the error the whole pipeline gives the
 * whole request (same status, code and message), and lets through every request authentication could accept.
 */
class PreAuthCheckTest {
    static final String ACCOUNT = "111122223333";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String BODY = "{}";

    private final IdentityStore identities = new IdentityStore(new InMemoryStore(), CLOCK, new SecureRandom());
    private final AccessKey key;
    private final AccessKey inactive;

    PreAuthCheckTest() {
        identities.createAccount(ACCOUNT);
        key = identities.createAccessKey(IdentityStore.rootArn(ACCOUNT));
        inactive = identities.createAccessKey(IdentityStore.rootArn(ACCOUNT));
        identities.updateAccessKey(inactive.accessKeyId(), false);
    }

    private Pipeline pipeline(boolean dev) {
        Regions regions = Regions.aws();
        Authenticator auth = new Authenticator(identities, CLOCK, dev, "000000000000", regions);
        Stages.PreAuthentication pre = DevHostCheck.wrap(
                new PreAuthCheck(new SigV4HeaderCheck(CLOCK, regions), PreAuthCheck.of(identities, dev)),
                dev,
                List.of());
        return new Pipeline(
                new ServiceRegistry(List.of(new TestService().definition())),
                pre,
                DevHostCheck.wrap(auth, dev, List.of()),
                Stages.Quota.UNLIMITED,
                Stages.Access.ALLOW_ALL,
                Stages.AuditSink.NONE,
                Runnable::run,
                () -> JsonNodeFactory.instance.objectNode().put("status", "ok"));
    }

    /** Headers of a request signed by the AWS SDK's signer; {@code change} may alter the unsigned request first. */
    private static HttpHeaders signed(
            String target,
            AwsCredentialsIdentity identity,
            String region,
            String service,
            Clock clock,
            Consumer<SdkHttpRequest.Builder> change) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:4599/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1");
        if (target != null) b.putHeader("X-Amz-Target", target);
        change.accept(b);
        var s = AwsV4HttpSigner.create()
                .sign(r -> r.identity(identity)
                        .request(b.build())
                        .payload(ContentStreamProvider.fromByteArray(BODY.getBytes(StandardCharsets.UTF_8)))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        HttpHeaders h = new DefaultHttpHeaders();
        s.request().forEachHeader((name, values) -> values.forEach(v -> h.add(name, v)));
        h.set("Host", "localhost:4599");
        return h;
    }

    private HttpHeaders signed(String keyId, String secret) {
        return signed(
                "TrentService.ListKeys",
                AwsCredentialsIdentity.create(keyId, secret),
                "us-east-1",
                "kms",
                CLOCK,
                b -> {});
    }

    private HttpHeaders valid() {
        return signed(key.accessKeyId(), key.secretAccessKey());
    }

    private static Exchange exchange(String method, HttpHeaders headers, String body) {
        return new Exchange(NOW, "127.0.0.1", false, method, "/", headers, body.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Screens the head, runs the whole request, and checks they agree. Returns the whole request's outcome. */
    private static Outcome sameAnswer(Pipeline p, String method, HttpHeaders headers) {
        Outcome screened = p.screen(exchange(method, headers, ""));
        Outcome whole = p.run(exchange(method, headers, BODY), later -> {});
        assertThat(whole).isNotNull();
        assertThat(whole.succeeded())
                .as("the whole request fails: %s", whole.errorMessage())
                .isFalse();
        assertThat(screened).as("the head is refused like the whole request").isNotNull();
        assertThat(screened.status()).isEqualTo(whole.status());
        assertThat(screened.errorCode()).isEqualTo(whole.errorCode());
        assertThat(screened.errorMessage()).isEqualTo(whole.errorMessage());
        assertThat(screened.kind()).isEqualTo(whole.kind());
        return whole;
    }

    @Test
    void aValidRequestPassesTheScreenAndSucceeds() {
        Pipeline p = pipeline(false);
        assertThat(p.screen(exchange("POST", valid(), ""))).isNull();
        assertThat(p.run(exchange("POST", valid(), BODY), later -> {}).succeeded())
                .isTrue();
        HttpHeaders health = new DefaultHttpHeaders();
        assertThat(p.screen(new Exchange(NOW, "127.0.0.1", false, "GET", "/health", health, new byte[0], true)))
                .isNull();
    }

    @Test
    void headsThatCannotBeValidGetTheErrorsOfTheWholeRequest() {
        Pipeline p = pipeline(false);
        HttpHeaders none = valid();
        none.remove("Authorization");
        assertThat(sameAnswer(p, "POST", none).errorCode()).isEqualTo("MissingAuthenticationTokenException");

        HttpHeaders bearer = valid();
        bearer.set("Authorization", "Bearer abc");
        assertThat(sameAnswer(p, "POST", bearer).errorCode()).isEqualTo("MissingAuthenticationTokenException");

        HttpHeaders incomplete = valid();
        incomplete.set("Authorization", "AWS4-HMAC-SHA256 Credential=" + key.accessKeyId());
        assertThat(sameAnswer(p, "POST", incomplete).errorCode()).isEqualTo("IncompleteSignatureException");

        Clock past = Clock.fixed(NOW.minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        HttpHeaders expired = signed(
                "TrentService.ListKeys",
                AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()),
                "us-east-1",
                "kms",
                past,
                b -> {});
        assertThat(sameAnswer(p, "POST", expired).errorMessage()).startsWith("Signature expired");

        HttpHeaders mars = signed(
                "TrentService.ListKeys",
                AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()),
                "mars-1",
                "kms",
                CLOCK,
                b -> {});
        assertThat(sameAnswer(p, "POST", mars).errorMessage()).contains("valid region, not 'mars-1'");

        HttpHeaders sts = signed(
                "TrentService.ListKeys",
                AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()),
                "us-east-1",
                "sts",
                CLOCK,
                b -> {});
        assertThat(sameAnswer(p, "POST", sts).errorMessage()).contains("scoped to correct service: 'kms'");

        assertThat(sameAnswer(p, "POST", signed("AKIAUNKNOWNUNKNOWN00", "secret"))
                        .errorCode())
                .isEqualTo("UnrecognizedClientException");
        assertThat(sameAnswer(p, "POST", signed(inactive.accessKeyId(), inactive.secretAccessKey()))
                        .errorCode())
                .isEqualTo("UnrecognizedClientException");

        HttpHeaders unsignedTarget = signed(
                null,
                AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()),
                "us-east-1",
                "kms",
                CLOCK,
                b -> {});
        unsignedTarget.set("X-Amz-Target", "TrentService.ListKeys");
        assertThat(sameAnswer(p, "POST", unsignedTarget).errorMessage())
                .isEqualTo("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");

        HttpHeaders unknownOperation = signed(
                "TrentService.Nope",
                AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()),
                "us-east-1",
                "kms",
                CLOCK,
                b -> {});
        assertThat(sameAnswer(p, "POST", unknownOperation).errorCode()).isEqualTo("UnknownOperationException");
        assertThat(sameAnswer(p, "GET", valid()).errorCode()).isEqualTo("UnknownOperationException");
    }

    @Test
    void whatOnlyTheBodyOrTheSessionCanTellIsLeftToTheWholeRequest() {
        Pipeline p = pipeline(false);
        // a wrong signature: the head cannot tell
        HttpHeaders forged = valid();
        String auth = forged.get("Authorization");
        forged.set("Authorization", auth.substring(0, auth.length() - 4) + "0000");
        assertThat(p.screen(exchange("POST", forged, ""))).isNull();
        assertThat(p.run(exchange("POST", forged, BODY), later -> {}).errorCode())
                .isEqualTo("InvalidSignatureException");

        // temporary credentials (ASIA...) are not in the access-key table: they pass, and are checked in full
        HttpHeaders session = signed(
                "TrentService.ListKeys",
                AwsSessionCredentialsIdentity.create("ASIAEXAMPLEEXAMPLE00", "secret", "token"),
                "us-east-1",
                "kms",
                CLOCK,
                b -> {});
        assertThat(session.get("X-Amz-Security-Token")).isEqualTo("token");
        assertThat(p.screen(exchange("POST", session, ""))).isNull();
        assertThat(p.run(exchange("POST", session, BODY), later -> {}).errorCode())
                .isEqualTo("UnrecognizedClientException");
    }

    @Test
    void devModeScreensTheHostFirstAndLetsAnyKeyThrough() {
        Pipeline p = pipeline(true);
        HttpHeaders anyKey = signed("test", "test");
        assertThat(p.screen(exchange("POST", anyKey, ""))).isNull();
        assertThat(p.run(exchange("POST", anyKey, BODY), later -> {}).succeeded())
                .isTrue();
        HttpHeaders rebound = signed("test", "test");
        rebound.set("Host", "attacker.example");
        assertThat(sameAnswer(p, "POST", rebound).errorCode()).isEqualTo("AccessDeniedException");
        assertThat(sameAnswer(p, "POST", signed(inactive.accessKeyId(), inactive.secretAccessKey()))
                        .errorCode())
                .isEqualTo("UnrecognizedClientException");
    }
}
