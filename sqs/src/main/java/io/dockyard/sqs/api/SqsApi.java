package io.dockyard.sqs.api;

import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.QueryService;
import io.dockyard.sqs.queue.Errors;
import io.dockyard.sqs.queue.Queues;

import java.util.ArrayList;
import java.util.List;

/** SQS's operations on both protocols: JSON 1.0 ({@code AmazonSQS}, query-compatible errors) and Query (2012-11-05). */
public final class SqsApi {
    public static final String SIGNING_NAME = "sqs";
    public static final String VERSION = "2012-11-05";
    public static final String XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/";

    private final List<Operation> operations = new ArrayList<>();

    public SqsApi(Queues queues) {
        operations.addAll(new QueueOperations(queues).all());
        operations.addAll(new MessageOperations(queues).all());
    }

    public JsonService json() { return JsonService.queryCompatible("AmazonSQS", SIGNING_NAME, operations, Errors.SHAPES); }

    public QueryService query() { return QueryService.of(SIGNING_NAME, VERSION, XMLNS, QueryShapes.wrap(operations)); }
}
