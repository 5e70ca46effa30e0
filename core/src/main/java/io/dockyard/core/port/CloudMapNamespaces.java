package io.dockyard.core.port;

import java.util.Optional;
import java.util.Set;

/** What ECS reads of Cloud Map: the services of a namespace (ListServicesByNamespace). */
public interface CloudMapNamespaces {

    /** The ARNs of the Cloud Map services in the namespace named by name or ARN; empty when there is no such namespace. */
    Optional<Set<String>> serviceArns(String namespaceNameOrArn);

    /** No Cloud Map: every namespace is unknown. */
    CloudMapNamespaces NONE = n -> Optional.empty();
}
