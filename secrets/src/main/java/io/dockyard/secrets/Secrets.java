package io.dockyard.secrets;

import io.dockyard.core.port.Store;
import io.dockyard.protocol.JsonService;
import io.dockyard.secrets.asm.SecretsManagerApi;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.secrets.kms.Keys;
import io.dockyard.secrets.kms.KmsApi;
import io.dockyard.secrets.ssm.ParameterStoreApi;

import java.time.Clock;
import java.util.List;

/**
 * Secrets Manager, SSM Parameter Store and KMS on the shared store (so every control-plane replica serves them):
 * secret and SecureString values are stored only as KMS ciphertext, under the key the caller names or the AWS
 * managed key of the service ({@code aws/secretsmanager}, {@code aws/ssm}).
 */
public final class Secrets {
    private final Keys keys;
    private final List<JsonService> services;
    private final io.dockyard.secrets.asm.SecretLookup lookup;

    private Secrets(Keys keys, List<JsonService> services, String region, String account) {
        this.keys = keys;
        this.services = services;
        this.lookup = new io.dockyard.secrets.asm.SecretLookup(keys, region, account);
    }

    public static Secrets start(Store store, MasterKey master, Clock clock, String region, String account) {
        Keys keys = new Keys(store, master, clock, region, account);
        return new Secrets(keys, List.of(KmsApi.service(keys), SecretsManagerApi.service(keys, region, account),
                ParameterStoreApi.service(keys, region, account)), region, account);
    }

    /** KMS (TrentService), Secrets Manager (secretsmanager) and SSM (AmazonSSM), JSON 1.1. */
    public List<JsonService> services() { return services; }

    public Keys keys() { return keys; }

    /** Secrets' ARNs and resource policies, for secure mode's authorization. */
    public io.dockyard.secrets.asm.SecretLookup secretLookup() { return lookup; }
}
