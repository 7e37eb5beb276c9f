package dev.trent.core.kms;

/**
 * Where KMS records live in the store.
 *
 * <pre>
 * kms/keys/&lt;account&gt;/&lt;region&gt;/&lt;keyId&gt;                 key record (JSON, {@link KeyCodec})
 * kms/material/&lt;account&gt;/&lt;region&gt;/&lt;keyId&gt;/&lt;version&gt;  one version of its material ({@link KeyMaterial#encode()})
 * kms/aliases/&lt;account&gt;/&lt;region&gt;/alias/&lt;name&gt;         alias record (JSON)
 * kms/grants/&lt;account&gt;/&lt;region&gt;/&lt;keyId&gt;/&lt;grantId&gt;  grant record (JSON, {@link GrantCodec})
 * settings/kms/grant-token-key                         the MAC key of grant tokens ({@link GrantTokens})
 * </pre>
 *
 * Keys are scoped by account and Region as well as id, so the replicas of a multi-Region key (one id, several
 * Regions) never collide. Data directories of earlier versions keyed records by id alone ({@code kms/keys/<uuid>},
 * {@code kms/material/<uuid>/<version>}); {@link #parse} recognises those for the upgrade at load.
 */
final class StorageLayout {
    static final String KEYS = "kms/keys/";
    static final String MATERIAL = "kms/material/";
    static final String ALIASES = "kms/aliases/";
    static final String GRANTS = "kms/grants/";
    /** Outside {@code kms/}: a setting of the service, not a record of a key. */
    static final String GRANT_TOKEN_KEY = "settings/kms/grant-token-key";

    private StorageLayout() {}

    static String keyPath(KeyAddress a) {
        return KEYS + a.accountId() + "/" + a.region() + "/" + a.id().value();
    }

    static String materialPath(KeyAddress a, int version) {
        return MATERIAL + a.accountId() + "/" + a.region() + "/" + a.id().value() + "/" + version;
    }

    static String aliasPath(AliasAddress a) {
        return ALIASES + a.accountId() + "/" + a.region() + "/" + a.name();
    }

    static String grantPath(KeyAddress a, String grantId) {
        return grantsPrefix(a) + grantId;
    }

    /** The prefix of every grant record of the key at {@code a}. */
    static String grantsPrefix(KeyAddress a) {
        return GRANTS + a.accountId() + "/" + a.region() + "/" + a.id().value() + "/";
    }

    static String legacyKeyPath(KeyId id) {
        return KEYS + id.value();
    }

    static String legacyMaterialPath(KeyId id, int version) {
        return MATERIAL + id.value() + "/" + version;
    }

    /** What a store key names. */
    sealed interface Path {}

    record KeyRecord(KeyAddress address) implements Path {}

    record MaterialRecord(KeyAddress address, int version) implements Path {}

    record AliasRecord(AliasAddress address) implements Path {}

    record GrantRecord(KeyAddress key, String grantId) implements Path {}

    /** {@code kms/keys/<uuid>}, written before keys were scoped. */
    record LegacyKeyRecord(KeyId id) implements Path {}

    /** {@code kms/material/<uuid>/<version>}, written before keys were scoped. */
    record LegacyMaterialRecord(KeyId id, int version) implements Path {}

    /** The record a store key names, or null if it is none of the KMS layout's. */
    static Path parse(String storeKey) {
        if (storeKey.startsWith(KEYS)) {
            String[] p = storeKey.substring(KEYS.length()).split("/", -1);
            if (p.length == 3) {
                KeyId id = KeyId.tryParse(p[2]);
                return id == null || p[0].isEmpty() || p[1].isEmpty()
                        ? null
                        : new KeyRecord(new KeyAddress(p[0], p[1], id));
            }
            if (p.length == 1) {
                KeyId id = KeyId.tryParse(p[0]);
                return id == null ? null : new LegacyKeyRecord(id);
            }
            return null;
        }
        if (storeKey.startsWith(MATERIAL)) {
            String[] p = storeKey.substring(MATERIAL.length()).split("/", -1);
            Integer version = p.length == 4 || p.length == 2 ? version(p[p.length - 1]) : null;
            if (version == null) return null;
            KeyId id = KeyId.tryParse(p[p.length - 2]);
            if (id == null) return null;
            if (p.length == 2) return new LegacyMaterialRecord(id, version);
            return p[0].isEmpty() || p[1].isEmpty()
                    ? null
                    : new MaterialRecord(new KeyAddress(p[0], p[1], id), version);
        }
        if (storeKey.startsWith(GRANTS)) {
            String[] p = storeKey.substring(GRANTS.length()).split("/", -1);
            if (p.length != 4 || p[0].isEmpty() || p[1].isEmpty() || !Grants.isGrantId(p[3])) return null;
            KeyId id = KeyId.tryParse(p[2]);
            return id == null ? null : new GrantRecord(new KeyAddress(p[0], p[1], id), p[3]);
        }
        if (storeKey.startsWith(ALIASES)) {
            String[] p = storeKey.substring(ALIASES.length()).split("/", 3);
            if (p.length != 3 || p[0].isEmpty() || p[1].isEmpty() || !p[2].startsWith("alias/")) return null;
            return new AliasRecord(new AliasAddress(p[0], p[1], p[2]));
        }
        return null;
    }

    private static Integer version(String s) {
        try {
            int v = Integer.parseInt(s);
            return v >= 1 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
