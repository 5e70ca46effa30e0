package io.dockyard.agent.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The byte stream of a started {@code docker exec} with a TTY: {@code POST /exec/{id}/start} upgraded to a
 * raw bidirectional connection (Docker's hijacked stream), over the Engine's Unix socket or TCP.
 */
public final class DockerExec implements AutoCloseable {
    private final SocketChannel channel;
    final InputStream in;
    final OutputStream out;

    private DockerExec(SocketChannel channel, InputStream in) throws IOException {
        this.channel = channel;
        this.in = in;
        this.out = Channels.newOutputStream(channel);
    }

    /** Starts exec {@code execId} and returns its stream. */
    public static DockerExec start(String dockerHost, String execId) throws IOException {
        URI u = URI.create(dockerHost);
        SocketChannel ch;
        if ("unix".equals(u.getScheme())) {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(u.getPath()));
        } else {
            ch = SocketChannel.open(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 2375));
        }
        byte[] body = "{\"Detach\":false,\"Tty\":true}".getBytes(StandardCharsets.US_ASCII);
        String head = "POST /exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\n"
                + "Upgrade: tcp\r\nContent-Length: " + body.length + "\r\n\r\n";
        OutputStream out = Channels.newOutputStream(ch);
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = Channels.newInputStream(ch);
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int c, state = 0;
        while (state < 4 && (c = in.read()) != -1) {
            h.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (h.size() > 16_384) break;
        }
        String status = h.toString(StandardCharsets.US_ASCII);
        if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
            ch.close();
            throw new IOException("docker exec start: " + status.lines().findFirst().orElse(status));
        }
        return new DockerExec(ch, in);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
