package io.lacquer.front.testkit;

import io.lacquer.front.FrontServer;
import io.lacquer.front.config.ConfigException;
import io.lacquer.front.config.ConfigParser;
import java.util.Map;

/**
 * A front started from inline configuration text for a test; {@code ${name}} placeholders are
 * replaced first (typically with origin ports).
 */
public final class Front implements AutoCloseable {
    private final FrontServer server;

    private Front(FrontServer server) {
        this.server = server;
    }

    /** Parses and starts the configuration. */
    public static Front start(String config, Map<String, Object> vars) {
        String text = config;
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", String.valueOf(e.getValue()));
        }
        try {
            return new Front(FrontServer.start(ConfigParser.parse("test.cfg", text)));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.alert(), e);
        }
    }

    /** The running server. */
    public FrontServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>} of a frontend. */
    public String url(String frontend) {
        return "http://127.0.0.1:" + server.port(frontend);
    }

    @Override
    public void close() {
        server.close();
    }
}
