package dev.trent.cli.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Picocli parameter consumer for options like {@code --wrapping-keys key=A key=B region=R}: every occurrence of the
 * option consumes the following {@code name=value} tokens as one group, so groups stay separate.
 */
public final class KeyValueGroups implements CommandLine.IParameterConsumer {
    /** One option occurrence: the name=value pairs in order (names may repeat). */
    public record Group(List<Map.Entry<String, String>> pairs) {
        public List<String> all(String name) {
            return pairs.stream()
                    .filter(e -> e.getKey().equals(name))
                    .map(Map.Entry::getValue)
                    .toList();
        }

        public String first(String name) {
            List<String> v = all(name);
            return v.isEmpty() ? null : v.get(0);
        }

        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            pairs.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        }
    }

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        while (!args.isEmpty() && !args.peek().startsWith("-") && args.peek().contains("=")) {
            String tok = args.pop();
            int eq = tok.indexOf('=');
            String name = tok.substring(0, eq).trim();
            if (name.isEmpty()) {
                throw new CommandLine.ParameterException(
                        commandSpec.commandLine(),
                        "Invalid value '" + tok + "' for " + argSpec + ": expected name=value");
            }
            pairs.add(Map.entry(name, tok.substring(eq + 1)));
        }
        if (pairs.isEmpty()) {
            throw new CommandLine.ParameterException(
                    commandSpec.commandLine(), "Option " + argSpec + " needs one or more name=value arguments");
        }
        List<Group> groups = argSpec.getValue();
        if (groups == null) {
            groups = new ArrayList<>();
        }
        groups.add(new Group(List.copyOf(pairs)));
        argSpec.setValue(groups);
    }
}
