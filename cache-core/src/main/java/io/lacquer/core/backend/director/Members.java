package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.util.List;

/** The directors a director picks from, with the walk every director needs: resolve, health. */
record Members(List<Director> list) {
    Members {
        list = List.copyOf(list);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a director needs at least one backend");
        }
    }

    int size() {
        return list.size();
    }

    Director get(int i) {
        return list.get(i);
    }

    boolean anyHealthy() {
        for (Director d : list) {
            if (d.healthy()) {
                return true;
            }
        }
        return false;
    }

    /** Resolves member {@code i}, or null when it has no healthy backend. */
    Backend resolve(int i, ReqView req) {
        return list.get(i).resolve(req);
    }
}
