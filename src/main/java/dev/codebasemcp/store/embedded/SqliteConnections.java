package dev.codebasemcp.store.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connections to one SQLite file: a single writer connection guarded by a lock, plus a small pool of reader
 * connections.
 *
 * <p>Why this shape: SQLite admits one writer per file at a time anyway, so serialising this process's writes on
 * one connection costs nothing and avoids in-process lock contention; cross-process contention is absorbed by
 * {@code busy_timeout} and by taking the write lock up front ({@code BEGIN IMMEDIATE}) for read-modify-write.
 * Reads use separate connections because in WAL mode they never block on a writer: a status poll stays well under
 * a millisecond even while this process's writer waits up to {@link #BUSY_TIMEOUT_MS} for another process.
 * Connections are pooled rather than per thread because callers are (mostly virtual) threads that come and go.
 */
final class SqliteConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteConnections.class);
    static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int MAX_READERS = 4;

    /** Work done with a session; may throw SQLException, which is wrapped once, here. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(SqliteSession session) throws SQLException;
    }

    private final Path file;
    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SqliteSession writer;
    private final BlockingQueue<SqliteSession> idleReaders = new ArrayBlockingQueue<>(MAX_READERS);
    private final ReentrantLock readersLock = new ReentrantLock();
    private int readerCount;
    private volatile boolean closed;

    SqliteConnections(Path file) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.writer = open(false);
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // NORMAL is safe in WAL mode (no corruption); a power loss may drop the last commits, never tear them.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        return config;
    }

    /** A data source with this store's settings, for Flyway. */
    DataSource dataSource() {
        SQLiteDataSource ds = new SQLiteDataSource(config());
        ds.setUrl(url);
        return ds;
    }

    /** The writer connection, for one-off setup before any other work runs (journal mode). */
    Connection writerForSetup() {
        return writer.connection();
    }

    private SqliteSession open(boolean queryOnly) {
        try {
            SqliteSession session = new SqliteSession(config().createConnection(url));
            if (queryOnly) {
                session.execute("PRAGMA query_only = true");
            }
            return session;
        } catch (SQLException e) {
            throw failure("open", e);
        }
    }

    /** Runs read-only work on a pooled reader connection (autocommit: each statement sees the latest commit). */
    <T> T read(SqlWork<T> work) {
        SqliteSession session = borrowReader();
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw failure("read", e);
        } finally {
            returnReader(session);
        }
    }

    /** Runs several reads on one consistent snapshot. */
    <T> T readSnapshot(SqlWork<T> work) {
        return read(s -> {
            s.execute("BEGIN DEFERRED");
            try {
                return work.run(s);
            } finally {
                s.execute("COMMIT");
            }
        });
    }

    /** Runs a single self-contained write statement (autocommit) on the writer connection. */
    <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return work.run(writer);
        } catch (SQLException e) {
            throw failure("write", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs read-modify-write work in a {@code BEGIN IMMEDIATE} transaction: the file's write lock is taken first
     * (waiting up to busy_timeout for other processes), so what the work reads cannot change before it writes.
     * Commits when the work returns, rolls back when it throws.
     */
    <T> T transaction(SqlWork<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            writer.execute("BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run(writer);
            } catch (SQLException | RuntimeException | Error e) {
                rollback(e);
                throw e;
            }
            writer.execute("COMMIT");
            return result;
        } catch (SQLException e) {
            throw failure("transaction", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback(Throwable cause) {
        try {
            writer.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private SqliteSession borrowReader() {
        ensureOpen();
        SqliteSession idle = idleReaders.poll();
        if (idle != null) {
            return idle;
        }
        readersLock.lock();
        try {
            if (readerCount < MAX_READERS) {
                SqliteSession fresh = open(true);
                readerCount++;
                return fresh;
            }
        } finally {
            readersLock.unlock();
        }
        try {
            while (true) {
                idle = idleReaders.poll(100, TimeUnit.MILLISECONDS);
                if (idle != null) {
                    return idle;
                }
                ensureOpen();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a reader connection to " + file, e);
        }
    }

    private void returnReader(SqliteSession session) {
        if (closed || !idleReaders.offer(session)) {
            closeQuietly(session);
        } else if (closed) {
            closeIdleReaders(); // close() ran between the check and the offer
        }
    }

    private void closeIdleReaders() {
        for (SqliteSession s = idleReaders.poll(); s != null; s = idleReaders.poll()) {
            closeQuietly(s);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("control plane " + file + " is closed");
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("SQLite " + what + " on " + file + " failed: " + e.getMessage(), e);
    }

    private static void closeQuietly(SqliteSession session) {
        try {
            session.close();
        } catch (SQLException e) {
            // Closing a connection we are discarding: nothing was lost, so log and carry on.
            LOG.warn("closing a SQLite connection failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        writeLock.lock();
        try {
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        // Readers in use are closed when they are returned.
        closeIdleReaders();
    }
}
