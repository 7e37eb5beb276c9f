package dev.trent.core.auth;

import dev.trent.core.auth.policy.PolicyDocument;

/**
 * A policy and where it comes from, for explanations: an inline policy ({@code user/alice/policy/ReadKeys}) or a
 * managed policy's ARN.
 */
public record NamedPolicy(String source, PolicyDocument document) {}
