package io.lacquer.samples.web;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * A dynamic server that behaves like WordPress where it matters to a cache: anonymous pages that
 * are the same for everyone, a login form that sets a {@code wordpress_logged_in_*} cookie and
 * keeps the session in this server's memory only, pages that differ per user and name the server
 * that answered, a {@code /wp-admin/} that requires the session, and {@code /health.php}.
 *
 * <p>Any user name logs in with the password {@value #PASSWORD}. Pages for logged-in users carry
 * WordPress's no-cache headers; anonymous pages carry no cache headers at all, as WordPress's.
 */
public final class DynamicServer implements AutoCloseable {
    /** The password every sample user has. */
    public static final String PASSWORD = "secret";
    /** The name of the login cookie, as WordPress names it (with a hash of the site URL). */
    public static final String LOGIN_COOKIE = "wordpress_logged_in_5d1a9f4c";

    private static final String NO_CACHE = "no-cache, must-revalidate, max-age=0";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Undertow server;

    private DynamicServer(String name, String host, int port) {
        this.name = requireNonNull(name, "name");
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(this::route)
                .build();
    }

    /** Starts the server called {@code name} on {@code host:port} (0 for a free port). */
    public static DynamicServer start(String name, String host, int port) {
        DynamicServer s = new DynamicServer(name, host, port);
        s.server.start();
        return s;
    }

    /** The server's name, shown on its pages and in {@code X-Served-By}. */
    public String name() {
        return name;
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    }

    /** How many sessions this server holds. */
    public int sessions() {
        return sessions.size();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void route(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(HttpString.tryFromString("X-Served-By"), name);
        String path = exchange.getRequestPath();
        String user = loggedIn(exchange);
        switch (path) {
            case "/health.php" -> text(exchange, 200, NO_CACHE, "OK\n");
            case "/wp-login.php" -> login(exchange, user);
            case "/wp-admin/", "/wp-admin" -> {
                if (user == null) {
                    redirect(exchange, "/wp-login.php?redirect_to=%2Fwp-admin%2F");
                } else {
                    html(exchange, NO_CACHE, page("Dashboard", "<p class=\"who\">Dashboard of " + escape(user) + "</p>", user));
                }
            }
            case "/" -> {
                String post = exchange.getQueryParameters().containsKey("p") ? exchange.getQueryParameters().get("p").getFirst() : null;
                String body = post == null ? home() : "<article><h2>Post " + escape(post) + "</h2><p>Lorem ipsum, post "
                        + escape(post) + ".</p><img src=\"/wp-content/uploads/photo-" + escape(post) + ".svg\" alt=\"\"></article>";
                html(exchange, user == null ? null : NO_CACHE, page(post == null ? "Home" : "Post " + post, body, user));
            }
            default -> text(exchange, 404, null, "Not found\n");
        }
    }

    private void login(HttpServerExchange exchange, String user) {
        if ("logout".equals(param(exchange, "action"))) {
            if (user != null) {
                String token = token(exchange);
                if (token != null) {
                    sessions.remove(token);
                }
            }
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, LOGIN_COOKIE + "=deleted; Path=/; Max-Age=0; HttpOnly");
            redirect(exchange, "/");
            return;
        }
        if (!Methods.POST.equals(exchange.getRequestMethod())) {
            html(exchange, NO_CACHE, page("Log in", loginForm(null), user));
            return;
        }
        exchange.getRequestReceiver().receiveFullString((ex, form) -> {
            Map<String, String> fields = parseForm(form);
            String log = fields.getOrDefault("log", "").trim();
            if (log.isEmpty() || !PASSWORD.equals(fields.get("pwd"))) {
                html(ex, NO_CACHE, page("Log in", loginForm("Wrong user name or password."), null));
                return;
            }
            String token = HexFormat.of().formatHex(RANDOM.generateSeed(16));
            sessions.put(token, log);
            String value = URLEncoder.encode(log + "|" + token, StandardCharsets.UTF_8);
            ex.getResponseHeaders().add(Headers.SET_COOKIE, LOGIN_COOKIE + "=" + value + "; Path=/; HttpOnly");
            redirect(ex, "/wp-admin/");
        }, StandardCharsets.UTF_8);
    }

    /** The user of a valid session cookie sent with the request, or null. */
    private String loggedIn(HttpServerExchange exchange) {
        String token = token(exchange);
        if (token == null) {
            return null;
        }
        String user = sessions.get(token);
        String cookie = cookieValue(exchange);
        return user != null && cookie != null && cookie.startsWith(user + "|") ? user : null;
    }

    private static String token(HttpServerExchange exchange) {
        String value = cookieValue(exchange);
        int bar = value == null ? -1 : value.lastIndexOf('|');
        return bar < 0 ? null : value.substring(bar + 1);
    }

    private static String cookieValue(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.COOKIE);
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(LOGIN_COOKIE + "=")) {
                return URLDecoder.decode(p.substring(LOGIN_COOKIE.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private String page(String title, String body, String user) {
        String who = user == null ? "<a href=\"/wp-login.php\">Log in</a>"
                : "Howdy, " + escape(user) + " &middot; <a href=\"/wp-admin/\">Dashboard</a> &middot; "
                + "<a href=\"/wp-login.php?action=logout\">Log out</a>";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " &ndash; Lacquer sample blog</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
                + "<script src=\"/static/app.js\"></script></head>\n<body><header><h1><a href=\"/\">Lacquer sample blog</a></h1>"
                + "<p class=\"user\">" + who + "</p></header>\n<main>" + body + "</main>\n<footer class=\"who\">served by "
                + escape(name) + "</footer></body></html>\n";
    }

    private static String home() {
        StringBuilder sb = new StringBuilder("<ul class=\"posts\">");
        for (int i = 1; i <= 5; i++) {
            sb.append("<li><a href=\"/?p=").append(i).append("\">Post ").append(i).append("</a>")
                    .append("<img src=\"/wp-content/uploads/photo-").append(i).append(".svg\" alt=\"\" width=\"32\"></li>");
        }
        return sb.append("</ul>").toString();
    }

    private static String loginForm(String error) {
        return (error == null ? "" : "<p class=\"error\">" + error + "</p>")
                + "<form method=\"post\" action=\"/wp-login.php\"><label>User <input name=\"log\"></label> "
                + "<label>Password <input name=\"pwd\" type=\"password\"></label> <button>Log in</button></form>";
    }

    private static void html(HttpServerExchange exchange, String cacheControl, String page) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
        respond(exchange, 200, cacheControl, page);
    }

    private static void text(HttpServerExchange exchange, int status, String cacheControl, String body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        respond(exchange, status, cacheControl, body);
    }

    private static void redirect(HttpServerExchange exchange, String location) {
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        respond(exchange, 302, NO_CACHE, "");
    }

    private static void respond(HttpServerExchange exchange, int status, String cacheControl, String body) {
        exchange.setStatusCode(status);
        if (cacheControl != null) {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
        }
        exchange.getResponseSender().send(body);
    }

    private static String param(HttpServerExchange exchange, String name) {
        var values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.getFirst();
    }

    private static Map<String, String> parseForm(String form) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
