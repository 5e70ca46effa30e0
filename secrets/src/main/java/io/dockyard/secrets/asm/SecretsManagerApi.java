package io.dockyard.secrets.asm;

import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.secrets.kms.Keys;

import java.util.ArrayList;
import java.util.List;

/** Secrets Manager (JSON 1.1, target prefix {@code secretsmanager}). Rotation and replication are not offered (one region, no Lambda). */
public final class SecretsManagerApi {
    private SecretsManagerApi() {}

    public static JsonService service(Keys keys, String region, String account) {
        SecretBook book = new SecretBook(keys, region, account);
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new SecretOperations(book).all());
        ops.addAll(new ValueOperations(book).all());
        ops.addAll(new PolicyOperations(book).all());
        return JsonService.of("secretsmanager", "secretsmanager", ops);
    }
}
