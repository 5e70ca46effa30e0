package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One client connection of an ALB listener. Reads request heads, routes each request by the
 * listener's rules and either answers it itself (fixed response, redirect, 503) or forwards it to a
 * target over a pooled keep-alive connection of the same event loop ({@link Backend}): the head is
 * rewritten (X-Forwarded-*, hop-by-hop headers), the body passes through untouched. One request at a
 * time per connection; pipelined requests wait in the buffer. Runs only on its channel's event loop.
 */
final class Frontend extends ChannelInboundHandlerAdapter implements Runnable {
    private static final int HEAD = 0, BODY = 1, WAIT = 2, DISCARD = 3, TUNNEL = 4, CLOSED = 5;
    private static final int MAX_BUFFERED = 1 << 20;

    private final HttpListener listener;
    private final LoopState loop;
    private final BodyFramer body = new BodyFramer();
    Channel ch;
    private ByteBuf cum;
    private int scanFrom;
    private int state = HEAD;
    private Backend backend;
    private TargetState target;
    /** The target group and send time of the request in flight (for the load balancer's metrics). */
    private String poolArn;
    private long sentAt;
    private boolean closeAfter;
    private boolean headRequest;
    private boolean upgradeRequested;
    private boolean responseStarted;
    private ByteBuf retryHead;
    private String remote = "127.0.0.1";
    private byte[] xffTail;
    long lastActivity;

    Frontend(HttpListener listener, LoopState loop) {
        this.listener = listener;
        this.loop = loop;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        if (ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) remote = a.getAddress().getHostAddress();
        xffTail = (remote + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        lastActivity = loop.ticks;
        loop.frontends.add(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        lastActivity = loop.ticks;
        if (state == CLOSED) {
            in.release();
            return;
        }
        if (state == TUNNEL) {
            backend.send(in);
            return;
        }
        cum = cum == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ch.alloc(), cum, in);
        process();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (backend != null) backend.flush();
        if (cum != null && cum.readableBytes() > MAX_BUFFERED && ch.config().isAutoRead()) ch.config().setAutoRead(false);
    }

    /** Handles what the buffer holds, as far as the state allows. */
    private void process() {
        while (cum != null && cum.isReadable()) {
            switch (state) {
                case HEAD -> { if (!head()) return; }
                case BODY -> { forwardBody(); if (state == BODY) return; }
                case DISCARD -> { discardBody(); if (state == DISCARD) return; }
                case TUNNEL -> {
                    backend.send(cum.readRetainedSlice(cum.readableBytes()));
                    backend.flush();
                }
                default -> { return; }
            }
            cum = drop(cum);
        }
        cum = drop(cum);
    }

    /** Goes on with pipelined requests once the previous exchange is over (outside a read, so it flushes itself). */
    private void resume() {
        if (state == CLOSED) return;
        process();
        if (backend != null) backend.flush();
    }

    private boolean head() {
        int end = HttpHead.end(cum, scanFrom);
        if (end < 0) {
            if (cum.readableBytes() > HttpHead.MAX) replyAndClose(400);
            else scanFrom = cum.readableBytes();
            return false;
        }
        scanFrom = 0;
        HttpHead h = HttpHead.parse(cum, end, false);
        if (h == null || h.otherCoding || (h.chunked && h.contentLength >= 0)) {
            replyAndClose(400);
            return false;
        }
        h.remote = remote;
        cum.readerIndex(end);
        headRequest = h.isMethod("HEAD");
        closeAfter = !h.persistent();
        if (h.chunked) body.chunked();
        else body.length(Math.max(0, h.contentLength));
        RouteTable.Action a = listener.route(h);
        if (a == null) {
            countLocal(503);
            local(Replies.error(ch.alloc(), 503, headRequest, closeAfter));
            return true;
        }
        switch (a.type()) {
            case "fixed-response" -> {
                countLocal(Replies.fixedStatus(a.config()));
                local(Replies.fixed(ch.alloc(), a.config(), headRequest, closeAfter));
                return true;
            }
            case "redirect" -> {
                countLocal(301);
                local(Replies.redirect(ch.alloc(), h, listener.protocol(), listener.port(), a.config(), headRequest, closeAfter));
                return true;
            }
            default -> { }
        }
        TargetPool pool = listener.choose(a);
        TargetState t = pool == null ? null : listener.target(pool, h);
        if (t == null) {
            countLocal(503);
            local(Replies.error(ch.alloc(), 503, headRequest, closeAfter));
            return true;
        }
        listener.counters.request(listener.loadBalancerArn, pool.arn);
        poolArn = pool.arn;
        sentAt = System.nanoTime();
        forward(h, pool, t);
        return true;
    }

    private void forward(HttpHead h, TargetPool pool, TargetState t) {
        target = t;
        t.inFlight.incrementAndGet();
        t.cutters.add(this);
        upgradeRequested = h.wantsUpgrade();
        responseStarted = false;
        ByteBuf head = HeadRewrites.request(ch.alloc(), h, xffTail, listener.forwardedTail());
        Backend b = loop.acquire(t);
        boolean fresh = b == null;
        if (fresh) b = loop.create(t);
        else if (body.done() && !upgradeRequested) retryHead = head.retainedDuplicate();
        backend = b;
        b.begin(this, headRequest, listener.stickyCookie(pool, t));
        b.send(head);
        state = body.done() ? WAIT : BODY;
        if (fresh) loop.connect(b);
        if (state == BODY && backend != null) forwardBody();
    }

    private void forwardBody() {
        int n = body.consume(cum);
        if (body.malformed()) {
            abort();
            return;
        }
        if (n > 0) {
            backend.send(cum.readRetainedSlice(n));
            if (!backend.writable() && ch.config().isAutoRead()) ch.config().setAutoRead(false);
        }
        if (body.done()) state = WAIT;
    }

    private void discardBody() {
        int n = body.consume(cum);
        if (body.malformed()) {
            abort();
            return;
        }
        cum.skipBytes(n);
        if (body.done()) state = HEAD;
    }

    /** Writes a reply of the load balancer's own; the rest of the request's body is read and dropped. */
    private void local(ByteBuf reply) {
        if (closeAfter) {
            state = CLOSED;
            ch.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.writeAndFlush(reply);
        state = body.done() ? HEAD : DISCARD;
    }

    private void replyAndClose(int status) {
        state = CLOSED;
        ch.writeAndFlush(Replies.error(ch.alloc(), status, false, true)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Gives up on the connection: the target's and the client's. */
    private void abort() {
        state = CLOSED;
        if (backend != null) backend.close();
        backend = null;
        finishTarget();
        ch.close();
    }

    // --- called by the Backend, on this event loop ---

    boolean upgradeRequested() { return upgradeRequested; }

    /** The target's final response head arrived with {@code status}. */
    void targetAnswered(int status) {
        if (poolArn != null) listener.counters.target(listener.loadBalancerArn, poolArn, status, System.nanoTime() - sentAt);
    }

    /** An answer of the load balancer's own. */
    private void countLocal(int status) {
        listener.counters.request(listener.loadBalancerArn, null);
        listener.counters.elb(listener.loadBalancerArn, status);
    }

    void responseStarted() {
        responseStarted = true;
        if (retryHead != null) {
            retryHead.release();
            retryHead = null;
        }
    }

    void write(ByteBuf b) {
        ch.write(b);
    }

    void flush() {
        ch.flush();
        if (!ch.isWritable() && backend != null) backend.pauseReading();
    }

    /** The target's answer reads until its connection closes: so does the client's connection. */
    void closeAfterResponse() { closeAfter = true; }

    /** The response is complete; {@code reusable}: the target's connection can carry another request. */
    void responseDone(boolean reusable) {
        Backend b = backend;
        backend = null;
        finishTarget();
        if (state == BODY) { // answered before the request body was all sent: drop the rest of it
            reusable = false;
            state = DISCARD;
        } else if (state == WAIT) {
            state = HEAD;
        }
        if (b != null) {
            if (reusable) loop.release(b);
            else b.close();
        }
        if (closeAfter) {
            state = CLOSED;
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.flush();
        if (!ch.config().isAutoRead()) ch.config().setAutoRead(true);
        if (cum != null && cum.isReadable()) ch.eventLoop().execute(this::resume);
    }

    /**
     * The target failed the exchange: it could not be reached or closed before answering (502), or
     * did not answer in time (504); -1 when it failed after the response had started. A body-less
     * request sent on a reused connection that the target closed before answering is sent again, once,
     * on a new connection.
     */
    void backendFailed(int status, boolean retryable) {
        Backend failed = backend;
        backend = null;
        if (retryable && retryHead != null && status == 502 && target != null && state != CLOSED) {
            ByteBuf again = retryHead;
            retryHead = null;
            Backend b = loop.create(target);
            backend = b;
            b.begin(this, headRequest, failed == null ? null : failed.cookie);
            b.send(again);
            loop.connect(b);
            return;
        }
        if (failed != null) failed.close();
        finishTarget();
        if (status > 0 && !responseStarted) countLocal(status);
        if (state == CLOSED) return;
        if (responseStarted || status < 0 || state == TUNNEL) {
            state = CLOSED;
            ch.close();
            return;
        }
        state = body.done() || state == WAIT ? HEAD : DISCARD;
        if (closeAfter) {
            state = CLOSED;
            ch.writeAndFlush(Replies.error(ch.alloc(), status, headRequest, true)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.writeAndFlush(Replies.error(ch.alloc(), status, headRequest, false));
        if (!ch.config().isAutoRead()) ch.config().setAutoRead(true);
        if (cum != null && cum.isReadable()) ch.eventLoop().execute(this::resume);
    }

    /** The target switched protocols: from now on bytes pass both ways untouched. */
    void tunnel() {
        state = TUNNEL;
        if (!ch.config().isAutoRead()) ch.config().setAutoRead(true);
        if (cum != null && cum.isReadable()) {
            backend.send(cum.readRetainedSlice(cum.readableBytes()));
            backend.flush();
        }
        cum = drop(cum);
    }

    void backendWritable(boolean writable) {
        if (state != CLOSED && ch.config().isAutoRead() != writable) ch.config().setAutoRead(writable);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ch.isWritable() && backend != null) backend.resumeReading();
        ctx.fireChannelWritabilityChanged();
    }

    boolean idle() { return backend == null && (state == HEAD || state == DISCARD); }

    private void finishTarget() {
        if (retryHead != null) {
            retryHead.release();
            retryHead = null;
        }
        if (target != null) {
            target.cutters.remove(this);
            target.inFlight.decrementAndGet();
            target = null;
        }
    }

    /** Cuts the connection (the target's deregistration delay is over); safe from any thread. */
    @Override
    public void run() { ch.close(); }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = CLOSED;
        loop.frontends.remove(this);
        if (backend != null) backend.close();
        backend = null;
        finishTarget();
        if (cum != null) {
            cum.release();
            cum = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static ByteBuf drop(ByteBuf b) {
        if (b != null && !b.isReadable()) {
            b.release();
            return null;
        }
        return b;
    }
}
