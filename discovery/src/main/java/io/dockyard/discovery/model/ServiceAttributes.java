package io.dockyard.discovery.model;

import java.util.Map;

/** A Cloud Map service's own attributes (Get/Update/DeleteServiceAttributes): at most 30 key/value pairs. */
public record ServiceAttributes(String serviceId, Map<String, String> attributes) {}
