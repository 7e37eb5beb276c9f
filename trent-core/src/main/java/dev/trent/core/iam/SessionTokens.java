package dev.trent.core.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Session tokens of role sessions: self-contained, encrypted and authenticated.
 *
 * <p>Why self-contained rather than stored: a token must work on every node of a cluster and across restarts until
 * it expires, and AssumeRole is called far more often than IAM is changed (SDKs refresh credentials, CI jobs assume a
 * role per job). Storing each session would mean a store write per AssumeRole, a change-feed entry every node must
 * follow, and a pruner for expired sessions. Instead the token carries the whole {@link RoleSession} (the temporary
 * secret access key included) encrypted and authenticated with AES-256-GCM under a random token key that is itself
 * a sealed store record ({@code iam/sts/token-keys/<id>}, created on first use, so every node of a cluster shares
 * it); nothing is written per session and nothing needs pruning. The associated data binds a token to its access key
 * id, so a token cannot be presented with another session's key id. Authentication opens the token (a few
 * microseconds; the server caches opened tokens), checks the key id, the expiry and that the role still exists
 * with the same unique id (a deleted role's sessions stop working, and so do those of an older role of the same
 * name).
 *
 * <p>Layout, base64: {@code 0x01 || len(keyId) || keyId || iv(12) || ciphertext || tag(16)}; the plaintext is the
 * session as JSON. Tokens are secrets: never logged (their {@code toString} is never called: they are strings the
 * server passes through).
 */
public final class SessionTokens {
    private static final byte FORMAT = 0x01;
    /** The one key id so far; the format names it so that keys can be rotated later. */
    private static final String KEY_ID = "1";
    /** Tokens longer than this are not Trent's (AWS's are under 2 KB; ours under 1.5 KB with 50 session tags). */
    public static final int MAX_TOKEN_CHARS = 8192;

    private static final byte[] AAD_PREFIX = "trent/sts/session/v1\0".getBytes(StandardCharsets.UTF_8);

    private final IamView view;
    private final Clock clock;
    private final SecureRandom random;

    SessionTokens(IamView view, Clock clock, SecureRandom random) {
        this.view = view;
        this.clock = clock;
        this.random = random;
    }

    /** The token that carries {@code session}. */
    String issue(RoleSession session) {
        TokenKey key = currentKey();
        byte[] payload = Json.bytes(json(session));
        try {
            byte[] sealed = key.aead().encrypt(payload, aad(session.accessKeyId()));
            byte[] id = key.keyId().getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[2 + id.length + sealed.length];
            out[0] = FORMAT;
            out[1] = (byte) id.length;
            System.arraycopy(id, 0, out, 2, id.length);
            System.arraycopy(sealed, 0, out, 2 + id.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a session token", e);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /**
     * The session {@code token} carries, if it is a token this Trent issued for {@code accessKeyId}; null otherwise
     * (expired sessions are returned: the caller tells expired from invalid). Reads memory only.
     */
    public RoleSession open(String accessKeyId, String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS || accessKeyId == null) return null;
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (raw.length < 2 || raw[0] != FORMAT) return null;
        int idLength = raw[1] & 0xff;
        if (raw.length < 2 + idLength) return null;
        String keyId = new String(raw, 2, idLength, StandardCharsets.US_ASCII);
        TokenKey key = view.tokenKeys.get(keyId);
        if (key == null) return null;
        byte[] payload = null;
        try {
            payload = key.aead().decrypt(Arrays.copyOfRange(raw, 2 + idLength, raw.length), aad(accessKeyId));
            RoleSession s = session(Json.parse(payload));
            return s.accessKeyId().equals(accessKeyId) ? s : null;
        } catch (GeneralSecurityException | RuntimeException invalid) {
            return null;
        } finally {
            if (payload != null) Arrays.fill(payload, (byte) 0);
        }
    }

    /** The key new tokens are sealed with, made (once, by one node) when there is none. */
    private TokenKey currentKey() {
        TokenKey k = view.tokenKeys.get(KEY_ID);
        if (k != null) return k;
        return view.write(batch -> {
            TokenKey existing = view.tokenKeys.get(KEY_ID);
            if (existing != null) return existing;
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            try {
                TokenKey created = new TokenKey(KEY_ID, bytes, clock.instant(), random);
                batch.create(view.tokenKeys, KEY_ID, created);
                return created;
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    private static byte[] aad(String accessKeyId) {
        byte[] id = accessKeyId.getBytes(StandardCharsets.UTF_8);
        byte[] aad = Arrays.copyOf(AAD_PREFIX, AAD_PREFIX.length + id.length);
        System.arraycopy(id, 0, aad, AAD_PREFIX.length, id.length);
        return aad;
    }

    private static ObjectNode json(RoleSession s) {
        ObjectNode n = Json.object()
                .put("AccessKeyId", s.accessKeyId())
                .put("SecretAccessKey", s.secretAccessKey())
                .put("AccountId", s.accountId())
                .put("RoleName", s.roleName())
                .put("RolePath", s.rolePath())
                .put("RoleId", s.roleId())
                .put("SessionName", s.sessionName())
                .put("IssuedAt", s.issuedAt().getEpochSecond())
                .put("ExpiresAt", s.expiresAt().getEpochSecond());
        if (!s.tags().isEmpty()) IamCodecs.writeTags(n, s.tags());
        if (!s.transitiveTagKeys().isEmpty()) {
            ArrayNode t = n.putArray("Transitive");
            s.transitiveTagKeys().forEach(t::add);
        }
        if (s.sourceIdentity() != null) n.put("SourceIdentity", s.sourceIdentity());
        return n;
    }

    private static RoleSession session(JsonNode n) {
        Map<String, String> tags = n.has("Tags") ? IamCodecs.tags(n.get("Tags")) : new LinkedHashMap<>();
        List<String> transitive = new ArrayList<>();
        for (JsonNode k : n.path("Transitive")) transitive.add(k.asText());
        return new RoleSession(
                IamCodecs.text(n, "AccessKeyId"),
                IamCodecs.text(n, "SecretAccessKey"),
                IamCodecs.text(n, "AccountId"),
                IamCodecs.text(n, "RoleName"),
                IamCodecs.text(n, "RolePath"),
                IamCodecs.text(n, "RoleId"),
                IamCodecs.text(n, "SessionName"),
                Instant.ofEpochSecond(n.get("IssuedAt").asLong()),
                Instant.ofEpochSecond(n.get("ExpiresAt").asLong()),
                tags,
                transitive,
                n.hasNonNull("SourceIdentity") ? n.get("SourceIdentity").asText() : null);
    }
}
