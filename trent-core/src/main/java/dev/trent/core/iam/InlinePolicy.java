package dev.trent.core.iam;

import dev.trent.core.auth.NamedPolicy;

/**
 * An inline policy of a user or role: its name, the document as it was given, and the document compiled once (when
 * written or loaded) for authorization.
 */
public record InlinePolicy(String name, String document, NamedPolicy compiled) {}
