package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * GetParameter, GetParameters, GetParametersByPath and DescribeParameters. SecureString values are answered decrypted
 * only WithDecryption, else as their ciphertext in base64, as AWS does. Lists are in name order.
 */
final class ReadOperations {
    private final ParameterBook book;

    ReadOperations(ParameterBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("GetParameter", this::get), NamedOperation.of("GetParameters", this::getMany),
                NamedOperation.of("GetParametersByPath", this::byPath), NamedOperation.of("DescribeParameters", this::describe));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = Wire.required(in, "Name");
        boolean decrypt = Wire.flag(in, "WithDecryption");
        return Out.obj().with("Parameter", Wire.parameter(book, book.resolve(name), decrypt, ctx));
    }

    private Object getMany(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<String> names = Wire.list(in, "Names", 1, 10);
        boolean decrypt = Wire.flag(in, "WithDecryption");
        List<ParameterBook.Found> found = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            try {
                found.add(book.resolve(n));
            } catch (AwsException e) {
                if (!List.of("ParameterNotFound", "ParameterVersionNotFound", "ValidationException").contains(e.code())) throw e;
                invalid.add(n);
            }
        }
        found.sort(Comparator.comparing((ParameterBook.Found f) -> f.parameter().name()).thenComparing(f -> f.version().number()));
        List<Object> out = new ArrayList<>();
        for (ParameterBook.Found f : found) out.add(Wire.parameter(book, f, decrypt, ctx));
        return Out.obj().with("Parameters", out).with("InvalidParameters", invalid);
    }

    private Object byPath(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String path = Names.path(Wire.required(in, "Path"));
        boolean recursive = Wire.flag(in, "Recursive"), decrypt = Wire.flag(in, "WithDecryption");
        List<Filters.Filter> filters = Filters.parse(in, true);
        Filters.Filter label = filters.stream().filter(Filters.Filter::label).findFirst().orElse(null);
        List<ParameterBook.Found> matching = new ArrayList<>();
        for (Parameter p : book.all()) {
            if (!Names.under(p.name(), path, recursive)) continue;
            Parameter.Version v = p.latest();
            if (label != null) {
                // the latest version that has one of the labels
                v = p.versions().reversed().stream().filter(x -> label.test(p, x)).findFirst().orElse(null);
                if (v == null) continue;
            }
            Parameter.Version chosen = v;
            if (filters.stream().allMatch(f -> f.test(p, chosen))) matching.add(new ParameterBook.Found(p, chosen, null));
        }
        Pages<ParameterBook.Found> page = Wire.page(matching, in, 10, 10);
        List<Object> out = new ArrayList<>();
        for (ParameterBook.Found f : page.items()) out.add(Wire.parameter(book, f, decrypt, ctx));
        return Out.obj().with("Parameters", out).with("NextToken", page.nextToken());
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        if (!in.structs("Filters").isEmpty() && !in.structs("ParameterFilters").isEmpty()) {
            throw Errors.validation("You can use either Filters or ParameterFilters in a single request.");
        }
        List<Filters.Filter> filters = new ArrayList<>(Filters.legacy(in));
        filters.addAll(Filters.parse(in, false));
        // Dockyard shares no parameters across accounts: the shared list is empty
        List<Parameter> all = Wire.flag(in, "Shared") ? List.of()
                : book.all().stream().filter(p -> filters.stream().allMatch(f -> f.test(p, p.latest()))).toList();
        Pages<Parameter> page = Wire.page(all, in, 50, 10);
        return Out.obj().with("Parameters", page.items().stream().map(p -> (Object) Wire.metadata(book, p)).toList()).with("NextToken", page.nextToken());
    }
}
