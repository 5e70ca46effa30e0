// Stack choice for the load balancer data plane: Jetty 12's ProxyHandler.Reverse vs Vert.x 5's
// HttpProxy, both reverse-proxying to the same origin. Run by run.sh (java source launcher):
//   java -cp <jetty + vertx jars> ProxyStacks.java <originPort> <jettyPort> <vertxPort>
// then wrk drives both ports.

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.concurrent.Executors;

public class ProxyStacks {
    public static void main(String[] args) throws Exception {
        int origin = Integer.parseInt(args[0]);
        int jettyPort = Integer.parseInt(args[1]);
        int vertxPort = Integer.parseInt(args[2]);

        QueuedThreadPool threads = new QueuedThreadPool(256);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(threads);
        ServerConnector c = new ServerConnector(jetty);
        c.setHost("127.0.0.1");
        c.setPort(jettyPort);
        jetty.addConnector(c);
        jetty.setHandler(new ProxyHandler.Reverse(req -> org.eclipse.jetty.http.HttpURI.build(req.getHttpURI()).scheme("http").host("127.0.0.1").port(origin)));
        jetty.start();

        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(SocketAddress.inetSocketAddress(origin, "127.0.0.1"));
        for (int i = 0; i < loops; i++) {
            vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(proxy).listen(vertxPort, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get();
        }
        System.out.println("ready jetty=" + jettyPort + " vertx=" + vertxPort);
        Thread.currentThread().join();
    }
}
