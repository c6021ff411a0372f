package io.lacquer.front.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * A named ACL: the OR of every {@code acl} line declared under the same name.
 *
 * @param name the ACL's name ({@code ""} for an anonymous {@code { }} ACL)
 * @param terms the expressions, any of which makes the ACL true
 */
public record Acl(String name, List<AclTerm> terms) {
    /** Copies the terms. */
    public Acl {
        terms = List.copyOf(terms);
    }

    /** Whether any term matches the request. */
    public boolean matches(RequestView req) {
        for (AclTerm t : terms) {
            if (t.matches(req)) {
                return true;
            }
        }
        return false;
    }

    /** Returns this ACL with one more OR'ed term, as a repeated {@code acl} line declares. */
    public Acl plus(AclTerm term) {
        List<AclTerm> all = new ArrayList<>(terms);
        all.add(term);
        return new Acl(name, all);
    }
}
