package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection from the load balancer to a target, on the event loop of the client connections it
 * serves. Carries one exchange at a time: relays the response head (rewritten only to add the
 * stickiness cookie or drop {@code Connection: close}) and its body untouched to the {@link Frontend},
 * finds where the response ends, then goes back to its loop's pool when it can carry another request.
 */
final class Backend extends ChannelInboundHandlerAdapter {
    private static final int IDLE = 0, HEAD = 1, BODY = 2, TUNNEL = 3, CLOSED = 4;

    final LoopState loop;
    final TargetState target;
    private final BodyFramer body = new BodyFramer();
    Channel ch;
    private boolean connected;
    private List<ByteBuf> pending;
    private Frontend front;
    private int state = IDLE;
    private ByteBuf cum;
    private int scanFrom;
    /** Bytes of an unchanged response head still in the buffer, to go out with the body. */
    private int headLeft;
    private boolean headRequest;
    String cookie;
    private boolean reusable;
    private boolean answered;
    /** The loop's coarse clock (seconds) at the exchange's last sign of life, and when it went back to the pool. */
    long lastActivity;
    long idleSince;

    Backend(LoopState loop, TargetState target) {
        this.loop = loop;
        this.target = target;
    }

    /** Starts an exchange for {@code f}; {@code cookie}: the stickiness cookie to add to the response, or null. */
    void begin(Frontend f, boolean head, String cookie) {
        front = f;
        state = HEAD;
        headRequest = head;
        this.cookie = cookie;
        answered = false;
        scanFrom = 0;
        headLeft = 0;
        lastActivity = loop.ticks;
        if (ch != null && !ch.config().isAutoRead()) ch.config().setAutoRead(true);
    }

    boolean busy() { return front != null; }

    boolean writable() { return ch == null || !connected || ch.isWritable(); }

    /** Writes (or, while connecting, queues) bytes to the target; flushed by {@link #flush()}. */
    void send(ByteBuf b) {
        lastActivity = loop.ticks;
        if (state == CLOSED) {
            b.release();
        } else if (connected) {
            ch.write(b);
        } else {
            if (pending == null) pending = new ArrayList<>(2);
            pending.add(b);
        }
    }

    void flush() {
        if (connected) ch.flush();
    }

    void pauseReading() {
        if (ch != null && ch.config().isAutoRead()) ch.config().setAutoRead(false);
    }

    void resumeReading() {
        if (ch != null && !ch.config().isAutoRead()) ch.config().setAutoRead(true);
    }

    /** The connect attempt finished. */
    void connected(Channel c, boolean ok) {
        ch = c;
        if (!ok || state == CLOSED) {
            boolean wasClosed = state == CLOSED;
            closeQuietly();
            if (!wasClosed) fail(502, false);
            return;
        }
        connected = true;
        if (pending != null) {
            for (ByteBuf b : pending) ch.write(b);
            pending = null;
            ch.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (state == TUNNEL) {
            lastActivity = loop.ticks;
            front.write(in);
            return;
        }
        if (front == null || state != HEAD && state != BODY) { // nothing asked: a target talking out of turn
            in.release();
            close();
            return;
        }
        lastActivity = loop.ticks;
        answered = true;
        cum = cum == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ch.alloc(), cum, in);
        while (cum != null && cum.isReadable()) {
            if (state == HEAD && !head()) break;
            if (state == TUNNEL || state == CLOSED) return;
            if (state == BODY) {
                int n = body.consume(cum, headLeft) + headLeft;
                headLeft = 0;
                if (body.malformed()) {
                    fail(-1, false);
                    return;
                }
                if (n > 0) front.write(cum.readRetainedSlice(n));
                if (body.done()) {
                    complete();
                    return;
                }
            }
        }
        if (cum != null && !cum.isReadable()) {
            cum.release();
            cum = null;
        }
    }

    /** Reads a response head; false when it is not all here yet. */
    private boolean head() {
        int end = HttpHead.end(cum, scanFrom);
        if (end < 0) {
            if (cum.readableBytes() > HttpHead.MAX) fail(502, false);
            else scanFrom = cum.readableBytes();
            return false;
        }
        scanFrom = 0;
        HttpHead h = HttpHead.parse(cum, end, true);
        if (h == null) {
            fail(502, false);
            return false;
        }
        int len = end - cum.readerIndex();
        front.responseStarted();
        if (h.status == 101 && front.upgradeRequested()) {
            front.write(cum.readRetainedSlice(len));
            if (cum.isReadable()) front.write(cum.readRetainedSlice(cum.readableBytes()));
            cum.release();
            cum = null;
            state = TUNNEL;
            front.flush();
            front.tunnel();
            return false;
        }
        if (h.status < 200) { // interim (100 Continue, 103): pass on, the final head follows
            front.write(cum.readRetainedSlice(len));
            return true;
        }
        front.targetAnswered(h.status);
        if (headRequest || h.status == 204 || h.status == 304) body.none();
        else if (h.chunked) body.chunked();
        else if (h.otherCoding || h.contentLength < 0) body.untilClose();
        else body.length(h.contentLength);
        boolean untilClose = body.mode() == BodyFramer.Mode.UNTIL_CLOSE;
        reusable = h.persistent() && !untilClose;
        boolean dropClose = h.close && !untilClose;
        String setCookie = cookie != null && h.status < 500 ? cookie : null;
        if (untilClose) front.closeAfterResponse();
        state = BODY;
        if (setCookie != null || dropClose) {
            front.write(HeadRewrites.response(ch.alloc(), h, setCookie, dropClose));
            cum.skipBytes(len);
        } else {
            headLeft = len; // sent with the body's first bytes, as one slice
        }
        return true;
    }

    /** The response is complete: hand the client connection back, and this connection to the pool when it can be reused. */
    private void complete() {
        boolean reuse = reusable && !cum.isReadable();
        cum.release();
        cum = null;
        state = IDLE;
        Frontend f = front;
        front = null;
        f.responseDone(reuse);
    }

    /** The exchange failed (see {@link Frontend#backendFailed}); this connection is closed. */
    void fail(int status, boolean retryable) {
        Frontend f = front;
        front = null;
        closeQuietly();
        if (f != null) f.backendFailed(status, retryable);
    }

    /** The exchange did not progress within the response timeout. */
    void timedOut() { fail(answered ? -1 : 504, false); }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (front != null) front.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (front != null) front.backendWritable(ch.isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        loop.remove(this);
        if (state == BODY && body.mode() == BodyFramer.Mode.UNTIL_CLOSE && front != null) {
            if (cum != null && cum.isReadable()) front.write(cum.readRetainedSlice(cum.readableBytes()));
            reusable = false;
            Frontend f = front;
            front = null;
            releaseBuffers();
            state = CLOSED;
            f.responseDone(false);
            return;
        }
        if (front != null) fail(answered ? -1 : 502, !answered);
        else closeQuietly();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Closes the connection without telling the client side (it has gone, or is told otherwise). */
    void close() {
        front = null;
        closeQuietly();
    }

    private void closeQuietly() {
        state = CLOSED;
        releaseBuffers();
        if (ch != null) ch.close();
        loop.remove(this);
    }

    private void releaseBuffers() {
        if (cum != null) {
            cum.release();
            cum = null;
        }
        if (pending != null) {
            for (ByteBuf b : pending) b.release();
            pending = null;
        }
    }
}
