package io.dockyard.secrets.ssm;

import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.secrets.kms.Keys;

import java.util.ArrayList;
import java.util.List;

/**
 * SSM Parameter Store (JSON 1.1, target prefix {@code AmazonSSM}, signing name {@code ssm}): parameters with their
 * versions, labels and tags in the shared store, SecureString values only as KMS ciphertext (under the caller's key or
 * the AWS managed key {@code alias/aws/ssm}). Parameter policies, shared parameters, public {@code /aws/service/...}
 * parameters and the rest of Systems Manager are not offered.
 */
public final class ParameterStoreApi {
    private ParameterStoreApi() {}

    public static JsonService service(Keys keys, String region, String account) {
        ParameterBook book = new ParameterBook(keys, region, account);
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new WriteOperations(book).all());
        ops.addAll(new ReadOperations(book).all());
        ops.addAll(new HistoryOperations(book).all());
        ops.addAll(new TagOperations(book).all());
        return JsonService.of("AmazonSSM", "ssm", ops);
    }
}
