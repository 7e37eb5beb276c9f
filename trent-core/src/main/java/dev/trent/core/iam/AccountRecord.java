package dev.trent.core.iam;

import java.time.Instant;

/** An account as the identity view holds it ({@code iam/accounts/<account>}). */
record AccountRecord(String accountId, Instant createdAt) {}
