/**
 * ACLs and the {@code if}/{@code unless} conditions built from them.
 *
 * <p>Starting points: {@link io.lacquer.front.acl.AclParser} (expressions, conditions, predefined
 * ACLs), {@link io.lacquer.front.acl.Condition#test} (evaluation against a
 * {@link io.lacquer.front.acl.RequestView}), {@link io.lacquer.front.acl.Fetch} and
 * {@link io.lacquer.front.acl.MatchMethod} (what can be matched, and how).
 */
@NullMarked
package io.lacquer.front.acl;

import org.jspecify.annotations.NullMarked;
