package io.lacquer.admin.cli;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.probe.BackendProbe;
import io.lacquer.core.ban.BanList;
import io.lacquer.core.config.Params;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.registry.VclRegistry;

import java.util.List;

/** What the CLI commands act on: the node behind the management port. */
public interface AdminContext {
    /** The run-time parameters. */
    Params params();

    /** The backends of the active policy. */
    List<Backend> backends();

    /** The probe of {@code backend} in the active policy, or null. */
    BackendProbe probe(Backend backend);

    /** The name of the active policy (prefixes backend names, as {@code boot.web1}). */
    String activeVcl();

    /** {@code storage.list} rows: name and type of each store. */
    List<String[]> stores();

    /** Whether the cache process serves clients. */
    boolean running();

    /** Starts serving clients; false when already running. */
    boolean start();

    /** Stops serving clients; false when already stopped. */
    boolean stop();

    /** The node's policy registry, or null when it loads no policies. */
    VclRegistry policies();

    /** The builtin {@code boot} policy of a node started with {@code -b}, kept outside the registry; else null. */
    VclProgram builtin();

    /** Whether the builtin {@code boot} policy is the active one. */
    boolean builtinActive();

    /** Makes the builtin {@code boot} policy active again. */
    void useBuiltin();

    /** Removes the objects tagged {@code tag}; returns how many. */
    int purgeTag(String tag);

    /** The node's bans. */
    BanList bans();

    /** The storage and platform part of the banner, e.g. {@code -sheap}. */
    String storageFlags();
}
