package dev.trent.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64LengthTest {

    private static long viaDecoder(String s) {
        try {
            return Base64.getDecoder().decode(s).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnEdgeCases() {
        String[] samples = {
            "",
            "Q",
            "QQ",
            "QQ=",
            "QQ==",
            "QUI",
            "QUI=",
            "QUJD",
            "QUJD=",
            "QUJDRA",
            "QUJDRA==",
            "QUJDRA=",
            "=",
            "==",
            "===",
            "Q===",
            "QQ==QQ==",
            "QU=I",
            "QUJD\n",
            " QUJD",
            "QUJ-",
            "QUJ_",
            "QUJ+",
            "QUJ/",
            "QUJ\u00e9",
            "////",
            "++++++++"
        };
        for (String s : samples) {
            assertThat(Base64Length.decodedLength(s)).as("'%s'", s).isEqualTo(viaDecoder(s));
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomText() {
        Random random = new Random(42);
        String alphabet = "ABCab01+/=-_ \n";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(10);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertThat(Base64Length.decodedLength(s)).as("'%s'", s).isEqualTo(viaDecoder(s));
        }
    }

    @Test
    void measuresEncodedBytes() {
        for (int n = 0; n < 70; n++) {
            byte[] bytes = new byte[n];
            assertThat(Base64Length.decodedLength(Base64.getEncoder().encodeToString(bytes)))
                    .isEqualTo(n);
            assertThat(Base64Length.decodedLength(
                            Base64.getEncoder().withoutPadding().encodeToString(bytes)))
                    .isEqualTo(n);
        }
    }
}
