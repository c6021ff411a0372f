package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.vcl.ReqView;

/**
 * The pick shared by the random and hash directors (Varnish's {@code vdir_pick_be}): a point in
 * [0, 1) scaled to the total weight of the healthy members selects one of them.
 */
final class WeightedPick {
    private WeightedPick() {
    }

    static Backend pick(Members members, double[] weights, double point, ReqView req) {
        double total = 0;
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).healthy()) {
                total += weights[i];
            }
        }
        if (total <= 0) {
            return null;
        }
        double at = point * total;
        for (int i = 0; i < members.size(); i++) {
            if (!members.get(i).healthy()) {
                continue;
            }
            at -= weights[i];
            if (at < 0) {
                return members.resolve(i, req);
            }
        }
        for (int i = members.size() - 1; i >= 0; i--) {
            if (members.get(i).healthy()) {
                return members.resolve(i, req);
            }
        }
        return null;
    }
}
