package dev.codebasemcp.indexing.chunk;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Language ids by file name and extension. Unknown files are {@code text}. */
final class Languages {
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();
    private static final Map<String, String> BY_NAME = new HashMap<>();

    static {
        ext("java", "java");
        ext("python", "py", "pyi", "pyw");
        ext("javascript", "js", "mjs", "cjs", "jsx");
        ext("typescript", "ts", "mts", "cts");
        ext("tsx", "tsx");
        ext("go", "go");
        ext("rust", "rs");
        ext("c", "c", "h");
        ext("cpp", "cc", "cpp", "cxx", "c++", "hpp", "hh", "hxx", "h++", "ipp", "tpp", "inl");
        ext("csharp", "cs", "csx");
        ext("ruby", "rb", "rake", "gemspec", "ru");
        ext("php", "php", "phtml", "php4", "php5", "php7", "php8");
        ext("kotlin", "kt", "kts");
        ext("scala", "scala", "sc", "sbt");
        ext("bash", "sh", "bash", "zsh", "ksh");
        ext("markdown", "md", "markdown", "mdx", "mkd");
        ext("yaml", "yml", "yaml");
        ext("json", "json", "jsonc", "json5", "jsonl", "ndjson");
        ext("toml", "toml");
        ext("xml", "xml", "xsd", "xsl", "xslt", "pom", "plist", "csproj", "fsproj", "vbproj", "props", "targets",
                "wsdl", "fxml", "svg");
        ext("html", "html", "htm", "xhtml");
        ext("css", "css", "scss", "sass", "less");
        ext("sql", "sql");
        ext("properties", "properties");
        ext("ini", "ini", "cfg", "conf", "editorconfig");
        ext("dockerfile", "dockerfile");
        ext("makefile", "mk", "mak");
        ext("groovy", "groovy", "gradle");
        ext("swift", "swift");
        ext("objectivec", "m", "mm");
        ext("lua", "lua");
        ext("perl", "pl", "pm");
        ext("r", "r");
        ext("dart", "dart");
        ext("elixir", "ex", "exs");
        ext("erlang", "erl", "hrl");
        ext("haskell", "hs");
        ext("clojure", "clj", "cljs", "cljc", "edn");
        ext("fsharp", "fs", "fsi", "fsx");
        ext("vb", "vb");
        ext("powershell", "ps1", "psm1");
        ext("batch", "bat", "cmd");
        ext("protobuf", "proto");
        ext("graphql", "graphql", "gql");
        ext("terraform", "tf", "tfvars", "hcl");
        ext("vue", "vue");
        ext("svelte", "svelte");
        ext("zig", "zig");
        ext("julia", "jl");
        ext("restructuredtext", "rst");
        ext("asciidoc", "adoc", "asciidoc");
        ext("csv", "csv", "tsv");
        ext("text", "txt", "text", "log");
        name("dockerfile", "dockerfile", "containerfile");
        name("makefile", "makefile", "gnumakefile");
        name("ruby", "rakefile", "gemfile", "guardfile", "vagrantfile", "podfile", "brewfile");
        name("bash", ".bashrc", ".bash_profile", ".profile", ".zshrc", ".zprofile");
        name("groovy", "jenkinsfile");
        name("cmake", "cmakelists.txt");
    }

    private Languages() {
    }

    private static void ext(String language, String... extensions) {
        for (String e : extensions) {
            BY_EXTENSION.put(e, language);
        }
    }

    private static void name(String language, String... names) {
        for (String n : names) {
            BY_NAME.put(n, language);
        }
    }

    static String of(String path) {
        String file = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
                .toLowerCase(Locale.ROOT);
        String byName = BY_NAME.get(file);
        if (byName != null) {
            return byName;
        }
        if (file.startsWith("dockerfile.") || file.startsWith("containerfile.")) {
            return "dockerfile";
        }
        if (file.startsWith("makefile.")) {
            return "makefile";
        }
        int dot = file.lastIndexOf('.');
        if (dot < 0 || dot == file.length() - 1) {
            return "text";
        }
        return BY_EXTENSION.getOrDefault(file.substring(dot + 1), "text");
    }
}
