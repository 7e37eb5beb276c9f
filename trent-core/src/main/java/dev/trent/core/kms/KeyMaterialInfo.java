package dev.trent.core.kms;

import java.time.Instant;

/** What is known about one version of a key's material, without the secret itself. */
public record KeyMaterialInfo(int version, String materialId, Instant createdAt) {}
