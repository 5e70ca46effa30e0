package io.dockyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void upAndServerParseOnTheirOwnUnderTheirFullName() {
        CommandLine up = Main.commandLine(new String[] {"up", "--port", "4999"});
        assertThat(up.getCommandName()).isEqualTo("dockyard up");
        assertThat(up.getSubcommands()).isEmpty();
        up.parseArgs("--port", "4999", "--data-dir", "/tmp/x");
        Main.Up parsed = up.getCommand();
        assertThat(parsed.port).isEqualTo(4999);

        CommandLine server = Main.commandLine(new String[] {"server"});
        assertThat(server.getCommandName()).isEqualTo("dockyard server");
        assertThat((Object) server.getCommand()).isInstanceOf(Main.ServerCommand.class);
    }

    @Test
    void aBadOptionIsReportedWithTheCommandsFullName() {
        CommandLine up = Main.commandLine(new String[] {"up", "--bogus"});
        StringWriter err = new StringWriter();
        up.setErr(new PrintWriter(err));
        assertThat(up.execute("--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage: dockyard up");
    }

    @Test
    void everyOtherCommandGoesThroughTheWholeTree() {
        CommandLine all = Main.commandLine(new String[] {"agent", "--endpoint", "http://x"});
        assertThat(all.getCommandName()).isEqualTo("dockyard");
        assertThat(all.getSubcommands()).containsKeys("up", "server", "agent", "version", "scan-db");
        assertThat(Main.commandLine(new String[0]).getSubcommands()).containsKey("agent");
    }
}
