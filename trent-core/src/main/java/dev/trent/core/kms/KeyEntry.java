package dev.trent.core.kms;

/**
 * A key as the registry's in-memory view holds it: metadata, material ring, and the store version of the key
 * record (the revision that last wrote it; the precondition of the next rewrite).
 */
public record KeyEntry(KmsKey key, KeyMaterials materials, long version) {}
