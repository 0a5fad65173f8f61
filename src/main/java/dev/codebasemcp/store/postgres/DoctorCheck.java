package dev.codebasemcp.store.postgres;

import java.util.Objects;

/**
 * One result of {@link PostgresStore#doctor}: what was checked, whether it is fine, what was found, and (when not
 * fine) what to do. No field ever contains a password.
 *
 * @param name   short name, e.g. {@code connection}, {@code pgvector}
 * @param ok     whether the check passed
 * @param detail what was found, e.g. {@code PostgreSQL 15.4}
 * @param fix    what to do when it failed; empty when ok
 */
public record DoctorCheck(String name, boolean ok, String detail, String fix) {
    public DoctorCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        fix = fix == null ? "" : fix;
    }

    static DoctorCheck pass(String name, String detail) {
        return new DoctorCheck(name, true, detail, "");
    }

    static DoctorCheck fail(String name, String detail, String fix) {
        return new DoctorCheck(name, false, detail, fix);
    }

    @Override
    public String toString() {
        return (ok ? "ok   " : "FAIL ") + name + ": " + detail + (ok ? "" : "; " + fix);
    }
}
