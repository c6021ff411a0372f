package io.lacquer.front.check;

import io.lacquer.front.config.HttpCheckConfig;
import io.lacquer.front.server.CheckResult;
import io.lacquer.front.server.CheckStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The layer-7 check of {@code option httpchk}: sends one request and judges the response by
 * {@code http-check expect}, or as healthy on any 2xx/3xx status without one.
 */
final class HttpProbe implements Probe {
    /** Bytes of response read at most; enough for a health page. */
    private static final int MAX_RESPONSE = 16 * 1024;
    private final InetSocketAddress address;
    private final HttpCheckConfig check;
    private final int connectTimeout;
    private final int readTimeout;
    private final byte[] request;
    private final Pattern regex;

    HttpProbe(InetSocketAddress address, HttpCheckConfig check, int connectTimeout, int readTimeout) {
        this.address = address;
        this.check = check;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        StringBuilder sb = new StringBuilder();
        sb.append(check.method()).append(' ').append(check.uri()).append(' ').append(check.version()).append("\r\n");
        boolean host = false;
        for (HttpCheckConfig.Header h : check.headers()) {
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
            host |= h.name().equalsIgnoreCase("host");
        }
        if (!host && check.version().equals("HTTP/1.1")) {
            sb.append("Host: ").append(address.getHostString()).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        this.request = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        HttpCheckConfig.Expect e = check.expect();
        this.regex = e != null && (e.kind() == HttpCheckConfig.Expect.Kind.RSTATUS
                || e.kind() == HttpCheckConfig.Expect.Kind.RSTRING) ? Pattern.compile(e.pattern()) : null;
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            try {
                s.connect(address, connectTimeout);
            } catch (SocketTimeoutException e) {
                return new CheckResult(CheckStatus.L4TOUT, 0, TcpProbe.elapsed(start), "timeout");
            } catch (IOException e) {
                return new CheckResult(CheckStatus.L4CON, 0, TcpProbe.elapsed(start), String.valueOf(e.getMessage()));
            }
            s.setSoTimeout(readTimeout);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            String response = readResponse(s.getInputStream());
            return judge(response, TcpProbe.elapsed(start));
        } catch (SocketTimeoutException e) {
            return new CheckResult(CheckStatus.L7TOUT, 0, TcpProbe.elapsed(start), "timeout");
        } catch (IOException e) {
            return new CheckResult(CheckStatus.L7RSP, 0, TcpProbe.elapsed(start), String.valueOf(e.getMessage()));
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        int n;
        while (buf.size() < MAX_RESPONSE && (n = in.read(b)) > 0) {
            buf.write(b, 0, n);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /* status-line = HTTP-version SP status-code SP [reason] CRLF */
    CheckResult judge(String response, long duration) {
        if (!response.startsWith("HTTP/") || response.length() < 12) {
            return new CheckResult(CheckStatus.L7RSP, 0, duration, "invalid response");
        }
        int code;
        try {
            code = Integer.parseInt(response.substring(9, 12));
        } catch (NumberFormatException e) {
            return new CheckResult(CheckStatus.L7RSP, 0, duration, "invalid status line");
        }
        int eol = response.indexOf("\r\n");
        String reason = eol > 13 ? response.substring(13, eol) : "";
        int bodyAt = response.indexOf("\r\n\r\n");
        String body = bodyAt < 0 ? "" : response.substring(bodyAt + 4);
        if (code == 404 && check.disableOn404()) {
            return new CheckResult(CheckStatus.L7OKC, code, duration, reason);
        }
        HttpCheckConfig.Expect e = check.expect();
        boolean ok;
        if (e == null) {
            ok = code >= 200 && code < 400;
        } else {
            ok = switch (e.kind()) {
                case STATUS -> statusMatches(e.pattern(), code);
                case RSTATUS -> regex.matcher(Integer.toString(code)).find();
                case STRING -> body.contains(e.pattern());
                case RSTRING -> regex.matcher(body).find();
            };
            ok ^= e.negate();
        }
        return new CheckResult(ok ? CheckStatus.L7OK : CheckStatus.L7STS, code, duration, reason);
    }

    static boolean statusMatches(String pattern, int code) {
        for (String part : pattern.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0 ? Integer.parseInt(part) == code
                    : code >= Integer.parseInt(part.substring(0, dash)) && code <= Integer.parseInt(part.substring(dash + 1))) {
                return true;
            }
        }
        return false;
    }
}
