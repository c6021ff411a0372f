package io.lacquer.vcl;

import io.lacquer.core.vcl.Action;
import io.lacquer.vcl.testing.Outcome;
import io.lacquer.vcl.testing.PolicyTester;
import io.lacquer.vcl.testing.TestRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Escape attempts: each is refused when the policy loads, with a message that says why, and the
 * JVM is still here afterwards. A runaway loop is cut by the time budget and counts as fail.
 */
class SandboxTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            vcl_recv { System.exit(42) }                                                 | calling exit() is not allowed
            "vcl_recv { def s = System; s.exit(42) }"                                     | exit
            vcl_recv { java.lang.System.exit(42) }                                       | exit
            vcl_recv { 'touch /tmp/pwned'.execute() }                                    | execute
            vcl_recv { req.http.X = new File('/etc/passwd').text }                       | java.io.File
            vcl_recv { java.nio.file.Files.readAllLines(java.nio.file.Paths.get('/etc/passwd')) } | java.nio.file
            vcl_recv { Runtime.getRuntime().exec('true') }                               | Runtime
            vcl_recv { new ProcessBuilder('true').start() }                              | ProcessBuilder
            vcl_recv { Thread.start { } }                                                | java.lang.Thread
            vcl_recv { new Thread().start() }                                            | Thread
            vcl_recv { req.url.getClass().forName('java.lang.System') }                  | getClass
            vcl_recv { req.url.class.classLoader.loadClass('java.lang.System') }         | loadClass
            vcl_recv { Class.forName('java.lang.System') }                               | forName
            vcl_recv { evaluate('System.exit(42)') }                                     | evaluate
            vcl_recv { new GroovyShell().evaluate('1') }                                 | evaluate
            vcl_recv { Eval.me('System.exit(42)') }                                      | Eval
            vcl_recv { String.metaClass.foo = { -> 1 } }                                 | metaClass
            vcl_recv { req.url.invokeMethod('toString', null) }                          | invokeMethod
            "vcl_recv { def n = 'url'; req.""$n"" }"                                      | computed
            vcl_recv { def exit = System.&exit }                                         | method pointers
            vcl_recv { new URL('http://127.0.0.1:1/').text }                             | URL
            vcl_recv { new Socket('127.0.0.1', 1) }                                      | Socket
            vcl_recv { req.http.with { it.put('x', 'y') } }                              | with
            vcl_recv { req.url.padLeft(1000000000) }                                     | padLeft
            vcl_recv { this.binding }                                                     | binding
            vcl_recv { println 'x' }                                                     | println
            "vcl_recv { try { req.url } catch (e) { } }"                                  | try/catch
            class Evil { }                                                               | class declarations
            def evil() { System.exit(1) }                                                | method definitions
            "import java.io.File\nvcl_recv { }"                                          | imports are not allowed
            "@groovy.transform.ASTTest(value = { System.exit(42) })\ndef x = 1"          | annotation
            "vcl_recv { @groovy.transform.ASTTest(value = { System.exit(42) }) def x = 1 }" | annotation
            "backend 'a', host: System.getenv('HOME'), port: 80"                         | java.lang.System
            vcl_recv { req.http.X = new String(new char[2000000000]) }                   | arrays cannot be created
            vcl_recv { def l = new ArrayList(2000000000) }                               | constructors with arguments
            vcl_recv { req.http.X = req.url['class'] }                                   | property by name
            vcl_recv { req.url['metaClass'] = null }                                     | property by name
            vcl_recv { req.http.X = String.format('%01999999999d', 1) }                  | format
            vcl_recv { req.http.X = Integer.getInteger('user.home') }                    | getInteger
            vcl_recv { req.http.X = 'https://example.com/'.toURL().text }                | java.net.URL
            "vcl_recv { def f = { -> 1 }; f.call() }"                                    | groovy.lang.Closure
            vcl_recv { req.http.X = "${System.exit(42)}" }                               | exit
            vcl_init { while (true) { } }                                                | vcl_init did not return ok
            "vcl_recv { [1].each { @groovy.transform.ASTTest(value = { System.exit(42) }) x -> } }" | annotations
            """)
    void escapeIsRefusedAtLoad(String source, String expected) {
        String text = source.replace("\\n", "\n");
        VclCompileException e = Policies.failure(text);
        assertTrue(e.getMessage().toLowerCase().contains(expected.toLowerCase()),
                "expected a message mentioning \"" + expected + "\" but got:\n" + e.getMessage());
        assertTrue(e.first().line() >= 1, "no position in: " + e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "vcl_recv { while (true) { } }",
            "vcl_recv { for (;;) { } }",
            "vcl_recv { int i = 0; while (i >= 0) { i = (i + 1) % 10 } }",
            "vcl_recv { (1..2000000000).each { req.http.X = 'y' } }",
            "vcl_recv { do { req.http.X = 'y' } while (req.url != null) }",
    })
    void runawayLoopIsCutAndCountsAsFail(String source) throws Exception {
        try (PolicyTester t = PolicyTester.of(source)) {
            Outcome o = t.run(TestRequest.get("/"));
            assertEquals(Action.FAIL, o.recv());
            assertEquals(503, o.status());
            assertEquals("VCL Failed", o.reason());
        }
    }
}
