package io.dockyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The start's fast path gives every option the value picocli gives it, and leaves to picocli what it does not know. */
class FastOptionsTest {
    /** Every option field of a command (and of its mixins), by name, as text. */
    private static Map<String, String> values(Object command) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Class<?> c = command.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                f.setAccessible(true);
                Object v = f.get(command);
                if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                    values(v).forEach((k, x) -> out.put(f.getName() + "." + k, x));
                } else if (f.isAnnotationPresent(CommandLine.Option.class)) {
                    out.put(f.getName(), v instanceof List<?> l ? "list" + l : String.valueOf(v));
                }
            }
        }
        return out;
    }

    private static void sameAsPicocli(boolean up, String... args) throws Exception {
        Object picked = up ? new Main.Up() : new Main.ServerCommand();
        new CommandLine(picked).parseArgs(args);
        Object fast = up ? new Main.Up() : new Main.ServerCommand();
        assertThat(FastOptions.parse(fast, args, System.getenv())).as("fast path for %s", List.of(args)).isTrue();
        assertThat(values(fast)).as("options of %s", List.of(args)).isEqualTo(values(picked)).hasSizeGreaterThan(25);
    }

    @Test
    void startsGetWhatPicocliGives() throws Exception {
        sameAsPicocli(true);
        sameAsPicocli(true, "--port", "4999", "--data-dir", "/tmp/x", "--dns-address", "127.0.0.1:5353");
        sameAsPicocli(true, "--port=4999", "--host=0.0.0.0", "--secure", "--leader-lease-seconds", "2.5");
        sameAsPicocli(false, "--database", "postgresql://u:p@h:5432/d", "--node-name", "cp1", "--embedded-agent");
        sameAsPicocli(false, "--allowed-hosts", "a.example,b.example", "--allowed-hosts", "c.example", "--tls-san", "x",
                "--allow-capabilities=NET_ADMIN,SYS_TIME", "--cors-origins", "", "--no-dev-helpers", "--max-json-body", "2MiB");
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        String[][] others = {
                {"--help"}, {"-h"}, {"--bogus"}, {"--port"}, {"--port", "many"}, {"--port", "1", "--port", "2"},
                {"--secure=yes"}, {"--host", "--port"}, {"positional"}, {"--version"},
        };
        for (String[] args : others) {
            assertThat(FastOptions.parse(new Main.Up(), args, System.getenv())).as("fast path for %s", List.of(args)).isFalse();
        }
    }

    @Test
    void defaultsResolveEnvironmentAndSystemVariablesAsPicocliDoes() {
        Map<String, String> env = Map.of("SET", "v", "EMPTY", "");
        assertThat(FastOptions.interpolate("${env:SET:-d}", env)).isEqualTo("v");
        assertThat(FastOptions.interpolate("${env:EMPTY:-d}", env)).isEqualTo("");
        assertThat(FastOptions.interpolate("${env:UNSET:-d}", env)).isEqualTo("d");
        assertThat(FastOptions.interpolate("${env:UNSET:-${sys:user.home}/.dockyard}", env)).isEqualTo(System.getProperty("user.home") + "/.dockyard");
        assertThat(FastOptions.interpolate("${env:UNSET}", env)).isNull();
        assertThat(FastOptions.interpolate("a-${env:SET}-b", env)).isEqualTo("a-v-b");
    }
}
