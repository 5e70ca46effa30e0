package io.dockyard.it.lb;

import io.dockyard.it.support.Sdk;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

import java.net.URI;

/** SDK v2 clients for ELBv2 and Cloud Map pointed at a Dockyard endpoint. */
final class LbClients {
    private LbClients() {}

    static ElasticLoadBalancingV2Client elbv2(String endpoint) {
        return ElasticLoadBalancingV2Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** DiscoverInstances is sent to {@code data-<host>} unless host prefix injection is off, as with any custom endpoint. */
    static ServiceDiscoveryClient cloudMap(String endpoint) {
        return ServiceDiscoveryClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)).build();
    }
}
