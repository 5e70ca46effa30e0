package io.dockyard.loadbalancer.dataplane;

import java.util.List;
import java.util.Map;

/** What listener rules look at in a request: method, path, query, host, headers and the client's address. */
interface RequestFacts {
    String method();

    /** The path of the request target, without the query; "/" when the target has none. */
    String path();

    /** The raw query (after '?'), or null when there is none. */
    String query();

    /** The Host header (or the absolute-form target's authority) without its port, or null. */
    String host();

    /** Every value of the header, in order; empty when absent. */
    List<String> headers(String name);

    /** The query's key/value pairs, percent-decoded, in order. */
    List<Map.Entry<String, String>> queryParams();

    /** The client's IP address. */
    String remoteAddress();
}
