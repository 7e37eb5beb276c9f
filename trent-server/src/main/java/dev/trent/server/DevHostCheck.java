package dev.trent.server;

import dev.trent.server.auth.AuthException;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Stages;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * In {@code --dev} mode Trent accepts any access key without checking its signature, so a web page that makes a
 * browser send requests to a name it rebinds to 127.0.0.1 (DNS rebinding) could drive a developer's Trent. Browsers
 * send the name they resolved in {@code Host}, so dev mode serves only requests whose {@code Host} is a loopback
 * name: {@code localhost}, {@code 127.0.0.1} (any {@code 127.x.y.z}), {@code [::1]}, and the names the operator
 * adds ({@code devHosts} / {@code --dev-host}). Others are refused before authentication with one clear error, and
 * before their body is read (the same check runs ahead of the {@link Stages.PreAuthentication} screen).
 */
final class DevHostCheck {
    private final Set<String> extra;

    private DevHostCheck(List<String> extraHosts) {
        this.extra = new HashSet<>();
        for (String h : extraHosts) extra.add(h.toLowerCase(Locale.ROOT));
    }

    /** {@code next}, behind the host check when {@code dev} is on; {@code next} itself otherwise. */
    static Stages.Authentication wrap(Stages.Authentication next, boolean dev, List<String> extraHosts) {
        if (!dev) return next;
        DevHostCheck hosts = new DevHostCheck(extraHosts);
        return (exchange, service) -> {
            hosts.check(exchange);
            return next.authenticate(exchange, service);
        };
    }

    /** The same for the screen of request heads: the host is checked first, as in authentication. */
    static Stages.PreAuthentication wrap(Stages.PreAuthentication next, boolean dev, List<String> extraHosts) {
        if (!dev) return next;
        DevHostCheck hosts = new DevHostCheck(extraHosts);
        return (head, service) -> {
            hosts.check(head);
            next.screen(head, service);
        };
    }

    /** Throws the dev-mode refusal unless {@code exchange} is addressed to a host dev mode answers. */
    void check(Exchange exchange) throws AuthException {
        String host = exchange.headers().get("Host");
        if (!allowed(host)) {
            throw new AuthException(
                    "AccessDeniedException",
                    400,
                    "Trent in --dev mode answers only requests addressed to a loopback name (localhost, 127.0.0.1,"
                            + " [::1]); this one was addressed to '" + String.valueOf(host) + "'. If that name is"
                            + " yours, allow it with --dev-host " + hostName(host == null ? "" : host) + ".");
        }
    }

    boolean allowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) return false;
        String name = hostName(hostHeader).toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")) return true;
        if (isLoopbackV4(name)) return true;
        return extra.contains(name);
    }

    /** The host part of a {@code Host} header: without the port, IPv6 without brackets. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static boolean isLoopbackV4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) return false;
            for (int i = 0; i < p.length(); i++) {
                if (!Character.isDigit(p.charAt(i))) return false;
            }
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }
}
