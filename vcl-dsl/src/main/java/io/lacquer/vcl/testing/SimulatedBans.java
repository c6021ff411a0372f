package io.lacquer.vcl.testing;

import io.lacquer.core.ban.BanException;
import io.lacquer.core.ban.BanParser;

import java.util.ArrayList;
import java.util.List;

/** The bans a policy added during one simulated request, checked as a node would check them. */
final class SimulatedBans {
    final List<String> added = new ArrayList<>();

    /** Adds {@code expression} if it parses; returns null, or why a node would refuse it. */
    String add(String expression) {
        try {
            BanParser.parse(BanParser.words(expression), 0);
        } catch (BanException e) {
            return e.getMessage();
        }
        added.add(expression);
        return null;
    }
}
