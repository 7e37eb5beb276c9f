package dev.trent.server.sts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GetCallerIdentity as AWS answers it for the root user, an IAM user and a role session. */
class StsServiceTest {
    private static String[] identity(Caller c) {
        var out = StsService.callerIdentity(
                RequestContext.internal(c, Instant.now()), JsonNodeFactory.instance.objectNode());
        return new String[] {
            out.get("Account").asText(),
            out.get("UserId").asText(),
            out.get("Arn").asText()
        };
    }

    @Test
    void callerIdentityOfEachKindOfPrincipal() {
        assertThat(identity(new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIA1")))
                .containsExactly("111122223333", "111122223333", "arn:aws:iam::111122223333:root");
        assertThat(identity(new Caller(
                        "111122223333",
                        "us-east-1",
                        "arn:aws:iam::111122223333:user/a/alice",
                        "AKIA2",
                        Caller.PrincipalType.IAM_USER,
                        "AIDAAAAAAAAAAAAAAAAAA",
                        "arn:aws:iam::111122223333:user/a/alice",
                        Map.of())))
                .containsExactly("111122223333", "AIDAAAAAAAAAAAAAAAAAA", "arn:aws:iam::111122223333:user/a/alice");
        assertThat(identity(new Caller(
                        "111122223333",
                        "us-east-1",
                        "arn:aws:sts::111122223333:assumed-role/app/job",
                        "ASIA1",
                        Caller.PrincipalType.ASSUMED_ROLE,
                        "AROAAAAAAAAAAAAAAAAAA:job",
                        "arn:aws:iam::111122223333:role/app",
                        Map.of())))
                .containsExactly(
                        "111122223333", "AROAAAAAAAAAAAAAAAAAA:job", "arn:aws:sts::111122223333:assumed-role/app/job");
    }
}
