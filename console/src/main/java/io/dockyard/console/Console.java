package io.dockyard.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.dockyard.core.AwsException;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.StoreUnavailableException;
import io.dockyard.protocol.Family;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.Json;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The web console on the edge port: {@code /} sends a browser to {@code /console/}; pages are rendered on the server
 * from JTE templates with what the API operations answer ({@link Api}), regions marked {@code data-live} are re-read when
 * the store's change feed moves ({@link Live}), and forms post to actions ({@link Actions}) that call the same operations.
 */
public final class Console extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(Console.class);
    static final String PREFIX = "/console";

    private final Api api;
    private final Sessions sessions;
    private final Live live;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, Console.class.getClassLoader(), "io.dockyard.console.jte");

    public Console(Api api, Sessions sessions, Changes changes) {
        this.api = api;
        this.sessions = sessions;
        this.live = new Live(changes);
    }

    /** Whether the edge gave this request to the console (see {@link Family#CONSOLE}). */
    public static boolean accepts(Request request) { return Family.of(request) == Family.CONSOLE; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        try {
            if (path.equals("/") || path.equals(PREFIX)) return redirect(response, callback, PREFIX + "/");
            if (path.startsWith(PREFIX + "/static/")) return Static.serve(path.substring(PREFIX.length() + 8), request, response, callback);
            if (path.equals(PREFIX + "/signin")) return signIn(request, response, callback);
            Optional<Session> session = sessions.find(cookie(request));
            if (session.isEmpty()) {
                if ("GET".equals(request.getMethod())) return redirect(response, callback, PREFIX + "/signin");
                return json(response, callback, 401, error("NotSignedIn", "Sign in again: the console session has ended.", null));
            }
            if (path.equals(PREFIX + "/live")) {
                live.stream(response, callback);
                return true;
            }
            if (path.startsWith(PREFIX + "/actions/")) {
                if (!"POST".equals(request.getMethod())) return plain(response, callback, 405, "Actions are POSTs.");
                return act(path.substring(PREFIX.length() + 9), session.get(), request, response, callback);
            }
            if (path.equals(PREFIX + "/signout") && "POST".equals(request.getMethod())) {
                sessions.signOut(cookie(request));
                return json(response, callback, 200, Map.of("go", PREFIX + "/signin"));
            }
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) return plain(response, callback, 405, "Pages are read with GET.");
            Pages.Rendered page = new Pages(new Reads(api, session.get()), session.get(), sessions.secure(), request).render(path.substring(PREFIX.length()));
            return html(response, callback, page.status(), page.template(), page.params());
        } catch (StoreUnavailableException e) {
            return plain(response, callback, 503, "The store cannot be reached: retry in a moment.");
        } catch (RuntimeException e) {
            log.warn("console {} {} failed", request.getMethod(), path, e);
            return plain(response, callback, 500, "The console failed to answer this request: " + e.getClass().getSimpleName());
        }
    }

    private boolean act(String name, Session session, Request request, Response response, Callback callback) throws IOException {
        String token = request.getHeaders().get("X-Console-Token");
        if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), session.token().getBytes(StandardCharsets.UTF_8))) {
            return json(response, callback, 403, error("InvalidConsoleToken", "The action carries no valid console token: reload the page.", null));
        }
        Map<String, String> form = Forms.parse(new String(Http.body(request), StandardCharsets.UTF_8));
        try {
            return json(response, callback, 200, new Actions(api, session).run(name, form));
        } catch (Actions.FieldError e) {
            return json(response, callback, 400, error(e.code(), e.getMessage(), e.field()));
        } catch (AwsException e) {
            return json(response, callback, e.status(), error(e.code(), e.getMessage(), Forms.fieldNamedIn(e.getMessage(), form.keySet(), TaskDefinitionForm.ALIASES)));
        }
    }

    private boolean signIn(Request request, Response response, Callback callback) throws IOException {
        if ("GET".equals(request.getMethod())) {
            if (!sessions.secure()) return redirect(response, callback, PREFIX + "/");
            return html(response, callback, 200, "signin.jte", Map.of());
        }
        Map<String, String> form = Forms.parse(new String(Http.body(request), StandardCharsets.UTF_8));
        try {
            Session s = form.containsKey("userName")
                    ? sessions.signInWithPassword(form.get("accountId"), form.get("userName"), form.get("password"), Gate.sourceIp(request))
                    : sessions.signIn(form.get("accessKeyId"), form.get("secretAccessKey"), form.get("sessionToken"), Gate.sourceIp(request));
            Response.addCookie(response, HttpCookie.build(Sessions.COOKIE, s.id()).path(PREFIX).httpOnly(true).secure(request.isSecure())
                    .sameSite(HttpCookie.SameSite.STRICT).maxAge(Sessions.LIFETIME.toSeconds()).build());
            return json(response, callback, 200, Map.of("go", PREFIX + "/"));
        } catch (AwsException e) {
            return json(response, callback, 403, error(e.code(), e.getMessage(), "IncompleteSignIn".equals(e.code()) ? blank(form, "userName", "password") : null));
        }
    }

    /** The first of these form fields left empty (null: none). */
    private static String blank(Map<String, String> form, String... fields) {
        for (String f : fields) if (form.get(f) == null || form.get(f).isBlank()) return f;
        return null;
    }

    private static String cookie(Request request) {
        for (HttpCookie c : Request.getCookies(request)) if (Sessions.COOKIE.equals(c.getName())) return c.getValue();
        return null;
    }

    static Map<String, Object> error(String code, String message, String field) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        if (field != null) e.put("field", field);
        return Map.of("error", e);
    }

    private boolean html(Response response, Callback callback, int status, String template, Map<String, Object> params) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        templates.render(template, params, out);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(out.getContentLength());
        try {
            out.writeTo(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return write(response, callback, status, "text/html;charset=utf-8", bytes.toByteArray());
    }

    private static boolean json(Response response, Callback callback, int status, Object body) {
        return write(response, callback, status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean plain(Response response, Callback callback, int status, String text) {
        return write(response, callback, status, "text/plain;charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean redirect(Response response, Callback callback, String to) {
        response.getHeaders().put(HttpHeader.LOCATION, to);
        return write(response, callback, 303, "text/plain;charset=utf-8", new byte[0]);
    }

    static boolean write(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The console's own files (style and script), read from the class path once. */
    static final class Static {
        private static final Map<String, String> TYPES = Map.of("console.css", "text/css", "console.js", "text/javascript");
        private static final Map<String, byte[]> FILES = new java.util.concurrent.ConcurrentHashMap<>();

        static boolean serve(String name, Request request, Response response, Callback callback) throws IOException {
            String type = TYPES.get(name);
            if (type == null) return plain(response, callback, 404, "No such file.");
            byte[] body = FILES.computeIfAbsent(name, Static::load);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + ";charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=300");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }

        private static byte[] load(String name) {
            try (InputStream in = Console.class.getResourceAsStream("static/" + name)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
