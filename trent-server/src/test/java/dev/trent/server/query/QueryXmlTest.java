package dev.trent.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.server.protocol.ServiceModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class QueryXmlTest {
    private static final ServiceModel MODEL = QueryDecoderTest.MODEL;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = " xmlns=\"https://example.com/doc/2020-01-01/\"";

    private static String xml(String op, JsonNode output) {
        return new String(QueryXml.response(MODEL, MODEL.operation(op), output, "req-1"), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static String wrap(String result) {
        return "<PutResponse" + NS + "><PutResult>" + result
                + "</PutResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutResponse>";
    }

    /** Parses with the JDK's XML parser, namespace-aware: the body must be well-formed. */
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void scalarsInModelOrderWithTheResultFirst() throws Exception {
        String xml = xml(
                "Put",
                json("{'Enabled':true,'Name':'n','Count':7,'Big':9000000000,'Ratio':0.25,'Data':'AAEC',"
                        + "'Unknown':'dropped','Inner':null}"));
        assertThat(xml)
                .isEqualTo(wrap("<Name>n</Name><Count>7</Count><Big>9000000000</Big><Ratio>0.25</Ratio>"
                        + "<Enabled>true</Enabled><Data>AAEC</Data>"));
        parse(xml);
    }

    @Test
    void timestampsFromEpochSecondsOrText() throws Exception {
        String xml = xml("Put", json("{'When':1767323045,'Epoch':'2026-01-02T03:04:05.250Z','Http':1767323045}"));
        assertThat(xml)
                .isEqualTo(wrap("<When>2026-01-02T03:04:05Z</When><Epoch>1767323045.25</Epoch>"
                        + "<Http>Fri, 02 Jan 2026 03:04:05 GMT</Http>"));
        assertThat(xml("Put", json("{'When':1767323045.5}"))).contains("<When>2026-01-02T03:04:05.500Z</When>");
        assertThat(xml("Put", json("{'When':'2026-01-02T04:04:05.123456+01:00'}")))
                .contains("<When>2026-01-02T03:04:05.123Z</When>");
        assertThat(xml("Put", json("{'When':'1767323045'}"))).contains("<When>2026-01-02T03:04:05Z</When>");
        assertThatThrownBy(() -> xml("Put", json("{'When':'soon'}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("When");
    }

    @Test
    void structuresListsAndMaps() throws Exception {
        String xml = xml(
                "Put",
                json("{'Inner':{'A':'a','Deeper':{'B':2}},'Names':['a','b'],'Items':[{'Key':'k','Value':'v'}],"
                        + "'Flat':['x','y'],'Renamed':['r'],'Named':['i'],'FlatNamed':['t1','t2'],"
                        + "'Attrs':{'a':'1'},'FlatAttrs':{'f':'g','h':'i'},'NamedAttrs':{'x':{'Key':'kk'}}}"));
        assertThat(xml)
                .isEqualTo(wrap("<Inner><A>a</A><Deeper><B>2</B></Deeper></Inner>"
                        + "<Names><member>a</member><member>b</member></Names>"
                        + "<Items><member><Key>k</Key><Value>v</Value></member></Items>"
                        + "<Flat>x</Flat><Flat>y</Flat>"
                        + "<Other><member>r</member></Other>"
                        + "<Named><item>i</item></Named>"
                        + "<Thing>t1</Thing><Thing>t2</Thing>"
                        + "<Attrs><entry><key>a</key><value>1</value></entry></Attrs>"
                        + "<FlatAttrs><key>f</key><value>g</value></FlatAttrs>"
                        + "<FlatAttrs><key>h</key><value>i</value></FlatAttrs>"
                        + "<NamedAttrs><entry><Name>x</Name><Item><Key>kk</Key></Item></entry></NamedAttrs>"));
        parse(xml);
        assertThat(xml("Put", json("{'Names':[],'Flat':[]}"))).isEqualTo(wrap("<Names></Names>"));
    }

    @Test
    void blobsFromBinaryOrBase64Text() throws Exception {
        ObjectNode out = JSON.createObjectNode().put("Data", new byte[] {0, 1, 2, (byte) 0xff});
        assertThat(xml("Put", out)).isEqualTo(wrap("<Data>AAEC/w==</Data>"));
    }

    @Test
    void memberNamespaces() throws Exception {
        String xml = xml("Put", json("{'Spaced':'s'}"));
        assertThat(xml).isEqualTo(wrap("<Spaced xmlns=\"https://example.com/other\">s</Spaced>"));
        assertThat(parse(xml)
                        .getDocumentElement()
                        .getFirstChild()
                        .getFirstChild()
                        .getNamespaceURI())
                .isEqualTo("https://example.com/other");
    }

    @Test
    void textIsEscaped() throws Exception {
        String nasty = "<a & 'b'> \"c\"\r\n\t\u0000\u0007\ud800 🔑";
        String xml = xml("Put", JSON.createObjectNode().put("Name", nasty));
        assertThat(xml).contains("<Name>&lt;a &amp; 'b'&gt; \"c\"&#xD;\n\t\ufffd\ufffd\ufffd 🔑</Name>");
        Document d = parse(xml);
        assertThat(d.getElementsByTagName("Name").item(0).getTextContent())
                .isEqualTo("<a & 'b'> \"c\"\r\n\t\ufffd\ufffd\ufffd 🔑");
    }

    @Test
    void operationsWithoutOutputOrWithAnEmptyOne() throws Exception {
        assertThat(xml("Ping", null))
                .isEqualTo("<PingResponse" + NS
                        + "><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PingResponse>");
        assertThat(xml("Put", null)).isEqualTo(wrap(""));
        // no resultWrapper in the model: <Op>Result
        assertThat(xml("Bare", json("{'Name':'x'}")))
                .isEqualTo("<BareResponse" + NS + "><BareResult><Name>x</Name></BareResult><ResponseMetadata>"
                        + "<RequestId>req-1</RequestId></ResponseMetadata></BareResponse>");
    }

    @Test
    void outputOfTheWrongKindIsAHandlerBug() throws Exception {
        assertThatThrownBy(() -> xml("Put", json("{'Names':'a'}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the output member Names must be an array, not string");
        assertThatThrownBy(() -> xml("Put", json("{'Inner':[1]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the output member Inner must be an object, not array");
        assertThatThrownBy(() -> xml("Put", json("['x']")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the output member PutResult must be an object, not array");
        assertThatThrownBy(() -> xml("Put", json("{'Name':{'a':1}}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> xml("Put", json("{'Enabled':1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorResponses() throws Exception {
        String xml = new String(
                QueryXml.error(
                        "https://iam.amazonaws.com/doc/2010-05-08/",
                        true,
                        "NoSuchEntity",
                        "The user with name bob cannot be found.",
                        "req-2"),
                StandardCharsets.UTF_8);
        assertThat(xml)
                .isEqualTo("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender"
                        + "</Type><Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message>"
                        + "</Error><RequestId>req-2</RequestId></ErrorResponse>");
        parse(xml);
        assertThat(new String(QueryXml.error(null, false, "InternalFailure", null, "r"), StandardCharsets.UTF_8))
                .isEqualTo("<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code></Error>"
                        + "<RequestId>r</RequestId></ErrorResponse>");
    }
}
