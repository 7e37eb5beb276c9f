package dev.trent.core.barrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The barrier's {@link Keyring}, wrapped under the root key, as the store holds it in the record
 * {@value #KEY} (outside the barrier: it is what opens the barrier). In the store and not in the data directory so
 * that every node of a cluster opens the same keyring, and a rotation reaches them all.
 *
 * <p>JSON: {@code {"format":1, "rootOfTrust":"passphrase", "parameters":{...}, "keyring":"<base64>"}}: which
 * provider wrapped it, what that provider needs to open its root key again (never secret: a salt, a key label),
 * and the keyring encrypted with AES-256-GCM under the root key, bound to the provider's name.
 *
 * @param version the record's store version (for compare-and-set), 0 when not stored yet
 */
public record KeyringRecord(String rootOfTrust, Map<String, String> parameters, byte[] wrapped, long version) {
    /** The record's key in the store. */
    public static final String KEY = "barrier/keyring";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] AAD = "trent/keyring/v1\0".getBytes(StandardCharsets.UTF_8);

    public KeyringRecord {
        parameters = Map.copyOf(parameters);
    }

    /** The keyring record of {@code backing} (the raw store, below the barrier), if it has one. */
    public static Optional<KeyringRecord> read(Store backing) {
        return backing.get(KEY).map(e -> decode(e.value(), e.version()));
    }

    /** Wraps {@code keyring} under {@code root} (of the provider {@code kind}); the record is not stored yet. */
    public static KeyringRecord wrap(String kind, RootKey root, Keyring keyring) {
        byte[] plain = keyring.encode();
        try {
            return new KeyringRecord(kind, root.parameters(), root.wrap(plain, aad(kind)), 0);
        } finally {
            Keyring.wipe(plain);
        }
    }

    /**
     * Opens the keyring with {@code root}.
     *
     * @throws Barrier.BarrierException if it does not open under that root key
     */
    public Keyring open(RootKey root) {
        byte[] plain = root.unwrap(wrapped, aad(rootOfTrust));
        try {
            return Keyring.decode(plain);
        } finally {
            Keyring.wipe(plain);
        }
    }

    /**
     * Stores this record in {@code backing}, replacing the version {@code expected} (0: none must exist), and
     * returns the record as stored.
     *
     * @throws dev.trent.core.store.PreconditionFailedException if another writer got there first
     */
    public KeyringRecord store(Store backing, long expected) {
        Store.Precondition p = expected == 0 ? Store.Precondition.ABSENT : Store.Precondition.version(expected);
        long rev = backing.apply(List.of(Store.Mutation.put(KEY, encode(), p)));
        return new KeyringRecord(rootOfTrust, parameters, wrapped, rev);
    }

    private byte[] encode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", 1);
        o.put("rootOfTrust", rootOfTrust);
        ObjectNode p = o.putObject("parameters");
        parameters.forEach(p::put);
        o.put("keyring", Base64.getEncoder().encodeToString(wrapped));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyringRecord decode(byte[] bytes, long version) {
        try {
            JsonNode o = JSON.readTree(bytes);
            if (o.path("format").asInt() != 1)
                throw new Barrier.BarrierException("the keyring record's format is unknown");
            Map<String, String> params = new LinkedHashMap<>();
            o.path("parameters")
                    .fields()
                    .forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
            return new KeyringRecord(
                    o.path("rootOfTrust").asText(),
                    params,
                    Base64.getDecoder().decode(o.path("keyring").asText()),
                    version);
        } catch (IOException | IllegalArgumentException e) {
            throw new Barrier.BarrierException("the keyring record is malformed");
        }
    }

    private static byte[] aad(String kind) {
        byte[] k = kind.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[AAD.length + k.length];
        System.arraycopy(AAD, 0, aad, 0, AAD.length);
        System.arraycopy(k, 0, aad, AAD.length, k.length);
        return aad;
    }
}
