package io.lacquer.vcl.compile;

import io.lacquer.core.vcl.Sub;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;

/**
 * One subroutine definition found in a policy: a built-in one ({@code vcl_recv { … }}) or a
 * custom one ({@code sub name { … }}).
 *
 * @param name the name as written
 * @param sub the built-in subroutine, or null for a custom one
 * @param body the block as parsed
 * @param at where the definition starts, for messages
 */
record SubDecl(String name, Sub sub, ClosureExpression body, Expression at) {
    boolean custom() {
        return sub == null;
    }
}
