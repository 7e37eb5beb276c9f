package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.ServiceException;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import dev.trent.crypto.ConstantTime;
import dev.trent.crypto.KeyPairKind;
import dev.trent.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The wrapping key pairs and import tokens of GetParametersForImport, kept in the (sealed) store so that any node of
 * a cluster can take the ImportKeyMaterial that follows.
 *
 * <p>A token is {@code 0x01 || token id (16 random bytes) || secret (32 random bytes)}. The record, at {@code
 * kms/import-tokens/<account>/<region>/<keyId>/<token id hex>}, holds the SHA-256 of the secret, the wrapping
 * algorithm and key spec, the expiry and the wrapping private key; the barrier seals it with its store key as
 * AAD. So a token cannot be forged (the secret is unguessable and compared in constant time), cannot be used for
 * another key (it is looked up under the key named in the request), and the private key never leaves the server.
 * A token is good for one import: the record is deleted then. At expiry (24 hours) the maintenance pass drops the
 * private key and keeps a stub a day longer, so a late import is told the token expired; then the stub goes too.
 */
final class ImportTokens {
    static final String PREFIX = "kms/import-tokens/";
    static final Duration VALIDITY = Duration.ofHours(24);
    /** How long an expired token's stub (no private key) stays, so the answer is "expired", not "invalid". */
    static final Duration STUB_KEPT = Duration.ofHours(24);

    private static final byte FORMAT = 0x01;
    private static final int ID_LENGTH = 16;
    private static final int SECRET_LENGTH = 32;
    private static final int TOKEN_LENGTH = 1 + ID_LENGTH + SECRET_LENGTH;

    private final Store store;
    private final SecureRandom random;

    ImportTokens(Store store, SecureRandom random) {
        this.store = store;
        this.random = random;
    }

    /** What a token's record holds. The private key is the caller's to destroy. */
    record Parameters(
            String algorithm, String wrappingKeySpec, Instant validTo, SecretBytes privateKey, byte[] publicKey) {}

    /** Stores the parameters of a new token for the key at {@code address} and returns the token. */
    byte[] issue(
            KeyAddress address, String algorithm, String wrappingKeySpec, Instant validTo, KeyPairKind.Generated pair) {
        byte[] token = new byte[TOKEN_LENGTH];
        token[0] = FORMAT;
        byte[] tail = new byte[ID_LENGTH + SECRET_LENGTH];
        random.nextBytes(tail);
        System.arraycopy(tail, 0, token, 1, tail.length);
        Arrays.fill(tail, (byte) 0);
        byte[] privateKey = pair.privateKeyPkcs8().reveal();
        ObjectNode n = Json.object()
                .put("SecretHash", Base64.getEncoder().encodeToString(sha256(token, 1 + ID_LENGTH, SECRET_LENGTH)))
                .put("Algorithm", algorithm)
                .put("WrappingKeySpec", wrappingKeySpec)
                .put("ValidTo", validTo.toString())
                .put("PrivateKey", Base64.getEncoder().encodeToString(privateKey))
                .put("PublicKey", Base64.getEncoder().encodeToString(pair.publicKeyDer()));
        byte[] record = Json.bytes(n);
        try {
            store.apply(List.of(Mutation.create(path(address, token), record)));
        } finally {
            Arrays.fill(record, (byte) 0);
        }
        return token;
    }

    /**
     * The parameters of {@code token} for the key at {@code address}, checked: {@code InvalidImportTokenException}
     * if it is malformed, forged, used already or another key's; {@code ExpiredImportTokenException} once expired.
     */
    Parameters redeem(KeyAddress address, byte[] token, Instant now) {
        if (token == null || token.length != TOKEN_LENGTH || token[0] != FORMAT) throw invalid();
        Optional<Store.Entry> e = store.get(path(address, token));
        if (e.isEmpty()) throw invalid();
        JsonNode n = Json.parse(e.get().value());
        byte[] expected = Base64.getDecoder().decode(n.get("SecretHash").asText());
        if (!ConstantTime.equals(expected, sha256(token, 1 + ID_LENGTH, SECRET_LENGTH))) throw invalid();
        Instant validTo = Instant.parse(n.get("ValidTo").asText());
        if (!now.isBefore(validTo) || !n.hasNonNull("PrivateKey")) {
            throw new ServiceException(
                    "ExpiredImportTokenException",
                    400,
                    "The import token is expired. Use GetParametersForImport to get a new import token and public"
                            + " key, use the new public key to encrypt the key material, and then try the request"
                            + " again.");
        }
        return new Parameters(
                n.get("Algorithm").asText(),
                n.get("WrappingKeySpec").asText(),
                validTo,
                SecretBytes.wrap(Base64.getDecoder().decode(n.get("PrivateKey").asText())),
                Base64.getDecoder().decode(n.get("PublicKey").asText()));
    }

    /** Deletes a redeemed token (one import per token). */
    void spend(KeyAddress address, byte[] token) {
        store.apply(List.of(Mutation.delete(path(address, token))));
    }

    /**
     * Drops the private keys of expired tokens (a stub stays for {@link #STUB_KEPT}) and stubs older than that, and
     * the tokens of keys that no longer exist. Returns how many records it changed.
     */
    int expire(Instant now, java.util.function.Predicate<KeyAddress> keyExists) {
        int changed = 0;
        for (Store.Entry e : store.scan(PREFIX)) {
            KeyAddress owner = owner(e.key());
            JsonNode n;
            try {
                n = Json.parse(e.value());
            } catch (RuntimeException bad) {
                n = null;
            }
            Instant validTo = n == null || !n.hasNonNull("ValidTo")
                    ? Instant.EPOCH
                    : Instant.parse(n.get("ValidTo").asText());
            try {
                if (n == null || owner == null || !keyExists.test(owner) || !now.isBefore(validTo.plus(STUB_KEPT))) {
                    store.apply(List.of(Mutation.delete(e.key(), Precondition.version(e.version()))));
                    changed++;
                } else if (!now.isBefore(validTo) && n.hasNonNull("PrivateKey")) {
                    ObjectNode stub = ((ObjectNode) n).deepCopy();
                    stub.remove("PrivateKey");
                    store.apply(List.of(Mutation.put(e.key(), Json.bytes(stub), Precondition.version(e.version()))));
                    changed++;
                }
            } catch (PreconditionFailedException raced) {
                // redeemed or changed meanwhile: the next pass looks again
            } finally {
                Arrays.fill(e.value(), (byte) 0);
            }
        }
        return changed;
    }

    /** The tokens (store keys) of the key at {@code address}. */
    List<String> of(KeyAddress address) {
        List<String> out = new ArrayList<>();
        for (Store.Entry e : store.scan(prefix(address))) out.add(e.key());
        return out;
    }

    private static String prefix(KeyAddress a) {
        return PREFIX + a.accountId() + "/" + a.region() + "/" + a.id().value() + "/";
    }

    private static String path(KeyAddress a, byte[] token) {
        return prefix(a) + HexFormat.of().formatHex(token, 1, 1 + ID_LENGTH);
    }

    private static KeyAddress owner(String storeKey) {
        String[] p = storeKey.substring(PREFIX.length()).split("/", -1);
        if (p.length != 4) return null;
        KeyId id = KeyId.tryParse(p[2]);
        return id == null || p[0].isEmpty() || p[1].isEmpty() ? null : new KeyAddress(p[0], p[1], id);
    }

    private static byte[] sha256(byte[] b, int offset, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(ByteBuffer.wrap(b, offset, length));
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceException invalid() {
        return new ServiceException(
                "InvalidImportTokenException",
                400,
                "The import token is invalid or is associated with a different KMS key.");
    }
}
