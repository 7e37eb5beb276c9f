package dev.trent.core.kms;

/** A resource tag. */
public record Tag(String key, String value) {}
