package dev.trent.core.kms;

import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.crypto.HmacSha;
import dev.trent.crypto.InvalidMacException;
import dev.trent.crypto.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Grant tokens: what CreateGrant returns so that a grantee can use a new grant at once, before every node has
 * seen it (AWS's answer to eventual consistency).
 *
 * <p>A token is self-describing and authenticated: it carries the grant (id, key, grantee, operations,
 * constraint...) and the store revision that wrote it, under an HMAC-SHA256 tag whose key is a random 32-byte key
 * kept in the store (sealed by the barrier like every value) and shared by every node. A node that has not yet
 * seen the grant can therefore honour the token from the token alone, and only while its view is older than the
 * token's revision: once the view has followed the store past that revision, the view alone says whether the
 * grant still exists, so a retired or revoked grant's tokens stop working as soon as the deletion is visible.
 * Each token has a random nonce, so every CreateGrant returns a different token ("the returned grant token is
 * unique with every CreateGrant request"). (A store restored from a backup older than a token is behind it: nodes
 * honour that token from the token alone until the restored store passes its revision.)
 *
 * <p>Layout (then base64url, no padding): {@code version(1)=1 | flags(1) | nonce(16) | revision(8) |
 * grantId(32) | account, region, keyId (UTF) | [grant: grantee, retiring, issuing account, name (UTF, "" for
 * none), operations (bit mask of ordinals), constraint kind(1), pairs(1 + UTF pairs), creation millis(8)] |
 * tag(32)}. A grant too large to fit the 8192 characters AWS allows a token (huge constraints) is left out
 * (flag bit 0 clear): such a token works only once the grant is visible.
 */
final class GrantTokens {
    private static final byte VERSION = 1;
    private static final int NONCE = 16;
    private static final int TAG = 32;
    /** 8192 characters of base64 hold 6144 bytes. */
    private static final int MAX_BYTES = 6144;

    private final HmacSha mac;
    private final SecureRandom random;

    /** What a valid token says. {@code grant} is null when the token does not carry it. */
    record Decoded(String grantId, KeyAddress key, long revision, Grant grant) {}

    GrantTokens(SecretBytes macKey, SecureRandom random) {
        this.mac = new HmacSha(HmacSha.Algorithm.HMAC_SHA_256, macKey);
        this.random = random;
    }

    /**
     * The token MAC key of {@code store}: the one stored, or a new random one written if absent (several nodes
     * starting together agree on whichever was written first).
     */
    static GrantTokens load(Store store, SecureRandom random) {
        for (int attempt = 1; ; attempt++) {
            Optional<Store.Entry> e = store.get(StorageLayout.GRANT_TOKEN_KEY);
            if (e.isPresent()) return withKey(e.get().value(), random);
            byte[] key = new byte[32];
            random.nextBytes(key);
            try {
                store.apply(List.of(Mutation.create(StorageLayout.GRANT_TOKEN_KEY, key.clone())));
                return withKey(key, random);
            } catch (PreconditionFailedException written) {
                Arrays.fill(key, (byte) 0);
                if (attempt >= 3) throw written;
            }
        }
    }

    private static GrantTokens withKey(byte[] key, SecureRandom random) {
        if (key.length != 32) throw new IllegalStateException("the grant token key record is damaged");
        SecretBytes k = SecretBytes.wrap(key);
        try {
            return new GrantTokens(k, random);
        } finally {
            k.destroy();
        }
    }

    /** A new token for {@code grant}, written to the store at {@code revision}. */
    String issue(Grant grant, long revision) {
        byte[] payload = payload(grant, revision, true);
        if (payload.length + TAG > MAX_BYTES) payload = payload(grant, revision, false);
        byte[] tag = mac.compute(payload);
        byte[] token = Arrays.copyOf(payload, payload.length + TAG);
        System.arraycopy(tag, 0, token, payload.length, TAG);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private byte[] payload(Grant g, long revision, boolean inline) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(inline ? 1 : 0);
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            out.write(nonce);
            out.writeLong(revision);
            out.write(HexFormat.of().parseHex(g.grantId()));
            out.writeUTF(g.key().accountId());
            out.writeUTF(g.key().region());
            out.writeUTF(g.key().id().value());
            if (inline) {
                out.writeUTF(g.granteePrincipal());
                out.writeUTF(g.retiringPrincipal() == null ? "" : g.retiringPrincipal());
                out.writeUTF(g.issuingAccount());
                out.writeUTF(g.name() == null ? "" : g.name());
                int mask = 0;
                for (GrantOperation o : g.operations()) mask |= 1 << o.ordinal();
                out.writeInt(mask);
                GrantConstraints c = g.constraints();
                out.writeByte(c == null ? 0 : c.isSubset() ? 1 : 2);
                if (c != null) {
                    out.writeByte(c.pairs().size());
                    for (Map.Entry<String, String> p : c.pairs().entrySet()) {
                        out.writeUTF(p.getKey());
                        out.writeUTF(p.getValue());
                    }
                }
                out.writeLong(g.creationDate().toEpochMilli());
            }
        } catch (java.io.UTFDataFormatException tooLong) {
            if (inline) return payload(g, revision, false);
            throw new UncheckedIOException(tooLong);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What {@code token} says, or null if it is not a token this store issued (malformed or forged). */
    Decoded verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) return null;
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (raw.length < 2 + NONCE + 8 + 32 + 6 + TAG) return null;
        byte[] payload = Arrays.copyOf(raw, raw.length - TAG);
        byte[] tag = Arrays.copyOfRange(raw, raw.length - TAG, raw.length);
        try {
            mac.verify(tag, payload);
        } catch (InvalidMacException forged) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) return null;
            boolean inline = (in.readByte() & 1) != 0;
            in.skipNBytes(NONCE);
            long revision = in.readLong();
            String grantId = HexFormat.of().formatHex(in.readNBytes(32));
            KeyAddress key = new KeyAddress(in.readUTF(), in.readUTF(), KeyId.parse(in.readUTF()));
            Grant grant = null;
            if (inline) {
                String grantee = in.readUTF();
                String retiring = in.readUTF();
                String issuing = in.readUTF();
                String name = in.readUTF();
                int mask = in.readInt();
                Set<GrantOperation> ops = EnumSet.noneOf(GrantOperation.class);
                for (GrantOperation o : GrantOperation.values()) {
                    if ((mask & (1 << o.ordinal())) != 0) ops.add(o);
                }
                int kind = in.readByte();
                GrantConstraints constraints = null;
                if (kind != 0) {
                    int n = in.readUnsignedByte();
                    Map<String, String> pairs = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) pairs.put(in.readUTF(), in.readUTF());
                    constraints = kind == 1 ? GrantConstraints.subset(pairs) : GrantConstraints.equalTo(pairs);
                }
                Instant created = Instant.ofEpochMilli(in.readLong());
                grant = new Grant(
                        grantId,
                        key,
                        name.isEmpty() ? null : name,
                        grantee,
                        retiring.isEmpty() ? null : retiring,
                        issuing,
                        ops,
                        constraints,
                        created);
            }
            return new Decoded(grantId, key, revision, grant);
        } catch (IOException | RuntimeException malformed) {
            // Authentic but unreadable: only a token of another Trent version could be; it names nothing here.
            return null;
        }
    }
}
