package io.dockyard.core.port.metrics;

import java.time.Instant;

/** One entry of an alarm's history: a configuration update or a state change, with CloudWatch's summary and JSON data. */
public record AlarmHistoryItem(String alarmName, Instant timestamp, String type, String summary, String data) {}
