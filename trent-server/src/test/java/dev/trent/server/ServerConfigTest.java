package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file: every setting known and type-checked; the new settings' checks. */
class ServerConfigTest {
    @TempDir
    Path dir;

    ServerConfig read(String json) throws Exception {
        return ServerConfig.fromFile(Files.writeString(dir.resolve("trent.json"), json), ServerConfig.defaults());
    }

    @Test
    void everySettingIsKnownToTheConfigFileAndTypeChecked() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (RecordComponent c : ServerConfig.class.getRecordComponents()) {
            if (!c.getName().equals("audit")) names.add(c.getName());
        }
        // the audit settings are one record component, four settings
        names.addAll(List.of("auditSink", "auditDigestIntervalSeconds", "auditFsync", "auditSegmentMaxBytes"));
        for (String name : names) {
            // an object is a wrong type for every setting but requestQuotas, which a list is wrong for
            String wrong = name.equals("requestQuotas") ? "[]" : "{}";
            Path file = Files.writeString(dir.resolve("t.json"), "{\"" + name + "\": " + wrong + "}");
            assertThatThrownBy(() -> ServerConfig.fromFile(file, ServerConfig.defaults()))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("config file " + file + ": setting '" + name + "' must be ");
        }
    }

    @Test
    void theAuditSettings() throws Exception {
        ServerConfig d = ServerConfig.defaults();
        assertThat(d.audit()).isEqualTo(ServerConfig.Audit.DEFAULTS);
        assertThat(d.audit().enabled()).isTrue();
        assertThat(d.audit().digestIntervalSeconds()).isEqualTo(3600);
        ServerConfig c = read("{\"auditSink\": \"none\", \"auditDigestIntervalSeconds\": 60, \"auditFsync\": false,"
                + " \"auditSegmentMaxBytes\": 1048576}");
        c.validate();
        assertThat(c.audit()).isEqualTo(new ServerConfig.Audit("none", 60, false, 1 << 20));
        assertThatThrownBy(() -> read("{\"auditSink\": \"syslog\"}").validate())
                .hasMessage("auditSink must be journal or none, not 'syslog'");
        assertThatThrownBy(() -> read("{\"auditDigestIntervalSeconds\": 0}").validate())
                .hasMessage("auditDigestIntervalSeconds must be at least 1, not 0");
    }

    @Test
    void theStartUpSettings() throws Exception {
        ServerConfig c = read("{\"rootKeyPermissions\": \"REFUSE\", \"tlsSubjectAlternativeNames\": [\"kms.example\","
                + " \"10.0.0.5\", \"*.lab.example\", \"fd00::5\"], \"extraRegions\": [\"on-prem-1\"],"
                + " \"logLevel\": \"Debug\"}");
        c.validate();
        assertThat(c.rootKeyPermissions()).isEqualTo(ServerConfig.RootKeyPermissions.REFUSE);
        assertThat(c.tlsSubjectAlternativeNames())
                .containsExactly("kms.example", "10.0.0.5", "*.lab.example", "fd00::5");
        assertThat(c.extraRegions()).containsExactly("on-prem-1");
        assertThat(c.logLevel()).isEqualTo("debug");

        ServerConfig d = ServerConfig.defaults();
        assertThat(d.rootKeyPermissions()).isEqualTo(ServerConfig.RootKeyPermissions.WARN);
        assertThat(d.tlsSubjectAlternativeNames()).isEmpty();
        assertThat(d.extraRegions()).isEmpty();
        assertThat(d.logLevel()).isNull();
    }

    @Test
    void badValuesAreOneLineEach() throws Exception {
        Path file = dir.resolve("trent.json");
        assertThatThrownBy(() -> read("{\"rootKeyPermissions\": \"sometimes\"}"))
                .hasMessage("config file " + file + ": rootKeyPermissions must be warn or refuse, not 'sometimes'");
        assertThatThrownBy(() -> read("{\"logLevel\": \"loud\"}"))
                .hasMessage("config file " + file
                        + ": logLevel must be one of error, warn, info, debug, trace; not 'loud'");
        assertThatThrownBy(() -> read("{\"extraRegions\": [\"lab-1\", 7]}"))
                .hasMessage("config file " + file
                        + ": setting 'extraRegions' must be a list of strings, not [\"lab-1\",7]");
        assertThatThrownBy(() -> read("{\"extraRegions\": [\"Lab_1\"]}").validate())
                .hasMessageStartingWith("region 'Lab_1' is not a valid region name");
        assertThatThrownBy(() -> read("{\"tlsSubjectAlternativeNames\": [\"not a name\"]}")
                        .validate())
                .hasMessage("tlsSubjectAlternativeNames: 'not a name' is neither an IP address nor a DNS name"
                        + " (e.g. 10.0.0.5, kms.example.internal)");
        assertThatThrownBy(() -> ServerConfig.defaults().toBuilder()
                        .tlsSubjectAlternativeNames(List.of(""))
                        .build()
                        .validate())
                .hasMessage("tlsSubjectAlternativeNames: a name must not be empty");
    }

    @Test
    void aSeedFileIsTakenFromBesideTheConfigFile() throws Exception {
        assertThat(read("{\"seed\": \"seeds.yaml\"}").seed()).isEqualTo(dir.resolve("seeds.yaml"));
        assertThat(read("{\"seed\": \"/etc/trent/seeds.yaml\"}").seed()).isEqualTo(Path.of("/etc/trent/seeds.yaml"));
        assertThat(ServerConfig.defaults().seed()).isNull();
    }

    @Test
    void theInFlightBudgetHoldsAtLeastOneLargestBody() throws Exception {
        assertThat(ServerConfig.defaults().maxInFlightRequestBytes()).isEqualTo(64 << 20);
        assertThat(read("{\"maxInFlightRequestBytes\": 2097152}").maxInFlightRequestBytes())
                .isEqualTo(2 << 20);
        assertThatThrownBy(() -> read("{\"maxInFlightRequestBytes\": 65536}").validate())
                .hasMessage("maxInFlightRequestBytes must be at least maxRequestBytes (1048576), not 65536");
    }

    @Test
    void wildcardAddresses() {
        assertThat(ServerConfig.defaults().withHost("0.0.0.0").isWildcard()).isTrue();
        assertThat(ServerConfig.defaults().withHost("::").isWildcard()).isTrue();
        assertThat(ServerConfig.defaults().withHost("127.0.0.1").isWildcard()).isFalse();
    }

    @Test
    void requestQuotasAccessLogAndMetrics() throws Exception {
        ServerConfig d = ServerConfig.defaults();
        assertThat(d.requestQuotas().enabled()).isTrue();
        assertThat(d.requestQuotas().overrides()).isEmpty();
        assertThat(d.accessLog()).isEqualTo("off");
        assertThat(d.metrics()).isTrue();

        ServerConfig c =
                read("{\"requestQuotas\": {\"overrides\": [{\"quota\": \"CreateKey request rate\", \"value\": 50},"
                        + " {\"quota\": \"kms-cryptographic-symmetric\", \"account\": \"111122223333\", \"region\": \"eu-west-2\","
                        + " \"value\": 0.5}]}, \"accessLog\": \"logger\", \"metrics\": false}");
        assertThat(c.requestQuotas().enabled()).isTrue();
        assertThat(c.requestQuotas().overrides()).hasSize(2);
        assertThat(c.requestQuotas().overrides().get(0).quota().code()).isEqualTo("kms-create-key");
        assertThat(c.requestQuotas().overrides().get(0).account()).isNull();
        assertThat(c.requestQuotas().overrides().get(1).account()).isEqualTo("111122223333");
        assertThat(c.requestQuotas().overrides().get(1).value()).isEqualTo(0.5);
        assertThat(c.accessLog()).isEqualTo("logger");
        assertThat(c.metrics()).isFalse();
        assertThat(read("{\"requestQuotas\": {\"enabled\": false}}")
                        .requestQuotas()
                        .enabled())
                .isFalse();

        Path file = dir.resolve("trent.json");
        assertThatThrownBy(() -> read("{\"requestQuotas\": {\"overrides\": [{\"quota\": \"Fast\", \"value\": 1}]}}"))
                .hasMessageStartingWith("config file " + file + ": requestQuotas.overrides: unknown quota 'Fast'");
        assertThatThrownBy(() ->
                        read("{\"requestQuotas\": {\"overrides\": [{\"quota\": \"kms-create-key\", \"value\": 0}]}}"))
                .hasMessage("config file " + file
                        + ": the value of quota kms-create-key must be a positive number of requests per second");
        assertThatThrownBy(() -> read("{\"requestQuotas\": {\"limits\": []}}"))
                .hasMessageStartingWith("config file " + file + ": requestQuotas: unknown member 'limits'");
    }
}
