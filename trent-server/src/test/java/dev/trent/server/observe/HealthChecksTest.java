package dev.trent.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthChecksTest {
    @Test
    void okUntilACheckFailsThenNamesIt() {
        HealthChecks h = new HealthChecks();
        assertThat(h.document().toString()).isEqualTo("{\"status\":\"ok\"}");
        AtomicBoolean audit = new AtomicBoolean(true);
        h.register(HealthChecks.AUDIT, audit::get);
        h.register("store", () -> true);
        assertThat(h.document().toString()).isEqualTo("{\"status\":\"ok\"}");
        audit.set(false);
        assertThat(h.document().toString()).isEqualTo("{\"status\":\"unavailable\",\"failing\":[\"audit\"]}");
        h.register("store", () -> {
            throw new IllegalStateException("broken check");
        });
        assertThat(h.document().toString()).isEqualTo("{\"status\":\"unavailable\",\"failing\":[\"audit\",\"store\"]}");
    }
}
