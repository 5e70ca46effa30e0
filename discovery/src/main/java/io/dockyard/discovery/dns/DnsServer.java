package io.dockyard.discovery.dns;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.discovery.model.DiscoveryKinds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An authoritative DNS server for Cloud Map's private DNS namespaces, on UDP and TCP: A and SRV
 * answers from {@link DnsIndex}, NXDOMAIN (with the zone's SOA) for names that do not exist,
 * NOERROR without answers for an existing name without records of the asked type.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

    private final Store store;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Supervisor.Loop> loops = new ArrayList<>();
    private volatile DnsIndex index = DnsIndex.EMPTY;
    private volatile boolean closed;

    private DnsServer(Store store, DatagramSocket udp, ServerSocket tcp) {
        this.store = store;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP on host:port (port 0: any free one, the same for both) and starts serving, its loops under {@code supervisor}. */
    public static DnsServer start(Store store, String host, int port, Supervisor supervisor) throws IOException {
        InetAddress addr = InetAddress.getByName(host);
        ServerSocket tcp = null;
        DatagramSocket udp = null;
        for (int attempt = 0; attempt < 20 && udp == null; attempt++) {
            tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(addr, port), 128);
            try {
                udp = new DatagramSocket(new InetSocketAddress(addr, tcp.getLocalPort()));
            } catch (SocketException e) {
                tcp.close();
                if (port != 0) throw e;
            }
        }
        if (udp == null) throw new IOException("no free port for UDP and TCP on " + host);
        udp.setReceiveBufferSize(4 << 20);
        DnsServer s = new DnsServer(store, udp, tcp);
        s.refresh();
        int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < workers; i++) s.loops.add(supervisor.serve("dns-udp-" + i, s::serveUdp));
        s.loops.add(supervisor.serve("dns-tcp", s::serveTcp));
        s.loops.add(supervisor.start("dns-refresh", s::refreshLoop));
        log.info("Cloud Map DNS listening on {}:{} (udp, tcp)", host, s.port());
        return s;
    }

    public int port() { return udp.getLocalPort(); }

    /** Rebuilds the records from the store (after every Cloud Map change, as the change feed shows it). */
    public void refresh() { index = DnsIndex.build(store); }

    private static final List<Kind<?>> FOLLOWED = List.of(DiscoveryKinds.NAMESPACE, DiscoveryKinds.SERVICE, DiscoveryKinds.INSTANCE);

    private void refreshLoop() {
        Changes.Follower changes = store.changes().follow(FOLLOWED);
        while (!closed) {
            try {
                if (changes.await(Duration.ofSeconds(30))) refresh();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("rebuilding DNS records failed: {}", e.toString());
            }
        }
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                in.setLength(buf.length);
                udp.receive(in);
                byte[] out = answer(buf, in.getLength(), true);
                if (out != null) udp.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException e) {
                if (stopping(udp.isClosed(), e)) return;
                log.debug("dns udp: {}", e.toString());
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket c = tcp.accept();
                Thread.ofVirtual().start(() -> serveConnection(c));
            } catch (IOException e) {
                if (stopping(tcp.isClosed(), e)) return;
                log.debug("dns tcp: {}", e.toString());
            }
        }
    }

    /**
     * Whether a serving loop ends after a socket error: when the server closes or the loop is stopped (its interrupt
     * closes the socket it was blocked on). A socket closed any other way is a failure the supervisor restarts with
     * back-off and reports, never a loop that spins on it (it did at shutdown, 500 ms of 1.8 GB/s of exceptions).
     */
    private boolean stopping(boolean socketClosed, IOException e) {
        if (closed || Thread.currentThread().isInterrupted()) return true;
        if (socketClosed) throw new IllegalStateException("the DNS socket closed: " + e, e);
        return false;
    }

    private void serveConnection(Socket c) {
        try (c) {
            c.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(c.getInputStream());
            DataOutputStream out = new DataOutputStream(c.getOutputStream());
            while (true) {
                int len = in.readUnsignedShort();
                byte[] q = in.readNBytes(len);
                if (q.length < len) return;
                byte[] a = answer(q, len, false);
                if (a == null) return;
                out.writeShort(a.length);
                out.write(a);
                out.flush();
            }
        } catch (EOFException e) {
            // client closed
        } catch (IOException e) {
            log.debug("dns tcp connection: {}", e.toString());
        }
    }

    /** The wire answer to a query, or null when the bytes are not a DNS message at all. */
    byte[] answer(byte[] wire, int length, boolean udpTransport) {
        Message query;
        try {
            byte[] exact = length == wire.length ? wire : java.util.Arrays.copyOf(wire, length);
            query = new Message(exact);
        } catch (IOException e) {
            if (length < 12) return null;
            Message err = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
            err.getHeader().setFlag(Flags.QR);
            err.getHeader().setRcode(Rcode.FORMERR);
            return err.toWire();
        }
        Message resp = respond(query);
        int max = 512;
        OPTRecord opt = query.getOPT();
        if (opt != null) max = Math.max(512, opt.getPayloadSize());
        return udpTransport ? resp.toWire(max) : resp.toWire();
    }

    private Message respond(Message query) {
        Header qh = query.getHeader();
        Message resp = new Message(qh.getID());
        Header h = resp.getHeader();
        h.setFlag(Flags.QR);
        if (qh.getFlag(Flags.RD)) h.setFlag(Flags.RD);
        Record question = query.getQuestion();
        if (qh.getOpcode() != Opcode.QUERY || question == null) {
            h.setRcode(question == null ? Rcode.FORMERR : Rcode.NOTIMP);
            return resp;
        }
        resp.addRecord(question, Section.QUESTION);
        if (query.getOPT() != null) resp.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Name name = question.getName();
        int type = question.getType();
        DnsIndex idx = index;
        DnsIndex.Zone zone = idx.zoneOf(name);
        if (zone == null) {
            h.setRcode(Rcode.NXDOMAIN);
            return resp;
        }
        h.setFlag(Flags.AA);
        DnsIndex.Node node = idx.node(name);
        if (node == null) {
            h.setRcode(Rcode.NXDOMAIN);
            resp.addRecord(zone.soa(), Section.AUTHORITY);
            return resp;
        }
        List<Record> answers = new ArrayList<>();
        if (type == Type.ANY) node.byType().values().forEach(answers::addAll);
        else answers.addAll(node.byType().getOrDefault(type, List.of()));
        if (answers.isEmpty()) {
            resp.addRecord(zone.soa(), Section.AUTHORITY);
            return resp;
        }
        for (Record r : answers) {
            resp.addRecord(r, Section.ANSWER);
            if (r instanceof org.xbill.DNS.SRVRecord srv) {
                DnsIndex.Node target = idx.node(srv.getTarget());
                if (target != null) target.byType().getOrDefault(Type.A, List.of()).forEach(a -> resp.addRecord(a, Section.ADDITIONAL));
            }
        }
        return resp;
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing
        }
        loops.forEach(Supervisor.Loop::stop);
    }
}
