package dev.trent.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.server.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QueryFormTest {

    private static QueryForm body(String body) {
        return QueryForm.parse(null, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesFormEncoding() {
        QueryForm f =
                body("Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fdivision_abc%2F&Note=a+b%20c&Empty=&Bare");
        assertThat(f.get("Action")).isEqualTo("ListUsers");
        assertThat(f.get("PathPrefix")).isEqualTo("/division_abc/");
        assertThat(f.get("Note")).isEqualTo("a b c");
        assertThat(f.get("Empty")).isEmpty();
        assertThat(f.get("Bare")).isEmpty();
        assertThat(f.get("Missing")).isNull();
    }

    @Test
    void decodesUtf8AndEscapedNames() {
        QueryForm f = body("Na%6De=%E2%82%AC%F0%9F%94%91&&=ignored");
        assertThat(f.get("Name")).isEqualTo("€🔑");
        assertThat(f.params()).containsOnlyKeys("Name");
    }

    @Test
    void takesTheQueryStringThenTheBodyAndKeepsTheFirstValue() {
        QueryForm f = QueryForm.parse(
                "Action=GetCallerIdentity&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsts%2Faws4_request",
                "Action=Other&Version=2011-06-15".getBytes(StandardCharsets.US_ASCII));
        assertThat(f.get("Action")).isEqualTo("GetCallerIdentity");
        assertThat(f.get("Version")).isEqualTo("2011-06-15");
        assertThat(f.get("X-Amz-Credential")).isEqualTo("AKID/20260101/us-east-1/sts/aws4_request");
    }

    @Test
    void brokenEscapesAreMalformedQueryStrings() {
        for (String bad : new String[] {"A=%4", "A=%ZZ", "A=%", "A%2=x", "A=%C3%28"}) {
            assertThatThrownBy(() -> body(bad)).as(bad).isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.errorCode()).isEqualTo("MalformedQueryString");
                assertThat(e.httpStatus()).isEqualTo(404);
            });
        }
        assertThatThrownBy(() -> body("A=%ZZ")).hasMessage("Illegal hex characters in escape (%) pattern: %ZZ.");
        assertThatThrownBy(() -> body("A=%C3%28")).hasMessage("A parameter is not UTF-8 once its escapes are decoded.");
    }

    @Test
    void rawNonAsciiBytesAreReadAsUtf8() {
        QueryForm f = QueryForm.parse(null, "Name=é".getBytes(StandardCharsets.UTF_8));
        assertThat(f.get("Name")).isEqualTo("é");
    }

    @Test
    void theNumberOfParametersIsBounded() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= QueryForm.MAX_PARAMETERS; i++)
            sb.append("P").append(i).append("=&");
        assertThatThrownBy(() -> body(sb.toString()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("InvalidQueryParameter");
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessage("The request has more than 10000 parameters.");
        // repeated names do not count twice
        String repeated = "A=1&".repeat(QueryForm.MAX_PARAMETERS + 5);
        assertThat(body(repeated).get("A")).isEqualTo("1");
    }

    @Test
    void findScansForOneParameter() {
        String raw = "XAction=no&Action=List%55sers&Version&Other=1";
        assertThat(QueryForm.find(raw, "Action")).isEqualTo("ListUsers");
        assertThat(QueryForm.find(raw, "Version")).isEmpty();
        assertThat(QueryForm.find(raw, "Missing")).isNull();
        assertThat(QueryForm.find((String) null, "Action")).isNull();
        assertThat(QueryForm.find("Action=%ZZ", "Action")).isNull();
        assertThat(QueryForm.find("Action=A&Action=B".getBytes(StandardCharsets.US_ASCII), "Action"))
                .isEqualTo("A");
    }
}
