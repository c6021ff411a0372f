package io.lacquer.front.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A server's response head (status line and header fields) and how the body that follows it
 * is delimited (RFC 9112 section 6.3).
 */
final class ResponseHead {
    /*
     * Parsed in one pass once the whole head is in, rather than byte by byte as it arrives: a head
     * nearly always comes in one read, and a head longer than the read buffer is refused with a
     * 502, as HAProxy refuses one longer than its buffer.
     */
    /** {@link #bodyLength} of a chunked body. */
    static final long CHUNKED = -1;
    /** {@link #bodyLength} of a body that ends when the server closes the connection. */
    static final long UNTIL_CLOSE = -2;

    /*
     * The header names servers send most, by length: a name found here costs no allocation, and
     * later lookups find it by identity.
     */
    private static final HttpString[][] KNOWN = new HttpString[20][];

    static {
        List<HttpString> known = List.of(Headers.ACCEPT_RANGES, Headers.AGE, Headers.CACHE_CONTROL,
                Headers.CONNECTION, Headers.CONTENT_ENCODING, Headers.CONTENT_LENGTH, Headers.CONTENT_TYPE, Headers.DATE,
                Headers.ETAG, Headers.EXPIRES, Headers.KEEP_ALIVE, Headers.LAST_MODIFIED, Headers.LOCATION,
                Headers.SERVER, Headers.SET_COOKIE, Headers.TRANSFER_ENCODING, Headers.VARY, Headers.VIA);
        for (int len = 0; len < KNOWN.length; len++) {
            int l = len;
            KNOWN[len] = known.stream().filter(h -> h.length() == l).toArray(HttpString[]::new);
        }
    }

    /* tchar of RFC 9110 section 5.6.2: what a header name is made of. */
    private static final boolean[] TOKEN = new boolean[256];

    /* What a header value is made of (RFC 9110 section 5.5): visible characters, obs-text, SP and HTAB. */
    private static final boolean[] VALUE = new boolean[256];

    static {
        for (char c : "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = 0; c < 256; c++) {
            VALUE[c] = (c >= 0x20 || c == '\t') && c != 0x7f;
        }
    }

    final int status;
    final String reason;
    final HeaderMap headers;
    /** The body's length in bytes, or {@link #CHUNKED}, or {@link #UNTIL_CLOSE}. */
    final long bodyLength;
    /** Whether the connection can carry another request once this response is read. */
    final boolean reusable;

    private ResponseHead(int status, String reason, HeaderMap headers, long bodyLength, boolean reusable) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.bodyLength = bodyLength;
        this.reusable = reusable;
    }

    /** Whether this is an interim (1xx) response, to be followed by another head. */
    boolean interim() {
        return status < 200;
    }

    /**
     * The length of the head at the start of {@code buf} (from its position to its limit),
     * final empty line included, or -1 if the head is not complete yet.
     *
     * @param from where to resume scanning, relative to the position (0 the first time)
     */
    static int end(ByteBuffer buf, int from) {
        int start = buf.position();
        int limit = buf.limit();
        for (int i = start + Math.max(0, from - 3); i < limit; i++) {
            if (buf.get(i) != '\n') {
                continue;
            }
            // a line ends here: the head ends if the previous line was empty ("\n\n" or "\n\r\n")
            if (i > start && buf.get(i - 1) == '\n') {
                return i + 1 - start;
            }
            if (i - 1 > start && buf.get(i - 1) == '\r' && buf.get(i - 2) == '\n') {
                return i + 1 - start;
            }
        }
        return -1;
    }

    /**
     * Parses a head of {@code length} bytes at the buffer's position and moves the position past it.
     *
     * @param head whether the request was a HEAD request, which no response body follows
     * @param target where the header fields of a final (non-1xx) response go: an empty map (the
     *     exchange's response headers), since the framing is read back from it
     * @throws MalformedResponseException when the head breaks HTTP/1.1's syntax or framing rules
     */
    static ResponseHead parse(ByteBuffer buf, int length, boolean head, HeaderMap target) throws MalformedResponseException {
        byte[] b = new byte[length];
        buf.get(b);
        int eol = lineEnd(b, 0);
        // status line: HTTP/1.x SP 3DIGIT [SP reason]
        if (eol < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
                || b[6] != '.' || !digit(b[7]) || b[8] != ' ' || !digit(b[9]) || !digit(b[10]) || !digit(b[11])
                || (eol > 12 && b[12] != ' ')) {
            throw new MalformedResponseException("invalid status line");
        }
        boolean http11 = b[7] != '0';
        int status = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
        if (status < 100) {
            throw new MalformedResponseException("invalid status code");
        }
        String reason = reason(b, eol, status);
        HeaderMap headers = status < 200 ? new HeaderMap() : target;
        fields(b, next(b, eol), headers);
        long contentLength = contentLength(headers.get(Headers.CONTENT_LENGTH));
        HeaderValues transferEncoding = headers.get(Headers.TRANSFER_ENCODING);
        boolean close = !http11;
        HeaderValues connection = headers.get(Headers.CONNECTION);
        if (connection != null) {
            for (String v : connection) {
                close = connectionCloses(v, close);
            }
        }
        long bodyLength;
        if (head || status < 200 || status == 204 || status == 304) {
            bodyLength = 0;
        } else if (transferEncoding != null) {
            if (TransferCoding.of(transferEncoding) != TransferCoding.CHUNKED) {
                // the front would relay the body without its coding: a 502, as with HAProxy
                throw new MalformedResponseException("transfer coding other than chunked");
            }
            // with Transfer-Encoding, Content-Length means nothing and may be a smuggling attempt
            bodyLength = CHUNKED;
            close |= contentLength >= 0;
        } else if (contentLength >= 0) {
            bodyLength = contentLength;
        } else {
            bodyLength = UNTIL_CLOSE;
            close = true;
        }
        return new ResponseHead(status, reason, headers, bodyLength, !close);
    }

    /**
     * Parses header field lines from {@code b[from]} up to the empty line that ends them (a head's
     * fields, or a chunked body's trailers) into {@code into}: names must be tokens, values free of
     * control characters; white space around a value is dropped.
     *
     * @throws MalformedResponseException when a line breaks those rules
     */
    static void fields(byte[] b, int from, HeaderMap into) throws MalformedResponseException {
        // one pass over each line; the empty line ends with LF, which stops every scan below
        int i = from;
        while (b[i] != '\n' && !(b[i] == '\r' && b[i + 1] == '\n')) {
            int line = i;
            while (b[i] != ':') {
                if (!TOKEN[b[i] & 0xff]) {
                    // also rejects obs-fold (a line starting with white space)
                    throw new MalformedResponseException("invalid header name");
                }
                i++;
            }
            if (i == line) {
                throw new MalformedResponseException("invalid header line");
            }
            int colon = i++;
            while (b[i] == ' ' || b[i] == '\t') {
                i++;
            }
            int vs = i;
            while (VALUE[b[i] & 0xff]) {
                i++;
            }
            // only the line's end may stop the value: LF or CR LF, not another control character
            if (b[i] != '\n' && !(b[i] == '\r' && b[i + 1] == '\n')) {
                throw new MalformedResponseException("invalid header value");
            }
            int ve = i;
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                ve--;
            }
            i += b[i] == '\r' ? 2 : 1;
            into.add(name(b, line, colon - line), new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
        }
    }


    /* The reason phrase of the status line ending at eol; the usual one is not copied. */
    private static String reason(byte[] b, int eol, int status) {
        if (eol <= 13) {
            return "";
        }
        String usual = StatusCodes.getReason(status);
        if (usual.length() == eol - 13) {
            int i = 0;
            while (i < usual.length() && b[13 + i] == usual.charAt(i)) {
                i++;
            }
            if (i == usual.length()) {
                return usual;
            }
        }
        return new String(b, 13, eol - 13, StandardCharsets.ISO_8859_1);
    }

    /* The header name at b[off..off+len), one of the known ones if it is. */
    private static HttpString name(byte[] b, int off, int len) {
        if (len < KNOWN.length) {
            for (HttpString h : KNOWN[len]) {
                if (sameIgnoringCase(h, b, off, len)) {
                    return h;
                }
            }
        }
        return new HttpString(b, off, len);
    }

    private static boolean sameIgnoringCase(HttpString h, byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            int x = b[off + i];
            int y = h.byteAt(i);
            int lower = x | 0x20;
            if (x != y && (lower < 'a' || lower > 'z' || lower != (y | 0x20))) {
                return false;
            }
        }
        return true;
    }

    /* The index of the line ending (LF, or CR LF) of the line starting at from. */
    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return i > from && b[i - 1] == '\r' ? i - 1 : i;
    }

    /* The start of the line after the one ending at end. */
    private static int next(byte[] b, int end) {
        return end < b.length && b[end] == '\r' ? end + 2 : end + 1;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /* The Content-Length the values agree on, or -1 without one. */
    private static long contentLength(HeaderValues values) throws MalformedResponseException {
        long length = -1;
        if (values != null) {
            for (String v : values) {
                long n = contentLength(v);
                if (length >= 0 && n != length) {
                    throw new MalformedResponseException("conflicting Content-Length");
                }
                length = n;
            }
        }
        return length;
    }

    private static long contentLength(String v) throws MalformedResponseException {
        if (v.isEmpty() || v.length() > 18) {
            throw new MalformedResponseException("invalid Content-Length");
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponseException("invalid Content-Length");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /* Whether a Connection header's tokens leave the connection closing after the response. */
    private static boolean connectionCloses(String v, boolean closing) {
        if (v.equalsIgnoreCase("keep-alive")) {
            return false;
        }
        boolean close = closing;
        for (int i = 0; i < v.length(); ) {
            int comma = v.indexOf(',', i);
            int end = comma < 0 ? v.length() : comma;
            String token = v.substring(i, end).trim();
            if (token.equalsIgnoreCase("close")) {
                return true;
            }
            if (token.equalsIgnoreCase("keep-alive")) {
                close = false;
            }
            i = end + 1;
        }
        return close;
    }

    /** A response head that cannot be parsed or framed: answered 502, as HAProxy does. */
    static final class MalformedResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message, null, false, false);
        }
    }
}
