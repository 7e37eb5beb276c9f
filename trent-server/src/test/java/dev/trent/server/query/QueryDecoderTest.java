package dev.trent.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.server.protocol.ProtocolException;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every form botocore's Query serializer writes, read back into the JSON shape of the input. */
class QueryDecoderTest {
    static final ServiceModel MODEL = testModel();
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static ServiceModel testModel() {
        try (InputStream in = QueryDecoderTest.class.getResourceAsStream("query-test-model.json")) {
            return ServiceModel.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode decode(String form) {
        return decode(MODEL, "Put", form);
    }

    private static JsonNode decode(ServiceModel model, String op, String form) {
        return QueryDecoder.decode(
                QueryForm.parse(null, form.getBytes(StandardCharsets.UTF_8)),
                model.operation(op).input());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void scalarsOfEveryType() throws IOException {
        JsonNode in = decode("Action=Put&Version=2020-01-01&Name=n&Count=7&Big=9000000000&Ratio=0.25&Enabled=true"
                + "&When=2026-01-02T03%3A04%3A05Z&Epoch=1767322245.5&Data=AAEC&Unknown=x");
        assertThat(in)
                .isEqualTo(json("{'Name':'n','Count':7,'Big':9000000000,'Ratio':0.25,'Enabled':true,"
                        + "'When':'2026-01-02T03:04:05Z','Epoch':1767322245.5,'Data':'AAEC'}"));
        assertThat(in.get("Count").isInt()).isTrue();
        assertThat(in.get("Big").isLong()).isTrue();
        assertThat(decode("Name=n&Enabled=false").get("Enabled").booleanValue()).isFalse();
    }

    @Test
    void valuesThatDoNotReadAsTheirTypeStayTextForTheValidator() {
        JsonNode in = decode("Name=n&Count=ten&Enabled=yes&Ratio=half&Big=99999999999999999999");
        assertThat(in.get("Count").isTextual()).isTrue();
        assertThat(in.get("Enabled").isTextual()).isTrue();
        assertThat(in.get("Ratio").isTextual()).isTrue();
        assertThat(in.get("Big").isBigInteger()).isTrue();
        assertThat(new RequestValidator(MODEL).validate("Put", in))
                .containsExactly(
                        "Value 'ten' at 'count' failed to satisfy constraint: Member must be an integer",
                        "Value '99999999999999999999' at 'big' failed to satisfy constraint: Member must have value"
                                + " less than or equal to 9223372036854775807",
                        "Value 'half' at 'ratio' failed to satisfy constraint: Member must be a number",
                        "Value 'yes' at 'enabled' failed to satisfy constraint: Member must be a boolean");
    }

    @Test
    void timestampsInIso8601OrEpochSeconds() {
        assertThat(decode("Name=n&When=2026-01-02T03:04:05.123Z").get("When").asText())
                .isEqualTo("2026-01-02T03:04:05.123Z");
        assertThat(decode("Name=n&When=2026-01-02T03:04:05%2B01:00").get("When").asText())
                .isEqualTo("2026-01-02T03:04:05+01:00");
        assertThat(decode("Name=n&When=1767322245").get("When").isNumber()).isTrue();
        assertThatThrownBy(() -> decode("Name=n&When=yesterday"))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.errorCode()).isEqualTo("ValidationException"))
                .hasMessage("1 validation error detected: Value 'yesterday' at 'when' failed to satisfy constraint:"
                        + " Member must be a timestamp");
        assertThatThrownBy(() -> decode("Name=n&Secret=never"))
                .hasMessage("1 validation error detected: Value at 'secret' failed to satisfy constraint:"
                        + " Member must be a timestamp");
    }

    @Test
    void nestedStructures() throws IOException {
        assertThat(decode("Name=n&Inner.A=a&Inner.Deeper.B=2").get("Inner"))
                .isEqualTo(json("{'A':'a','Deeper':{'B':2}}"));
        assertThat(decode("Name=n&Inner.Unknown=a").get("Inner")).isEqualTo(json("{}"));
        assertThat(decode("Name=n").has("Inner")).isFalse();
    }

    @Test
    void listsInEveryForm() throws IOException {
        JsonNode in = decode(
                "Name=n&Names.member.1=a&Names.member.2=b&Items.member.1.Key=k&Items.member.1.Value=v"
                        + "&Items.member.2.Key=k2&Flat.1=x&Flat.2=y&Other.member.1=r&Named.item.1=i&Nested.member.1.member.1=z");
        assertThat(in.get("Names")).isEqualTo(json("['a','b']"));
        assertThat(in.get("Items")).isEqualTo(json("[{'Key':'k','Value':'v'},{'Key':'k2'}]"));
        assertThat(in.get("Flat")).isEqualTo(json("['x','y']"));
        assertThat(in.get("Renamed")).isEqualTo(json("['r']"));
        assertThat(in.get("Named")).isEqualTo(json("['i']"));
        assertThat(in.get("Nested")).isEqualTo(json("[['z']]"));
    }

    @Test
    void indexesAreNumbersNotText() throws IOException {
        // ten elements: "10" sorts before "2" as text, the list is still in index order
        StringBuilder form = new StringBuilder("Name=n");
        for (int i = 1; i <= 10; i++)
            form.append("&Names.member.").append(i).append("=e").append(i);
        assertThat(decode(form.toString()).get("Names"))
                .isEqualTo(json("['e1','e2','e3','e4','e5','e6','e7','e8','e9','e10']"));
    }

    @Test
    void anEmptyListIsTheBareName() throws IOException {
        assertThat(decode("Name=n&Names=").get("Names")).isEqualTo(json("[]"));
        assertThat(decode("Name=n&Attrs=").get("Attrs")).isEqualTo(json("{}"));
        assertThat(decode("Name=n").has("Names")).isFalse();
    }

    @Test
    void mapsInEveryForm() throws IOException {
        JsonNode in = decode("Name=n&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Attrs.entry.2.key=b"
                + "&Attrs.entry.2.value=2&FlatAttrs.1.key=f&FlatAttrs.1.value=g"
                + "&NamedAttrs.entry.1.Name=x&NamedAttrs.entry.1.Item.Key=kk");
        assertThat(in.get("Attrs")).isEqualTo(json("{'a':'1','b':'2'}"));
        assertThat(in.get("FlatAttrs")).isEqualTo(json("{'f':'g'}"));
        assertThat(in.get("NamedAttrs")).isEqualTo(json("{'x':{'Key':'kk'}}"));
    }

    @Test
    void malformedCollectionsAreClearErrors() {
        assertInvalid(
                "Name=n&Names.member.1=a&Names.member.3=c",
                "The elements of Names must be numbered 1, 2, 3, ... without gaps: Names.member.3 is given,"
                        + " Names.member.2 is not.");
        assertInvalid(
                "Name=n&Names.member.0=a",
                "The parameter Names.member.0 does not number its element of Names with an index from 1 to 10000.");
        assertInvalid(
                "Name=n&Items.member.one.Key=a",
                "The parameter Items.member.one.Key does not number its element of Items with an index from 1 to"
                        + " 10000.");
        assertInvalid(
                "Name=n&Names.member.01=a",
                "The parameter Names.member.01 does not number its element of Names with an index from 1 to 10000.");
        assertInvalid(
                "Name=n&Names=a",
                "The parameter Names is a list: send its elements as Names.member.1, Names.member.2, ... (or"
                        + " Names= for an empty list).");
        assertInvalid("Name=n&Attrs.entry.1.value=v", "The map entry Attrs.entry.1 has no Attrs.entry.1.key.");
        assertInvalid("Name=n&Attrs.entry.1.key=k", "The map entry Attrs.entry.1 has no Attrs.entry.1.value.");
        assertInvalid(
                "Name=n&Attrs.entry.1.key=k&Attrs.entry.1.value=1&Attrs.entry.2.key=k&Attrs.entry.2.value=2",
                "The map Attrs has the key 'k' twice.");
    }

    private static void assertInvalid(String form, String message) {
        assertThatThrownBy(() -> decode(form))
                .as(form)
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("InvalidQueryParameter");
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessage(message);
    }

    @Test
    void anOperationWithoutInputOrMembersGivesAnEmptyObject() throws IOException {
        assertThat(decode(MODEL, "Ping", "Action=Ping&Extra=1")).isEqualTo(json("{}"));
        assertThat(QueryDecoder.decode(QueryForm.parse("Action=Bare", null), null))
                .isEqualTo(json("{}"));
    }

    @Test
    void realIamRequestsAsTheAwsCliSendsThem() throws IOException {
        ServiceModel iam = ServiceModel.fromResource("iam-model.json");
        // aws iam create-user --user-name alice --path /eng/ --tags Key=team,Value=kms Key=env,Value=dev
        JsonNode in = decode(
                iam,
                "CreateUser",
                "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Feng%2F&Tags.member.1.Key=team"
                        + "&Tags.member.1.Value=kms&Tags.member.2.Key=env&Tags.member.2.Value=dev");
        assertThat(in)
                .isEqualTo(json("{'Path':'/eng/','UserName':'alice','Tags':[{'Key':'team','Value':'kms'},"
                        + "{'Key':'env','Value':'dev'}]}"));
        assertThat(new RequestValidator(iam).validate("CreateUser", in)).isEmpty();

        JsonNode bad = decode(iam, "CreateUser", "Action=CreateUser&Version=2010-05-08&UserName=a%20b&MaxItems=1");
        assertThat(new RequestValidator(iam).validate("CreateUser", bad))
                .containsExactly("Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy"
                        + " regular expression pattern: [\\w+=,.@-]+");
        JsonNode list = decode(iam, "ListUsers", "Action=ListUsers&Version=2010-05-08&MaxItems=0");
        assertThat(new RequestValidator(iam).validate("ListUsers", list))
                .containsExactly("Value '0' at 'maxItems' failed to satisfy constraint: Member must have value"
                        + " greater than or equal to 1");
    }
}
