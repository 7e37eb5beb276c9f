package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.server.auth.AuthException;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Stages;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevHostCheckTest {
    private static final Caller ROOT =
            new Caller("000000000000", "us-east-1", "arn:aws:iam::000000000000:root", "test");
    private final Stages.Authentication inner = (exchange, service) -> ROOT;
    private final Stages.Authentication dev = DevHostCheck.wrap(inner, true, List.of("trent.internal"));

    private static Exchange addressedTo(String host) {
        DefaultHttpHeaders h = new DefaultHttpHeaders();
        if (host != null) h.set("Host", host);
        return new Exchange(Instant.EPOCH, "127.0.0.1", false, "POST", "/", h, new byte[0], true);
    }

    @Test
    void loopbackNamesAndConfiguredNamesAreServed() throws Exception {
        for (String host : List.of(
                "localhost",
                "localhost:4599",
                "LOCALHOST:4599",
                "127.0.0.1",
                "127.0.0.1:4599",
                "127.1.2.3:80",
                "[::1]:4599",
                "[::1]",
                "trent.internal:4599",
                "app.localhost:4599")) {
            assertThat(dev.authenticate(addressedTo(host), null)).as(host).isSameAs(ROOT);
        }
    }

    @Test
    void otherNamesAreRefusedWithAHint() {
        for (String host : List.of("attacker.example", "attacker.example:4599", "127.0.0.1.evil.example", "10.0.0.1")) {
            assertThatThrownBy(() -> dev.authenticate(addressedTo(host), null))
                    .as(host)
                    .isInstanceOfSatisfying(AuthException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.getMessage()).contains("--dev-host " + DevHostCheck.hostName(host));
                    });
        }
        assertThatThrownBy(() -> dev.authenticate(addressedTo(null), null)).isInstanceOf(AuthException.class);
    }

    @Test
    void outsideDevModeNothingIsChecked() throws Exception {
        assertThat(DevHostCheck.wrap(inner, false, List.of())).isSameAs(inner);
    }
}
