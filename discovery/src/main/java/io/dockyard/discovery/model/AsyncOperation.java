package io.dockyard.discovery.model;

import java.time.Instant;
import java.util.Map;

/** An operation a Cloud Map call started (GetOperation). Dockyard completes them before answering: status SUCCESS. */
public record AsyncOperation(String id, String type, String status, Map<String, String> targets, Instant createDate, Instant updateDate) {}
