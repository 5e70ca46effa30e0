package io.dockyard.agent.exec;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The agent's ECS Exec endpoint: WebSocket data channels at {@code /v1/data-channel/<sessionId>} on its
 * own port (published to the control plane as the container instance attribute
 * {@code dockyard.exec-port}; ExecuteCommand's {@code streamUrl} points here).
 */
public final class ExecServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecServer.class);
    public static final String PORT_ENV = "DOCKYARD_EXEC_PORT";

    /** What a redeemed session runs: the command, split as a shell would, in the task's container. */
    public record Target(String taskArn, String containerName, String runtimeId, String command) {}

    private final Server server;

    private ExecServer(Server server) { this.server = server; }

    /** Serves on {@code host}:{@code port} (0: a free port); null when it cannot start. */
    static ExecServer start(String host, int port, ExecChannel.Backend backend) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("exec");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector c = new ServerConnector(server);
        c.setHost(host);
        c.setPort(port);
        server.addConnector(c);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(20));
            container.addMapping("/v1/data-channel/*", (rq, rs, cb) -> {
                String path = rq.getHttpURI().getPath();
                return new ExecChannel(path.substring(path.lastIndexOf('/') + 1), backend);
            });
        }));
        server.setStopTimeout(500);
        try {
            server.start();
            return new ExecServer(server);
        } catch (Exception e) {
            log.warn("ECS Exec endpoint not started on {}:{}: {}", host, port, e.toString());
            try {
                server.stop();
            } catch (Exception ignored) {
                // not started
            }
            return null;
        }
    }

    /** Starts on the port of {@code DOCKYARD_EXEC_PORT}, else a free one. */
    public static ExecServer start(ExecChannel.Backend backend) {
        String p = System.getenv(PORT_ENV);
        return start("0.0.0.0", p == null || p.isBlank() ? 0 : Integer.parseInt(p.trim()), backend);
    }

    public int port() { return ((ServerConnector) server.getConnectors()[0]).getLocalPort(); }

    /** The words of a command line: split at blanks, with single and double quotes and backslash escapes as a shell reads them. */
    public static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean any = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < command.length()) w.append(command.charAt(++i));
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                w.append(command.charAt(++i));
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || w.length() > 0) out.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
            }
        }
        if (any || w.length() > 0) out.add(w.toString());
        return out;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("exec endpoint stop: {}", e.toString());
        }
    }
}
