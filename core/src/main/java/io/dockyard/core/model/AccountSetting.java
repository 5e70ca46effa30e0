package io.dockyard.core.model;

/** An ECS account setting set for a principal (an IAM user, role or the account's root, whose settings are the account default). */
public record AccountSetting(String name, String value, String principalArn) {}
