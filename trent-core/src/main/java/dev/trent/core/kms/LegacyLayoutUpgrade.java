package dev.trent.core.kms;

import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records of the layout before keys were scoped ({@code kms/keys/<uuid>}, {@code kms/material/<uuid>/<v>})
 * to the scoped layout of {@link StorageLayout}, in one batch, at load.
 *
 * <p>Values are read through the store the registry was given (the sealed store) and written at the new key: the
 * barrier binds a sealed value to its key, so this is read-then-write, never a rename of sealed bytes. Every new
 * key must be absent and every old one still at the version read, so two nodes upgrading at once cannot both
 * succeed; the loser finds the work done.
 */
final class LegacyLayoutUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyLayoutUpgrade.class);

    private LegacyLayoutUpgrade() {}

    /** Upgrades what needs it; returns how many key records moved. */
    static int run(Store store) {
        Map<KeyId, KeyAddress> owners = new HashMap<>();
        List<Mutation> batch = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        for (Store.Entry e : store.scan(StorageLayout.KEYS)) {
            if (!(StorageLayout.parse(e.key()) instanceof StorageLayout.LegacyKeyRecord r)) continue;
            KmsKey k = KeyCodec.decode(e.value());
            if (!k.id().equals(r.id())) {
                LOG.warn("Not upgrading {}: it holds key {}", e.key(), k.keyId());
                continue;
            }
            owners.put(k.id(), k.address());
            batch.add(Mutation.put(StorageLayout.keyPath(k.address()), e.value(), Precondition.ABSENT));
            batch.add(Mutation.delete(e.key(), Precondition.version(e.version())));
        }
        int keys = owners.size();
        for (Store.Entry e : store.scan(StorageLayout.MATERIAL)) {
            if (!(StorageLayout.parse(e.key()) instanceof StorageLayout.LegacyMaterialRecord m)) continue;
            secrets.add(e.value());
            KeyAddress owner = owners.get(m.id());
            if (owner == null) {
                LOG.warn("Not upgrading {}: no key record names it", e.key());
                continue;
            }
            batch.add(Mutation.put(StorageLayout.materialPath(owner, m.version()), e.value(), Precondition.ABSENT));
            batch.add(Mutation.delete(e.key(), Precondition.version(e.version())));
        }
        if (batch.isEmpty()) return 0;
        try {
            store.apply(batch);
            LOG.info("Upgraded the storage layout of {} keys to kms/keys/<account>/<region>/<keyId>", keys);
            return keys;
        } catch (PreconditionFailedException e) {
            LOG.info("The storage layout was upgraded by another node meanwhile ({})", e.getMessage());
            return 0;
        } finally {
            secrets.forEach(s -> Arrays.fill(s, (byte) 0));
        }
    }
}
