package io.dockyard.core.port;

/**
 * One record written by a commit: its kind and key, the version it now has (for a delete, the version
 * it had) and whether it was deleted. Every commit has one store-wide {@code revision}, one more than
 * the commit before it.
 */
public record Change(long revision, String kind, String key, long version, boolean deleted) {}
