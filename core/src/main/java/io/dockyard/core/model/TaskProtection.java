package io.dockyard.core.model;

import java.time.Instant;

/** Scale-in protection of one task until {@code expirationDate} (UpdateTaskProtection). */
public record TaskProtection(String taskArn, Instant expirationDate) {
    public boolean activeAt(Instant now) { return expirationDate != null && expirationDate.isAfter(now); }
}
