package io.lacquer.front.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole parsed configuration: global settings and proxy sections in file order.
 *
 * @param file the file it was read from
 * @param global the {@code global} section
 * @param proxies the {@code frontend}, {@code backend} and {@code listen} sections
 */
public record FrontConfig(String file, GlobalSettings global, List<ProxyConfig> proxies) {
    /** Copies the proxies. */
    public FrontConfig {
        proxies = List.copyOf(proxies);
    }

    /** Returns the section with this name that has servers. */
    public Optional<ProxyConfig> backend(String name) {
        return proxies.stream().filter(p -> p.kind().hasBack() && p.name().equals(name)).findFirst();
    }
}
