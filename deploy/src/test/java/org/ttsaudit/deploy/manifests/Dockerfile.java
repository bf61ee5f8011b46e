package org.ttsaudit.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code k8s/Dockerfile} read as Docker reads it: one instruction per line after joining lines
 * that end in a backslash, comments dropped, {@code ${ARG}} replaced by the ARG's default.
 */
record Dockerfile(List<String[]> instructions, Map<String, String> args) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    static Dockerfile read() {
        try {
            return parse(Files.readString(Manifests.k8s().resolve("Dockerfile"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        List<String[]> instructions = new ArrayList<>();
        Map<String, String> args = new LinkedHashMap<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continued = stripped.endsWith("\\");
            current.append(continued ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!continued) {
                String[] instruction = current.toString().strip().split("\\s+", 2);
                instruction[0] = instruction[0].toUpperCase();
                if (instruction[0].equals("ARG") && instruction[1].contains("=")) {
                    String[] kv = instruction[1].split("=", 2);
                    args.put(kv[0], kv[1]);
                }
                instructions.add(instruction);
                current.setLength(0);
            }
        }
        return new Dockerfile(instructions, args);
    }

    /** The operands of every instruction of this kind, ARGs substituted. */
    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i[0].equals(keyword) && i.length > 1).map(i -> substitute(i[1])).toList();
    }

    String from() {
        List<String> from = all("FROM");
        if (from.size() != 1) {
            throw new AssertionError("expected one FROM, found " + from);
        }
        return from.get(0);
    }

    /** COPY source to destination, for single-source COPYs from the build context. */
    Map<String, String> copies() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String copy : all("COPY")) {
            String[] parts = copy.split("\\s+");
            if (parts.length == 2 && !parts[0].startsWith("--")) {
                copies.put(parts[0], parts[1]);
            }
        }
        return copies;
    }

    String run() {
        return String.join("\n", all("RUN"));
    }

    private String substitute(String s) {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }
}
