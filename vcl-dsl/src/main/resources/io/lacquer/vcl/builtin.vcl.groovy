// Varnish 7.1's builtin.vcl (`varnishd -x builtin`) in the policy language, sub for sub.
// It is appended after every policy: a subroutine of the policy that does not return falls
// through to the one here, and policies may call the small named subroutines below.

/*---------------------------------------------------------------------
 * Client side
 */

vcl_recv {
    call vcl_builtin_recv
    return hash
}

sub vcl_builtin_recv {
    call vcl_req_host
    call vcl_req_method
    call vcl_req_authorization
    call vcl_req_cookie
}

sub vcl_req_host {
    if (req.http.host =~ /\p{Upper}/) {
        req.http.host = req.http.host.toLowerCase()
    }
    if (req.http.host == null && req.proto == 'HTTP/1.1') {
        // In HTTP/1.1, Host is required.
        return synth(400)
    }
}

sub vcl_req_method {
    if (req.method == 'PRI') {
        // This will never happen in properly formed traffic.
        return synth(405)
    }
    if (req.method != 'GET' && req.method != 'HEAD' && req.method != 'PUT' && req.method != 'POST'
            && req.method != 'TRACE' && req.method != 'OPTIONS' && req.method != 'DELETE'
            && req.method != 'PATCH') {
        // Non-RFC2616 or CONNECT which is weird.
        return pipe
    }
    if (req.method != 'GET' && req.method != 'HEAD') {
        // We only deal with GET and HEAD by default.
        return pass
    }
}

sub vcl_req_authorization {
    if (req.http.Authorization != null) {
        // Not cacheable by default.
        return pass
    }
}

sub vcl_req_cookie {
    if (req.http.Cookie != null) {
        // Risky to cache by default.
        return pass
    }
}

vcl_pipe {
    call vcl_builtin_pipe
    // By default Connection: close is set on all piped requests, to stop connection reuse
    // from sending future requests directly to the (potentially) wrong backend.
    return pipe
}

sub vcl_builtin_pipe {
}

vcl_pass {
    call vcl_builtin_pass
    return fetch
}

sub vcl_builtin_pass {
}

vcl_hash {
    call vcl_builtin_hash
    return lookup
}

sub vcl_builtin_hash {
    hash_data(req.url)
    if (req.http.host != null) {
        hash_data(req.http.host)
    } else {
        hash_data(server.ip)
    }
}

vcl_purge {
    call vcl_builtin_purge
    return synth(200, 'Purged')
}

sub vcl_builtin_purge {
}

vcl_hit {
    call vcl_builtin_hit
    return deliver
}

sub vcl_builtin_hit {
}

vcl_miss {
    call vcl_builtin_miss
    return fetch
}

sub vcl_builtin_miss {
}

vcl_deliver {
    call vcl_builtin_deliver
    return deliver
}

sub vcl_builtin_deliver {
}

/*
 * We can come here "invisibly" with the following errors: 500 & 503
 */
vcl_synth {
    call vcl_builtin_synth
    return deliver
}

sub vcl_builtin_synth {
    resp.http['Content-Type'] = 'text/html; charset=utf-8'
    resp.http['Retry-After'] = '5'
    resp.body = """<!DOCTYPE html>
<html>
  <head>
    <title>${resp.status} ${resp.reason}</title>
  </head>
  <body>
    <h1>Error ${resp.status} ${resp.reason}</h1>
    <p>${resp.reason}</p>
    <h3>Guru Meditation:</h3>
    <p>XID: ${req.xid}</p>
    <hr>
    <p>Lacquer cache server</p>
  </body>
</html>
"""
}

/*---------------------------------------------------------------------
 * Backend Fetch
 */

vcl_backend_fetch {
    call vcl_builtin_backend_fetch
    return fetch
}

sub vcl_builtin_backend_fetch {
    if (bereq.method == 'GET') {
        bereq.body = null
    }
}

vcl_backend_response {
    call vcl_builtin_backend_response
    return deliver
}

sub vcl_builtin_backend_response {
    if (bereq.uncacheable) {
        return deliver
    }
    call vcl_beresp_stale
    call vcl_beresp_cookie
    call vcl_beresp_control
    call vcl_beresp_vary
}

sub vcl_beresp_stale {
    if (beresp.ttl <= 0.s) {
        call vcl_beresp_hitmiss
    }
}

sub vcl_beresp_cookie {
    if (beresp.http['Set-Cookie'] != null) {
        call vcl_beresp_hitmiss
    }
}

sub vcl_beresp_control {
    if (beresp.http['Surrogate-Control'] =~ /(?i)no-store/
            || (beresp.http['Surrogate-Control'] == null
                && beresp.http['Cache-Control'] =~ /(?i:no-cache|no-store|private)/)) {
        call vcl_beresp_hitmiss
    }
}

sub vcl_beresp_vary {
    if (beresp.http.Vary == '*') {
        call vcl_beresp_hitmiss
    }
}

sub vcl_beresp_hitmiss {
    beresp.ttl = 120.s
    beresp.uncacheable = true
    return deliver
}

vcl_backend_error {
    call vcl_builtin_backend_error
    return deliver
}

sub vcl_builtin_backend_error {
    beresp.http['Content-Type'] = 'text/html; charset=utf-8'
    beresp.http['Retry-After'] = '5'
    beresp.body = """<!DOCTYPE html>
<html>
  <head>
    <title>${beresp.status} ${beresp.reason}</title>
  </head>
  <body>
    <h1>Error ${beresp.status} ${beresp.reason}</h1>
    <p>${beresp.reason}</p>
    <h3>Guru Meditation:</h3>
    <p>XID: ${bereq.xid}</p>
    <hr>
    <p>Lacquer cache server</p>
  </body>
</html>
"""
}

/*---------------------------------------------------------------------
 * Housekeeping
 */

vcl_init {
    return ok
}

vcl_fini {
    return ok
}
