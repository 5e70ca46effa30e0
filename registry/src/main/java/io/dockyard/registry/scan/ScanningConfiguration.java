package io.dockyard.registry.scan;

import io.dockyard.core.port.Kind;

import java.util.List;

/** The registry's scanning configuration (PutRegistryScanningConfiguration): scan type and up to two rules. */
public record ScanningConfiguration(String id, String scanType, List<Rule> rules) {
    public static final Kind<ScanningConfiguration> KIND = Kind.of("ecr.scanning-configuration", ScanningConfiguration.class, ScanningConfiguration::id);
    public static final ScanningConfiguration DEFAULT = new ScanningConfiguration("registry", "BASIC", List.of());

    /** A rule: the frequency, for repositories matching any of its filters. */
    public record Rule(String scanFrequency, List<Filter> repositoryFilters) {}

    /** A WILDCARD filter ({@code *} matches any characters). */
    public record Filter(String filter, String filterType) {
        boolean matches(String repository) {
            String regex = java.util.Arrays.stream(filter.split("\\*", -1)).map(java.util.regex.Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*"));
            return repository.matches(regex);
        }
    }

    /** The rule that applies to the repository (the first whose filters match), or null. */
    public Rule ruleFor(String repository) {
        for (Rule r : rules) if (r.repositoryFilters().stream().anyMatch(f -> f.matches(repository))) return r;
        return null;
    }
}
