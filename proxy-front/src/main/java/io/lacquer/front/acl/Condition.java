package io.lacquer.front.acl;

import java.util.List;

/**
 * An {@code if}/{@code unless} condition: an OR of groups, each an implicit AND of possibly
 * negated ACLs.
 *
 * @param unless true for {@code unless} (the result is inverted)
 * @param groups the OR'ed groups
 * @param text the condition as written, for messages
 */
public record Condition(boolean unless, List<List<Item>> groups, String text) {
    /** A condition that always holds, for rules written without {@code if}/{@code unless}. */
    public static final Condition ALWAYS = new Condition(false, List.of(List.of()), "");

    /** Copies the groups. */
    public Condition {
        groups = groups.stream().map(List::copyOf).toList();
    }

    /**
     * One ACL reference in a condition.
     *
     * @param negated whether it was written with {@code !}
     * @param acl the ACL it refers to
     */
    public record Item(boolean negated, Acl acl) {
    }

    /** Evaluates the condition against a request. */
    public boolean test(RequestView req) {
        boolean any = false;
        for (List<Item> group : groups) {
            boolean all = true;
            for (Item item : group) {
                if (item.acl().matches(req) == item.negated()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                any = true;
                break;
            }
        }
        return any != unless;
    }
}
