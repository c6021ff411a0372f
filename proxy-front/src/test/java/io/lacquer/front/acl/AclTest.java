package io.lacquer.front.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lacquer.front.testkit.TestRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclTest {
    private static boolean term(String expr, RequestView r) {
        return AclParser.parseTerm(Arrays.asList(expr.split(" "))).matches(r);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "path /a/b|/a/b|true",
        "path /a/b|/a/b/|false",
        "path_beg /static /img|/img/x.png|true",
        "path_end .png .css|/x.PNG|false",
        "path_end -i .png .css|/x.PNG|true",
        "path_reg ^/user/[0-9]+$|/user/42|true",
        "path_reg ^/user/[0-9]+$|/user/x|false",
        "path_dir img|/static/img/a.png|true",
        "path_dir img|/static/imgs/a.png|false",
        "path_sub wp-|/x/wp-login.php|true",
        "path -m beg /api|/api/v1|true",
        "path -m len 4|/abc|true",
        "url_param(id) 7|/p?id=7&x=1|true",
        "url_param(id) -m found|/p?x=1|false",
    })
    void pathAndUrlFetches(String expr, String uri, boolean expected) {
        assertEquals(expected, term(expr, TestRequest.get(uri)), expr + " on " + uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hdr(host) -i www.example.com|WWW.Example.com|true",
        "hdr_beg(host) api.|api.example.com|true",
        "hdr_end(host) .example.com|www.example.com|true",
        "hdr_dom(host) example|www.example.com:8080|true",
        "hdr_dom(host) exam|www.example.com|false",
        "hdr(x-list) b|a, b, c|true",
    })
    void headerFetches(String expr, String value, boolean expected) {
        String name = expr.substring(expr.indexOf('(') + 1, expr.indexOf(')'));
        assertEquals(expected, term(expr, TestRequest.get("/").header(name, value)), expr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "src 127.0.0.1/8|127.3.4.5|true",
        "src 10.0.0.0/8 192.168.0.0/16|192.168.9.9|true",
        "src 10.0.0.0/8|198.18.0.2|false",
        "src ::1|::1|true",
        "src 198.18.0.0/255.254.0.0|198.19.255.1|true",
    })
    void sourceFetch(String expr, String src, boolean expected) {
        assertEquals(expected, term(expr, TestRequest.get("/").from(src)), expr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "LOCALHOST; true",
        "!LOCALHOST; false",
        "METH_GET; true",
        "METH_POST; false",
        "METH_GET METH_POST; false",
        "METH_POST or METH_GET; true",
        "METH_POST || FALSE; false",
        "TRUE !FALSE; true",
        "{ path_beg /x } is_img; true",
        "is_img or { method PUT }; true",
        "! is_img; false",
        "HTTP_1.1; true",
        "HTTP_1.0; false",
        "logged; true",
    })
    void conditions(String cond, boolean expected) {
        Map<String, Acl> acls = new HashMap<>();
        acls.put("is_img", new Acl("is_img", List.of(AclParser.parseTerm(List.of("path_end", ".png")))));
        acls.put("logged", new Acl("logged", List.of(AclParser.parseTerm(List.of("req.cookie(sess)", "-m", "found")))));
        Condition c = AclParser.parseCondition(false, Arrays.asList(cond.split(" ")), acls::get);
        RequestView r = TestRequest.get("/x/a.png").header("Cookie", "a=1; sess=xyz");
        assertEquals(expected, c.test(r), cond);
        Condition u = AclParser.parseCondition(true, Arrays.asList(cond.split(" ")), acls::get);
        assertEquals(!expected, u.test(r), "unless " + cond);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nosuch /x|unknown fetch method 'nosuch'",
        "path -m nope /x|unknown match method 'nope'",
        "path -z /x|unsupported ACL flag '-z'",
        "src not-an-ip|is not an IP address",
        "path_reg ([|Unclosed",
    })
    void badExpressionsAreRejected(String expr, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AclParser.parseTerm(Arrays.asList(expr.split(" "))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
