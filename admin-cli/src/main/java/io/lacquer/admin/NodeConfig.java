package io.lacquer.admin;

import io.lacquer.core.backend.BackendSpec;
import io.lacquer.core.config.Param;
import io.lacquer.storage.StorageSpec;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything {@code lacquerd}'s flags describe, validated.
 *
 * @param listen the client address ({@code -a})
 * @param backend the single backend ({@code -b})
 * @param workDir the work directory ({@code -n})
 * @param storage the store ({@code -s})
 * @param params run-time parameters ({@code -p}), as given
 * @param metrics the metrics address ({@code -M}), or null
 * @param accessLog the NCSA access log file, or null
 * @param policy the policy file ({@code -f}), or null for the builtin policy over {@code backend}
 * @param admin the management address ({@code -T}), or null for none
 * @param secret the secret file management clients must prove they know ({@code -S}), or null for none
 */
public record NodeConfig(InetSocketAddress listen, BackendSpec backend, Path workDir, StorageSpec storage,
                         Map<Param, String> params, InetSocketAddress metrics, Path accessLog, Path policy,
                         InetSocketAddress admin, Path secret) {
    /** Checks the invariants. */
    public NodeConfig {
        requireNonNull(listen, "listen");
        if (backend == null && policy == null) {
            throw new IllegalArgumentException("one of backend (-b) or policy (-f) is required");
        }
        requireNonNull(workDir, "workDir");
        requireNonNull(storage, "storage");
        params = Map.copyOf(params);
    }

    /** A node running the builtin policy over {@code backend} (no {@code -f}), without a management port. */
    public NodeConfig(InetSocketAddress listen, BackendSpec backend, Path workDir, StorageSpec storage,
                      Map<Param, String> params, InetSocketAddress metrics, Path accessLog) {
        this(listen, backend, workDir, storage, params, metrics, accessLog, null, null, null);
    }

    /** A node without a management port. */
    public NodeConfig(InetSocketAddress listen, BackendSpec backend, Path workDir, StorageSpec storage,
                      Map<Param, String> params, InetSocketAddress metrics, Path accessLog, Path policy) {
        this(listen, backend, workDir, storage, params, metrics, accessLog, policy, null, null);
    }

    /**
     * Parses varnishd's address form {@code [host][:port]}: {@code :6081}, {@code 127.0.0.1:6081},
     * {@code [::1]:6081}, {@code localhost}. A missing host means all interfaces; a missing port,
     * {@code defaultPort}.
     */
    public static InetSocketAddress address(String text, int defaultPort) {
        String t = text.trim();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("address \"" + text + "\": unclosed [");
            }
            host = t.substring(1, end);
            if (end + 1 < t.length()) {
                if (t.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("address \"" + text + "\" (expected: [host]:port)");
                }
                port = t.substring(end + 2);
            }
        } else {
            int colon = t.lastIndexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address \"" + text + "\": port \"" + port + "\" is not a number");
            }
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("address \"" + text + "\": port " + p + " (expected: 0..65535)");
            }
        }
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, p);
    }
}
