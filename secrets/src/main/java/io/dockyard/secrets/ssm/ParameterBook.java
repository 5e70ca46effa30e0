package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.RequestContext;
import io.dockyard.secrets.kms.Keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters in the store, keyed by name without its leading slash, found by name, ARN or selector, and the
 * SecureString values sealed and opened through KMS under the context {@code PARAMETER_ARN}. KMS's refusals come back as
 * SSM's {@code InvalidKeyId} with KMS's message, as AWS relays them.
 */
final class ParameterBook {
    static final Kind<Parameter> KIND = Kind.of("ssm.parameter", Parameter.class, p -> Names.key(p.name()));
    static final String DEFAULT_KEY = "alias/aws/ssm";

    final Keys keys;
    final String region, account;

    ParameterBook(Keys keys, String region, String account) {
        this.keys = keys;
        this.region = region;
        this.account = account;
    }

    /** A parameter, the version a request selected, and the selector as given (null: the latest). */
    record Found(Parameter parameter, Parameter.Version version, String selector) {}

    Store store() { return keys.store(); }

    Instant now() { return keys.now(); }

    String arnPrefix() { return "arn:aws:ssm:" + region + ":" + account + ":parameter/"; }

    String arn(String name) { return arnPrefix() + Names.key(name); }

    /** Who is recorded as having written each version. */
    String user() { return "arn:aws:iam::" + account + ":user/dockyard"; }

    Optional<Parameter> get(String name) { return store().get(KIND, Names.key(name)); }

    /** Every parameter, by name. */
    List<Parameter> all() { return store().list(KIND).stream().sorted(Comparator.comparing(Parameter::name)).toList(); }

    void put(Parameter p) { store().put(KIND, p); }

    void delete(Parameter p) { store().delete(KIND, Names.key(p.name())); }

    /** The parameter a plain name or ARN (no selector) names; ParameterNotFound otherwise. */
    Parameter find(String raw) {
        return get(Names.ref(raw, arnPrefix(), false).name()).orElseThrow(Errors::notFound);
    }

    /** The parameter and version a name, ARN, {@code name:version} or {@code name:label} names. */
    Found resolve(String raw) {
        Names.Ref ref = Names.ref(raw, arnPrefix(), true);
        Parameter p = get(ref.name()).orElseThrow(Errors::notFound);
        String sel = ref.selector();
        if (sel == null) return new Found(p, p.latest(), null);
        if (sel.chars().allMatch(Character::isDigit)) {
            Parameter.Version v = null;
            try {
                v = p.version(Long.parseLong(sel));
            } catch (NumberFormatException ignored) {
                // too large to be a version
            }
            if (v == null) throw Errors.versionNotFound(sel, ref.name());
            return new Found(p, v, sel);
        }
        Parameter.Version v = p.labelled(sel);
        if (v == null) throw Errors.notFound();
        return new Found(p, v, sel);
    }

    /** The ciphertext of a SecureString value under {@code keyRef}. */
    byte[] seal(String name, String keyRef, String value, RequestContext ctx) {
        try {
            return keys.encrypt(keyRef, value.getBytes(StandardCharsets.UTF_8), context(name));
        } catch (AwsException e) {
            throw kms(e, ctx);
        }
    }

    /** The value of a version as answered: plain, decrypted when asked, else the SecureString's ciphertext in base64. */
    String value(Parameter p, Parameter.Version v, boolean decrypt, RequestContext ctx) {
        if (!v.secure()) return v.value();
        if (!decrypt) return Base64.getEncoder().encodeToString(v.ciphertext());
        try {
            return new String(keys.decrypt(v.ciphertext(), context(p.name())).plaintext(), StandardCharsets.UTF_8);
        } catch (AwsException e) {
            throw kms(e, ctx);
        }
    }

    private Map<String, String> context(String name) { return Map.of("PARAMETER_ARN", arn(name)); }

    /** A KMS error as SSM relays it. */
    private static AwsException kms(AwsException e, RequestContext ctx) {
        if ("ValidationException".equals(e.code())) return e;
        String detail = "(Service: AWSKMS; Status Code: 400; Error Code: " + e.code() + "; Request ID: " + ctx.requestId() + "; Proxy: null)";
        return Errors.invalidKeyId(e.getMessage() == null ? detail : e.getMessage() + " " + detail);
    }
}
