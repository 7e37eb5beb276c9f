package dev.trent.server.ssm;

import static dev.trent.server.iam.IamJson.isTrue;
import static dev.trent.server.iam.IamJson.maxResults;
import static dev.trent.server.iam.IamJson.obj;
import static dev.trent.server.iam.IamJson.str;
import static dev.trent.server.iam.IamJson.strings;
import static dev.trent.server.iam.IamJson.tagList;
import static dev.trent.server.iam.IamJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.kms.Tag;
import dev.trent.core.ssm.Parameter;
import dev.trent.core.ssm.ParameterNames;
import dev.trent.core.ssm.ParameterStore;
import dev.trent.core.ssm.ParameterType;
import dev.trent.core.ssm.ParameterVersion;
import dev.trent.core.ssm.SsmErrors;
import dev.trent.server.iam.OperationTable;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * AWS Systems Manager Parameter Store as a service of the registry: AWS JSON 1.1, target prefix {@code AmazonSSM},
 * SigV4 signing name {@code ssm}, internal failures as {@code InternalServerError}, actions {@code ssm:<Operation>}.
 * The parameter operations are {@link ParameterStore}'s; the other operations of the SSM model are answered as not
 * implemented.
 */
public final class SsmService {
    public static final String SIGNING_NAME = "ssm";
    public static final String TARGET_PREFIX = "AmazonSSM";
    public static final String INTERNAL_ERROR = "InternalServerError";
    static final List<String> RESOURCE_MEMBERS = List.of("Name", "Names", "Path", "ResourceId");

    private SsmService() {}

    /** SSM as a registry entry, over the botocore model {@code ssm-model.json}. */
    public static ServiceDefinition definition(ParameterStore parameters, Authorizer authorizer) {
        ServiceModel model = ServiceModel.fromResource("ssm-model.json");
        return new ServiceDefinition(
                SIGNING_NAME,
                TARGET_PREFIX,
                INTERNAL_ERROR,
                model,
                new RequestValidator(model),
                handlers(parameters, authorizer).specs(model, RESOURCE_MEMBERS));
    }

    /** The handlers, by operation name (every one reads or writes the store: workers). */
    public static OperationTable handlers(ParameterStore ps, Authorizer authorizer) {
        OperationTable t = new OperationTable("ssm");
        t.write("PutParameter", (c, in) -> {
            if (in.has("Policies")) {
                throw ServiceException.validation("Parameter policies are not supported by this Trent server.");
            }
            String typeName = str(in, "Type");
            ParameterType type = typeName == null ? null : ParameterType.fromWire(typeName);
            ParameterStore.PutResult r = ps.put(
                    c,
                    new ParameterStore.Put(
                            str(in, "Name"),
                            str(in, "Value"),
                            type,
                            str(in, "Description"),
                            str(in, "KeyId"),
                            isTrue(in, "Overwrite"),
                            str(in, "AllowedPattern"),
                            in.has("Tags") ? tagList(in.get("Tags")) : null,
                            str(in, "Tier"),
                            str(in, "DataType")));
            return obj().put("Version", r.version()).put("Tier", r.tier());
        });
        t.write("GetParameter", (c, in) -> {
            String name = name(c, str(in, "Name"));
            ParameterStore.Read r = ps.get(c, name, isTrue(in, "WithDecryption"));
            ObjectNode out = obj();
            out.set("Parameter", parameter(c, r));
            return out;
        });
        t.write("GetParameters", (c, in) -> {
            boolean decrypt = isTrue(in, "WithDecryption");
            Set<String> names = new LinkedHashSet<>(strings(in, "Names"));
            for (String n : names) {
                authorizer.authorizeAccount(
                        c, "ssm:GetParameters", SsmAccessRules.arn(c, SsmAccessRules.withoutSelector(n)));
            }
            ObjectNode out = obj();
            ArrayNode found = out.putArray("Parameters");
            ArrayNode invalid = out.putArray("InvalidParameters");
            for (String n : names) {
                String name = ParameterNames.nameOf(n, c.partition(), c.region(), c.accountId());
                try {
                    if (name == null) throw SsmErrors.notFound();
                    found.add(parameter(c, ps.get(c, name, decrypt)));
                } catch (ServiceException e) {
                    String code = e.errorCode();
                    if (!code.equals("ParameterNotFound")
                            && !code.equals("ParameterVersionNotFound")
                            && !code.equals("ValidationException")) {
                        throw e;
                    }
                    invalid.add(n);
                }
            }
            return out;
        });
        t.write("GetParametersByPath", (c, in) -> {
            String path = str(in, "Path");
            ParameterNames.checkPath(path);
            boolean recursive = isTrue(in, "Recursive");
            Predicate<Parameter> filter = ParameterFilters.byPath(in);
            List<Parameter> matching = new ArrayList<>();
            for (Parameter p : ps.all(c)) {
                if (ParameterFilters.under(p.name(), path, recursive) && filter.test(p)) matching.add(p);
            }
            NameTokens.Page<Parameter> page = NameTokens.page(
                    matching, Parameter::name, str(in, "NextToken"), maxResults(in, 10), "InvalidNextToken");
            boolean decrypt = isTrue(in, "WithDecryption");
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Parameters");
            for (Parameter p : page.items()) arr.add(parameter(c, ps.read(c, p, p.current(), decrypt, null)));
            if (page.nextToken() != null) out.put("NextToken", page.nextToken());
            return out;
        });
        t.write("DeleteParameter", (c, in) -> {
            String name = name(c, str(in, "Name"));
            if (!ps.delete(c, name)) throw SsmErrors.notFound();
            return obj();
        });
        t.write("DeleteParameters", (c, in) -> {
            Set<String> names = new LinkedHashSet<>(strings(in, "Names"));
            for (String n : names) authorizer.authorizeAccount(c, "ssm:DeleteParameters", SsmAccessRules.arn(c, n));
            ObjectNode out = obj();
            ArrayNode deleted = out.putArray("DeletedParameters");
            ArrayNode invalid = out.putArray("InvalidParameters");
            for (String n : names) {
                String name = ParameterNames.nameOf(n, c.partition(), c.region(), c.accountId());
                if (name != null && ps.delete(c, name)) deleted.add(n);
                else invalid.add(n);
            }
            return out;
        });
        t.write("DescribeParameters", (c, in) -> {
            Predicate<Parameter> filter = ParameterFilters.describe(in);
            List<Parameter> matching = ps.all(c).stream().filter(filter).toList();
            NameTokens.Page<Parameter> page = NameTokens.page(
                    matching, Parameter::name, str(in, "NextToken"), maxResults(in, 10), "InvalidNextToken");
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Parameters");
            for (Parameter p : page.items()) arr.add(metadata(c, p));
            if (page.nextToken() != null) out.put("NextToken", page.nextToken());
            return out;
        });
        t.write("GetParameterHistory", (c, in) -> {
            String name = name(c, str(in, "Name"));
            Parameter p = ps.find(c, name);
            if (p == null) throw SsmErrors.notFound(name);
            boolean decrypt = isTrue(in, "WithDecryption");
            List<ParameterVersion> versions = p.versions();
            NameTokens.Page<ParameterVersion> page = NameTokens.page(
                    versions,
                    v -> String.format("%020d", v.version()),
                    str(in, "NextToken"),
                    maxResults(in, 50),
                    "InvalidNextToken");
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Parameters");
            for (ParameterVersion v : page.items()) arr.add(history(c, ps.read(c, p, v, decrypt, null)));
            if (page.nextToken() != null) out.put("NextToken", page.nextToken());
            return out;
        });
        t.write("LabelParameterVersion", (c, in) -> {
            Long version = in.hasNonNull("ParameterVersion")
                    ? in.get("ParameterVersion").asLong()
                    : null;
            ParameterStore.Labelled r = ps.label(c, name(c, str(in, "Name")), version, strings(in, "Labels"));
            ObjectNode out = obj();
            ArrayNode invalid = out.putArray("InvalidLabels");
            r.invalidLabels().forEach(invalid::add);
            return out.put("ParameterVersion", r.version());
        });
        t.write("UnlabelParameterVersion", (c, in) -> {
            ParameterStore.Unlabelled r = ps.unlabel(
                    c, name(c, str(in, "Name")), in.get("ParameterVersion").asLong(), strings(in, "Labels"));
            ObjectNode out = obj();
            ArrayNode removed = out.putArray("RemovedLabels");
            r.removed().forEach(removed::add);
            ArrayNode invalid = out.putArray("InvalidLabels");
            r.invalid().forEach(invalid::add);
            return out;
        });
        t.write("AddTagsToResource", (c, in) -> {
            ps.addTags(c, taggedName(c, in), tagList(in.get("Tags")));
            return obj();
        });
        t.write("RemoveTagsFromResource", (c, in) -> {
            ps.removeTags(c, taggedName(c, in), strings(in, "TagKeys"));
            return obj();
        });
        t.write("ListTagsForResource", (c, in) -> {
            Parameter p = ps.find(c, taggedName(c, in));
            if (p == null) throw SsmErrors.invalidResourceId();
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("TagList");
            for (Tag tag : p.tags()) arr.addObject().put("Key", tag.key()).put("Value", tag.value());
            return out;
        });
        return t;
    }

    /** The parameter name a request names (an ARN of another account or Region names none here). */
    private static String name(RequestContext c, String ref) {
        String name = ParameterNames.nameOf(ref, c.partition(), c.region(), c.accountId());
        if (name == null) throw SsmErrors.notFound();
        return name;
    }

    private static String taggedName(RequestContext c, JsonNode in) {
        if (!"Parameter".equals(str(in, "ResourceType"))) {
            throw new ServiceException(
                    "InvalidResourceType",
                    400,
                    "The resource type is not valid. This Trent server tags resources of type Parameter only.");
        }
        String name = ParameterNames.nameOf(str(in, "ResourceId"), c.partition(), c.region(), c.accountId());
        if (name == null) throw SsmErrors.invalidResourceId();
        return name;
    }

    static ObjectNode parameter(RequestContext c, ParameterStore.Read r) {
        ParameterVersion v = r.version();
        ObjectNode o = obj().put("Name", r.parameter().name())
                .put("Type", v.type().wireName())
                .put("Value", r.value())
                .put("Version", v.version());
        if (r.selector() != null) o.put("Selector", r.selector());
        o.set("LastModifiedDate", time(v.lastModified()));
        o.put("ARN", r.parameter().arn(c.partition())).put("DataType", v.dataType());
        return o;
    }

    static ObjectNode metadata(RequestContext c, Parameter p) {
        ParameterVersion v = p.current();
        ObjectNode o = obj().put("Name", p.name())
                .put("ARN", p.arn(c.partition()))
                .put("Type", v.type().wireName());
        if (v.keyId() != null) o.put("KeyId", v.keyId());
        o.set("LastModifiedDate", time(v.lastModified()));
        o.put("LastModifiedUser", v.lastModifiedUser());
        if (v.description() != null) o.put("Description", v.description());
        if (v.allowedPattern() != null) o.put("AllowedPattern", v.allowedPattern());
        o.put("Version", v.version()).put("Tier", v.tier());
        o.putArray("Policies");
        o.put("DataType", v.dataType());
        return o;
    }

    static ObjectNode history(RequestContext c, ParameterStore.Read r) {
        ParameterVersion v = r.version();
        ObjectNode o =
                obj().put("Name", r.parameter().name()).put("Type", v.type().wireName());
        if (v.keyId() != null) o.put("KeyId", v.keyId());
        o.set("LastModifiedDate", time(v.lastModified()));
        o.put("LastModifiedUser", v.lastModifiedUser());
        if (v.description() != null) o.put("Description", v.description());
        o.put("Value", r.value());
        if (v.allowedPattern() != null) o.put("AllowedPattern", v.allowedPattern());
        o.put("Version", v.version());
        ArrayNode labels = o.putArray("Labels");
        v.labels().forEach(labels::add);
        o.put("Tier", v.tier());
        o.putArray("Policies");
        o.put("DataType", v.dataType());
        return o;
    }
}
