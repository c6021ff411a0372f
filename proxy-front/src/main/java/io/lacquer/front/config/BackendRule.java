package io.lacquer.front.config;

import io.lacquer.front.acl.Condition;

/**
 * One {@code use_backend} rule: the first whose condition holds picks the backend.
 *
 * @param backend the backend's name
 * @param condition when the rule applies
 */
public record BackendRule(String backend, Condition condition) {
}
