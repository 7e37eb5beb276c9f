package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Json;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Seeds: fixed ids and material, idempotent, one-line errors naming the entry. */
class SeedsTest extends MaterialFixture {
    static final String SYMMETRIC_ID = "11111111-2222-3333-4444-555555555555";
    static final String MATERIAL = Base64.getEncoder().encodeToString(bytes(40, 32));

    static JsonNode doc(String json) {
        return Json.parse(json.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String symmetric(String extra) {
        return "{'KeyId':'" + SYMMETRIC_ID + "','Account':'111122223333','KeyMaterial':'" + MATERIAL + "'" + extra
                + "}";
    }

    @Test
    void seededKeysHaveFixedIdsAndMaterialAndApplyingAgainChangesNothing() {
        Seeds seeds = Seeds.parse(
                doc("{'keys':["
                        + symmetric(",'Aliases':['alias/orders'],'Tags':{'Team':'payments'},"
                                + "'RotationPeriodInDays':180,'Description':'orders'")
                        + "]}"),
                "000000000000");
        assertThat(seeds.apply(kms.registry(), clock, random)).isEqualTo(new Seeds.Applied(1, 0, 1));
        KmsKey k = describe(EAST, "alias/orders");
        assertThat(k.keyId()).isEqualTo(SYMMETRIC_ID);
        assertThat(k.description()).isEqualTo("orders");
        assertThat(k.tags()).containsExactly(new Tag("Team", "payments"));
        assertThat(k.rotation().periodDays()).isEqualTo(180);
        byte[] blob = encrypt(EAST, SYMMETRIC_ID, "seeded").ciphertextBlob();
        assertThat(seeds.apply(kms.registry(), clock, random)).isEqualTo(new Seeds.Applied(0, 1, 0));

        // another data directory seeded from the same file decrypts the same ciphertexts
        InMemoryStore elsewhere = new InMemoryStore();
        KmsOperations other = KmsOperations.create(elsewhere, Authorizer.ALLOW_ALL, clock, random);
        seeds.apply(other.registry(), clock, random);
        assertThat(other.registry().entry(k.address()).key().currentMaterial().materialId())
                .isEqualTo(k.currentMaterial().materialId());
        assertThat(new String(
                        other.cryptography()
                                .decrypt(
                                        ctx(EAST),
                                        new CryptoRequests.Decrypt(blob, java.util.Map.of("a", "b"), null, null, false))
                                .plaintext(),
                        java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("seeded");
    }

    @Test
    void hmacAsymmetricImportedAndDisabledKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getMimeEncoder()
                        .encodeToString(pair.getPrivate().getEncoded())
                        .replace("\r\n", "\\n")
                + "\\n-----END PRIVATE KEY-----\\n";
        Seeds seeds = Seeds.parse(
                doc(
                        "{'keys':[{'KeyId':'22222222-2222-3333-4444-555555555555','Account':'111122223333',"
                                + "'KeySpec':'HMAC_256','KeyUsage':'GENERATE_VERIFY_MAC','KeyMaterial':'" + MATERIAL
                                + "'},"
                                + "{'KeyId':'33333333-2222-3333-4444-555555555555','Account':'111122223333',"
                                + "'KeySpec':'ECC_NIST_P256','KeyUsage':'SIGN_VERIFY','KeyMaterial':'" + pem + "'},"
                                + "{'KeyId':'44444444-2222-3333-4444-555555555555','Account':'111122223333','Origin':'EXTERNAL',"
                                + "'KeyMaterial':'" + MATERIAL + "','Enabled':false},"
                                + "{'KeyId':'mrk-0123456789abcdef0123456789abcdef','Account':'111122223333','Region':'us-west-2'}]}"),
                "000000000000");
        assertThat(seeds.apply(kms.registry(), clock, random).keysCreated()).isEqualTo(4);
        assertThat(kms.publicKeys()
                        .getPublicKey(ctx(EAST), "33333333-2222-3333-4444-555555555555")
                        .publicKey())
                .isEqualTo(pair.getPublic().getEncoded());
        KmsKey imported = describe(EAST, "44444444-2222-3333-4444-555555555555");
        assertThat(imported.state()).isEqualTo(KeyState.Disabled);
        assertThat(imported.origin()).isEqualTo(Origin.EXTERNAL);
        assertThat(KeyImport.expirationModel(imported))
                .isEqualTo(KeyMaterialInfo.ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE);
        assertThat(describe(WEST, "mrk-0123456789abcdef0123456789abcdef")
                        .multiRegion()
                        .type())
                .isEqualTo(MultiRegionConfig.Type.PRIMARY);
    }

    @Test
    void mistakesAreOneLineNamingTheEntryAndMember() {
        String[][] cases = {
            {"[1,2]", "the seed file must hold a map with a 'keys' list"},
            {"{'key':[]}", "unknown member 'key'; known: keys"},
            {"{'keys':[{'Account':'111122223333'}]}", "keys[0].KeyId: required"},
            {
                "{'keys':[{'KeyId':'nope'}]}",
                "keys[0].KeyId: 'nope' is neither a UUID nor mrk- and 32 lower-case hex digits"
            },
            {"{'keys':[" + symmetric(",'KeySpec':'AES_512'") + "]}", "keys[0].KeySpec: 'AES_512' is not a valid KeySpec"
            },
            {"{'keys':[" + symmetric(",'Colour':'red'") + "]}", "keys[0]: unknown member 'Colour'"},
            {
                "{'keys':[" + symmetric(",'RotationPeriodInDays':30") + "]}",
                "keys[0].RotationPeriodInDays: must be a whole number from 90 to 2560"
            },
            {
                "{'keys':[" + symmetric("") + "," + symmetric("") + "]}",
                "keys[1].KeyId: " + SYMMETRIC_ID + " is seeded twice"
            },
            {"{'keys':[{'KeyId':'" + SYMMETRIC_ID + "','KeyMaterial':'%%%'}]}", "keys[0].KeyMaterial: not base64"},
            {"{'keys':[" + symmetric(",'Policy':'{}'") + "]}", "keys[0].Policy: "},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> Seeds.parse(doc(c[0]), "000000000000"))
                    .as(c[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(c[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> Seeds.parse(
                        doc("{'keys':[{'KeyId':'" + SYMMETRIC_ID + "','KeyMaterial':'AAAA'}]}"), "000000000000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keys[0].KeyMaterial: Symmetric key material must be 256 bits (32 bytes), not 3 bytes.");
    }
}
