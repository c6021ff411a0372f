package io.lacquer.vcl.compile;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.HashSet;
import java.util.Set;

/** Collects compile errors at the node they concern (line and column), each once. */
final class Reporter {
    private final SourceUnit source;
    private final Set<String> seen = new HashSet<>();

    Reporter(SourceUnit source) {
        this.source = source;
    }

    void error(ASTNode at, String message) {
        int line = Math.max(at.getLineNumber(), 1);
        int column = Math.max(at.getColumnNumber(), 1);
        if (seen.add(line + ":" + column + ":" + message)) {
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(
                    new SyntaxException(message, line, column, at.getLastLineNumber(), at.getLastColumnNumber()), source));
        }
    }
}
