package dev.codebasemcp.store.postgres;

import dev.codebasemcp.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A parsed registry URL: {@code jdbc:postgresql://host[:port][,host2...]/db?params} or the libpq form
 * {@code postgresql://[user[:password]@]host[:port]/db?params} (also {@code postgres://}). Project databases live on
 * the same server with the same credentials and parameters; {@link #forDatabase} builds their URLs.
 *
 * <p>The password never appears in {@link #toString()} or in any message built from this object.
 */
final class PostgresUrl {

    static final String DEFAULT_DATABASE = "codebase_mcp_registry";
    /** Database names we create ourselves; PostgreSQL truncates identifiers longer than 63 bytes, so they are refused. */
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private final String hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> params;

    private PostgresUrl(String hosts, String database, String user, String password, Map<String, String> params) {
        this.hosts = hosts;
        this.database = database;
        this.user = user;
        this.password = password;
        this.params = params;
    }

    /**
     * Parses a registry URL.
     *
     * @throws InvalidInputException when it is neither form, or names a database we cannot create safely
     */
    static PostgresUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String u = url.trim();
        boolean jdbc;
        String rest;
        if (u.startsWith("jdbc:postgresql://")) {
            jdbc = true;
            rest = u.substring("jdbc:postgresql://".length());
        } else if (u.startsWith("postgresql://") || u.startsWith("postgres://")) {
            jdbc = false;
            rest = u.substring(u.indexOf("://") + 3);
        } else {
            throw new InvalidInputException("REGISTRY_DATABASE_URL '" + mask(u) + "' is not a PostgreSQL URL; use "
                    + "postgresql://user:password@host:5432/codebase_mcp_registry or jdbc:postgresql://host:5432/codebase_mcp_registry");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String db = slash >= 0 ? decode(rest.substring(slash + 1), u) : "";
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (jdbc) {
                throw new InvalidInputException("REGISTRY_DATABASE_URL '" + mask(u) + "': a jdbc:postgresql URL takes the "
                        + "user and password as ?user=...&password=..., not before the host");
            }
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, u);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), u) : null;
        }
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, u);
            String value = eq >= 0 ? decode(pair.substring(eq + 1), u) : "";
            key = jdbc ? key : libpqToJdbc(key);
            switch (key) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "host" -> throw new InvalidInputException("REGISTRY_DATABASE_URL '" + mask(u) + "': host=... "
                        + "parameters (e.g. Unix sockets) are not supported; put a TCP host:port after //");
                default -> params.put(key, value);
            }
        }
        if (db.isEmpty()) {
            db = DEFAULT_DATABASE;
        }
        PostgresUrl parsed = new PostgresUrl(authority, db, blankToNull(user), password, params);
        if (!DATABASE.matcher(db).matches()) {
            throw new InvalidInputException("REGISTRY_DATABASE_URL " + parsed + " names database '" + db + "'; use a name "
                    + "of letters, digits and '_' (at most 63 characters), e.g. " + DEFAULT_DATABASE);
        }
        return parsed;
    }

    /** The same server, credentials and parameters, another database (validated by the caller). */
    PostgresUrl forDatabase(String name) {
        return new PostgresUrl(hosts, name, user, password, params);
    }

    String database() {
        return database;
    }

    /** The JDBC URL without credentials (those go in {@link #properties()}). */
    String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(hosts).append('/').append(database);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** Connection properties: user and password when given (otherwise the driver's defaults, e.g. ~/.pgpass). */
    Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** Server and database as a user may print it: {@code postgresql://user:****@host:5432/db}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("postgresql://");
        if (user != null) {
            sb.append(user).append(password != null ? ":****" : "").append('@');
        }
        sb.append(hosts).append('/').append(database);
        return sb.toString();
    }

    /** Masks a password in a raw URL that could not be parsed. */
    static String mask(String url) {
        // password= first: the user-info pattern must not see a '@' inside a query parameter. Then everything from
        // "//user:" to the last '@' (a password may hold raw '@', ':' or '/'); over-masking beats leaking.
        return url.replaceAll("(?i)(password=)[^&]*", "$1****").replaceAll("(//[^:/@?#]+:).*@", "$1****@");
    }

    private static String libpqToJdbc(String key) {
        return switch (key) {
            case "connect_timeout" -> "connectTimeout";
            case "application_name" -> "ApplicationName";
            case "dbname" -> throw new InvalidInputException("REGISTRY_DATABASE_URL: put the database name in the path "
                    + "(postgresql://host:5432/codebase_mcp_registry), not in dbname=");
            default -> key;
        };
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("REGISTRY_DATABASE_URL '" + mask(url) + "' has a bad %-escape; encode special "
                    + "characters of the user or password as %XX", e);
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
