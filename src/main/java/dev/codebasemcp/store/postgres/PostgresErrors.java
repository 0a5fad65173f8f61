package dev.codebasemcp.store.postgres;

import java.sql.SQLException;

/** SQLSTATE codes and lock keys the adapter acts on, and message hygiene for driver errors. */
final class PostgresErrors {

    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";
    static final String CHECK_VIOLATION = "23514";
    static final String DUPLICATE_DATABASE = "42P04";
    static final String DUPLICATE_OBJECT = "42710";
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String INVALID_CATALOG = "3D000";
    static final String INVALID_REGEX = "2201B";
    static final String DEADLOCK = "40P01";
    static final String SERIALIZATION_FAILURE = "40001";

    /** Advisory lock keys (first int of the two-int form: the "class" of lock). */
    static final int EXTENSION_LOCK = 0x63626d01;
    static final int WRITER_LOCK_CLASS = 0x63626d02;

    private PostgresErrors() {
    }

    static boolean isAuthFailure(String state) {
        return "28P01".equals(state) || "28000".equals(state);
    }

    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    /** The message with any occurrence of the URL's password replaced. */
    static String masked(String message, PostgresUrl url) {
        if (message == null) {
            return "";
        }
        String password = url.password();
        return password == null || password.isEmpty() ? message : message.replace(password, "****");
    }
}
