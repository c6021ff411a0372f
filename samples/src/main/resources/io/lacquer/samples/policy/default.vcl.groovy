// The sample cluster's cache policy (DESIGN.md §1): static files from a round-robin group,
// everything else from the dynamic (WordPress-like) group, where a visitor keeps reaching the
// same server through the SERVERID cookie, whichever cache node the request crosses.
// Start a node with it:  lacquerd -F -a :6081 -f default.vcl.groovy

// a server is sick after two failed checks in a row, and healthy again after two good ones
probe 'static_health', url: '/health.html', interval: 1.s, timeout: 500.ms, window: 3, threshold: 2
probe 'dynamic_health', url: '/health.php', interval: 1.s, timeout: 500.ms, window: 3, threshold: 2

backend 'static1', host: '127.0.0.1', port: 8101, probe: 'static_health'
backend 'static2', host: '127.0.0.1', port: 8102, probe: 'static_health'
backend 'dyn1', host: '127.0.0.1', port: 8201, probe: 'dynamic_health', first_byte_timeout: 30.s
backend 'dyn2', host: '127.0.0.1', port: 8202, probe: 'dynamic_health', first_byte_timeout: 30.s

director 'static', roundRobin('static1', 'static2')
director 'dynamic_pool', roundRobin('dyn1', 'dyn2')
director 'dynamic', sticky(cookie: 'SERVERID', fallback: 'dynamic_pool')

vcl_recv {
    // the fronts' health check, answered by the node itself
    if (req.url == '/lacquer-health') {
        return synth(200, 'OK')
    }
    call vcl_req_host
    // one site whatever port it was reached on (the fronts of a one-machine cluster differ only
    // by port), so both fronts share the cached objects
    if (req.http.host != null) {
        req.http.host = req.http.host.replaceFirst(/:[0-9]+$/, '')
    }
    // static files come from the static group, the rest from the dynamic one; the backend is
    // chosen first, so the requests the builtin method rules pass or pipe go to the right group
    boolean isStatic = req.url =~ /(?i)\.(png|jpe?g|gif|webp|svg|ico|css|js|woff2?)(\?.*)?$/
    req.backend = isStatic ? 'static' : 'dynamic'
    call vcl_req_method

    // static files: cached for everyone, whatever cookies the browser sends
    if (isStatic) {
        req.http.remove('Cookie')
        return hash
    }
    // nothing is cached for logged-in WordPress users, the admin pages or PHP sessions
    if (req.url =~ /\/wp-(admin|login\.php)/
            || req.http.Cookie =~ /wordpress_logged_in_|PHPSESSID/
            || req.http.Authorization != null) {
        return pass
    }
    // an anonymous visitor: keep only the routing cookie, so pages are cached for everyone
    // and the visitor stays on the same server
    String pinned = req.http.Cookie?.find(/SERVERID=([A-Za-z0-9_-]+)/) { String all, String name -> name }
    if (pinned != null) {
        req.http.Cookie = 'SERVERID=' + pinned
    } else {
        req.http.remove('Cookie')
    }
    return hash
}

vcl_backend_response {
    if (bereq.url =~ /(?i)\.(png|jpe?g|gif|webp|svg|ico)(\?.*)?$/) {
        // images: an hour fresh, then served stale for six more while a fetch refreshes them
        beresp.ttl = 1.h
        beresp.grace = 6.h
        beresp.http.remove('Set-Cookie')
    }
    if (bereq.backend == 'dynamic') {
        beresp.http['X-Lacquer-Backend'] = beresp.backend.name
    }
}

vcl_backend_fetch {
    // a retried dynamic request goes to the pool: its pinned server is the one that failed
    if (bereq.retries > 0 && bereq.backend == 'dynamic') {
        bereq.backend = 'dynamic_pool'
    }
}

vcl_backend_error {
    // a server that has just died, before its probe notices: a request that is safe to send twice
    // is retried on the next server of its round-robin group, as HAProxy's option redispatch does
    if ((bereq.method == 'GET' || bereq.method == 'HEAD') && bereq.retries < 2) {
        return retry
    }
}

vcl_deliver {
    resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS'
    String answered = resp.http['X-Lacquer-Backend']
    resp.http.remove('X-Lacquer-Backend')
    // pin a new visitor to the server that answered; re-pin one whose server failed and whose
    // request was redispatched (a fresh answer from another server)
    String pinned = req.http.Cookie?.find(/SERVERID=([A-Za-z0-9_-]+)/) { String all, String name -> name }
    if (answered != null && (pinned == null || (obj.hits == 0 && answered != pinned))) {
        resp.http.add('Set-Cookie', "SERVERID=${answered}; Path=/; HttpOnly")
    }
}
