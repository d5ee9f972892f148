package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.errors.ErrorCode;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.Role;
import dev.hone.security.roles.RoleMatrix;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository's documents link only files inside the repository (a reader of a clone or an
 * archive can follow every link), the role matrix they show is the one the code enforces, and the
 * error table of docs/api.md holds every error code a client can meet, with its status.
 */
class DocsTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#+\\s+(.*)$");
    /** Build output and installed packages; {@code ./data} is what a local Hone stores. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules");

    @Test
    void everyLinkOfEveryDocumentPointsAtAFileOrHeadingInsideTheRepository() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).extracting(d -> REPOSITORY.relativize(d).toString())
                .contains("README.md", "docs/architecture.md", "docs/security.md", "docs/api.md", "deploy/README.md");
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path document : documents) {
            Matcher m = LINK.matcher(Files.readString(document));
            while (m.find()) {
                links++;
                String problem = problem(document, m.group(1));
                if (problem != null) {
                    broken.add(REPOSITORY.relativize(document) + ": " + m.group(1) + " " + problem);
                }
            }
        }
        assertThat(links).as("links checked").isGreaterThan(10);
        assertThat(broken).isEmpty();
    }

    @Test
    void theRoleMatrixInTheDocumentsIsTheOneTheCodeEnforces() throws IOException {
        for (String document : List.of("docs/security.md", "docs/api.md")) {
            List<String> lines = Files.readAllLines(REPOSITORY.resolve(document));
            int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| permission | viewer")).findFirst()
                    .orElseThrow(() -> new AssertionError(document + " has no role matrix")));
            List<String> roles = cells(lines.get(header)).subList(1, cells(lines.get(header)).size());
            assertThat(roles).as("%s: the matrix's roles", document)
                    .containsExactlyElementsOf(Arrays.stream(Role.values()).map(Role::roleName).toList());
            Set<Permission> shown = EnumSet.noneOf(Permission.class);
            for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                List<String> row = cells(lines.get(i));
                Permission permission = Permission.valueOf(row.get(0).replaceAll("^`([A-Z_]+)`.*$", "$1"));
                shown.add(permission);
                for (int r = 0; r < roles.size(); r++) {
                    Role role = Role.byName(roles.get(r)).orElseThrow();
                    assertThat(row.get(r + 1).equals("yes")).as("%s: %s for %s", document, permission, role.roleName())
                            .isEqualTo(RoleMatrix.grants(role).contains(permission));
                }
            }
            assertThat(shown).as("%s shows every permission", document).containsExactlyInAnyOrder(Permission.values());
        }
    }

    @Test
    void everyErrorCodeAClientCanMeetIsInTheApiDocumentsErrorTableWithItsStatus() throws IOException {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("docs/api.md"));
        int header = lines.indexOf("| code | REST status | when |");
        assertThat(header).as("docs/api.md has the error table").isNotNegative();
        Map<String, Integer> documented = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> row = cells(lines.get(i));
            documented.put(row.get(0).replaceAll("^`([A-Z_]+)`$", "$1"), Integer.parseInt(row.get(1)));
        }
        Map<String, Integer> seenByClients = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            ErrorCode answered = code.answeredAs();
            seenByClients.put(answered.name(), answered.httpStatus());
        }
        assertThat(documented).as("the error table of docs/api.md against ErrorCode")
                .containsExactlyInAnyOrderEntriesOf(seenByClients);
    }

    /** Why a link does not lead inside the repository, or null when it does. */
    private static String problem(Path document, String link) throws IOException {
        if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "leaves the repository (only files inside it may be linked)";
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!target.startsWith(REPOSITORY)) {
            return "points outside the repository";
        }
        if (!Files.exists(target)) {
            return "names no file";
        }
        if (hash >= 0 && !headings(target).contains(link.substring(hash + 1))) {
            return "names no heading of " + REPOSITORY.relativize(target);
        }
        return null;
    }

    /** Every Markdown file of the repository, leaving out build output, data and hidden folders. */
    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        Files.walkFileTree(REPOSITORY, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName().toString();
                boolean skipped = name.startsWith(".") || SKIPPED.contains(name) || dir.equals(REPOSITORY.resolve("data"));
                return !dir.equals(REPOSITORY) && skipped
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().endsWith(".md")) {
                    documents.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        documents.sort(null);
        return documents;
    }

    /** GitHub's anchors of a Markdown file's headings. */
    private static Set<String> headings(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!file.toString().endsWith(".md")) {
            return anchors;
        }
        for (String line : Files.readAllLines(file)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                anchors.add(m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** The console's explorer offers the README's GraphQL examples, every one of them, as written there. */
    @Test
    void theExplorersExamplesAreTheReadmesQueries() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Set<String> readme = new HashSet<>();
        Matcher curl = Pattern.compile("-d '(\\{\"query\":.*?\\})'").matcher(Files.readString(REPOSITORY.resolve("README.md")));
        while (curl.find()) {
            readme.add(json.readTree(curl.group(1).replace("'\"$RUN\"'", "1")).path("query").asText());
        }
        Set<String> explorer = new HashSet<>();
        Matcher example = Pattern.compile("query: `([^`]*)`").matcher(Files.readString(
                REPOSITORY.resolve("web/src/main/web/app/explorer.js")));
        while (example.find()) {
            explorer.add(example.group(1));
        }

        assertThat(readme).as("the README's queries").hasSizeGreaterThanOrEqualTo(8);
        assertThat(explorer).as("the explorer's examples").containsExactlyInAnyOrderElementsOf(readme);
    }

    private static List<String> cells(String row) {
        String inner = row.trim().substring(1, row.trim().length() - 1);
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }
}
