package dev.trent.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** This machine's names and addresses: for the self-signed certificate and for the URL Trent prints. */
final class LocalAddresses {
    private LocalAddresses() {}

    /** The host name, unless it is unknown or {@code localhost}. */
    static Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isBlank() || name.equalsIgnoreCase("localhost") ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The addresses of the interfaces that are up, loopback included, link-local (and so scoped) addresses left
     * out: IPv4 first.
     */
    static List<InetAddress> interfaceAddresses() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLinkLocalAddress() || a.isMulticastAddress() || a.isAnyLocalAddress()) continue;
                    if (a instanceof Inet4Address) v4.add(a);
                    else if (a instanceof Inet6Address) v6.add(a);
                }
            }
        } catch (IOException e) {
            // no interfaces to list: the loopback names only
        }
        v4.addAll(v6);
        return v4;
    }

    /**
     * The host a client can use for a server bound to {@code host}: the host itself, or for a wildcard address
     * ({@code 0.0.0.0}, {@code ::}) the host name when it resolves to an address of another machine's reach, else
     * the first non-loopback interface address (IPv4 first), else {@code 127.0.0.1}.
     */
    static String advertisedHost(String host, boolean wildcard) {
        if (!wildcard) return host;
        Optional<String> name = hostName();
        if (name.isPresent()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(name.get())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) return name.get();
                }
            } catch (IOException unresolvable) {
                // an address instead
            }
        }
        for (InetAddress a : interfaceAddresses()) {
            if (!a.isLoopbackAddress()) return SubjectNames.of(a);
        }
        return "127.0.0.1";
    }

    /** {@code host}, in brackets when it is an IPv6 address. */
    static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
