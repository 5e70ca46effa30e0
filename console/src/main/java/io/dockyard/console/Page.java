package io.dockyard.console;

/** What every page's frame needs: its title, the section it is in (for the navigation), the action token, who is signed in. */
public record Page(String title, String section, String token, String who, boolean secure) {}
