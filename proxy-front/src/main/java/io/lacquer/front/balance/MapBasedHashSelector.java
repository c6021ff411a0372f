package io.lacquer.front.balance;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code hash-type map-based}: the hash modulo the total weight of the eligible servers picks a
 * slot in a table where each server appears as often as its weight.
 */
final class MapBasedHashSelector implements HashSelector {
    /*
     * Implementation notes. The table is HAProxy's (lb_map.c), so a key picks the same server
     * behind either program. Each eligible server has ceil(weight / g) slots, g being the
     * greatest common divisor of the configured weights, and the table holds T slots, their sum.
     * The servers are interleaved smoothly: for each slot in turn every eligible server adds its
     * slot count to a score, the one with the highest (score + T) / T takes the slot (the first
     * declared on a tie) and gives back T. Equal weights give s1 s2 s3 s1 s2 s3...
     * The table depends only on which servers are eligible: it is rebuilt when that set changes
     * and shared, immutable, by every I/O thread until then. When a server goes down or comes
     * back T changes and most keys move, which is why `hash-type consistent` exists.
     */
    private final HashType type;
    private final List<ServerState> servers;
    private final int divisor;
    private volatile Table table = new Table(new ServerState[0], new ServerState[0]);

    /** The eligible servers a table was built for, in declaration order, and the table. */
    private record Table(ServerState[] members, ServerState[] slots) {
    }

    MapBasedHashSelector(HashType type, List<ServerState> servers) {
        this.type = type;
        this.servers = List.copyOf(servers);
        int g = 0;
        for (ServerState s : servers) {
            g = gcd(g, s.config().weight());
        }
        this.divisor = Math.max(1, g);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public HashType type() {
        return type;
    }

    @Override
    public ServerState select(int hash, Predicate<ServerState> eligible) {
        Table t = table;
        if (!builtFor(t, eligible)) {
            t = build(eligible);
            table = t;
        }
        if (t.slots.length == 0) {
            return null;
        }
        return t.slots[(int) (Integer.toUnsignedLong(hash) % t.slots.length)];
    }

    /* Whether the table's members are exactly the eligible servers now; allocates nothing. */
    private boolean builtFor(Table t, Predicate<ServerState> eligible) {
        int k = 0;
        for (ServerState s : servers) {
            if (s.weight() > 0 && eligible.test(s)) {
                if (k >= t.members.length || t.members[k] != s) {
                    return false;
                }
                k++;
            }
        }
        return k == t.members.length;
    }

    private Table build(Predicate<ServerState> eligible) {
        List<ServerState> members = new ArrayList<>();
        for (ServerState s : servers) {
            if (s.weight() > 0 && eligible.test(s)) {
                members.add(s);
            }
        }
        int n = members.size();
        int[] weight = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = (members.get(i).weight() + divisor - 1) / divisor;
            total += weight[i];
        }
        int[] score = new int[n];
        ServerState[] slots = new ServerState[total];
        for (int o = 0; o < total; o++) {
            int best = -1;
            int max = 0;
            for (int i = 0; i < n; i++) {
                score[i] += weight[i];
                int v = (score[i] + total) / total;
                if (best < 0 || v > max) {
                    max = v;
                    best = i;
                }
            }
            slots[o] = members.get(best);
            score[best] -= total;
        }
        return new Table(members.toArray(new ServerState[0]), slots);
    }
}
