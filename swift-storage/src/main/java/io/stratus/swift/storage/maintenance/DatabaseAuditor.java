package io.stratus.swift.storage.maintenance;

import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.db.DatabaseReplication;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The account and container auditors: each database on this node gets SQLite's quick_check; one that
 * fails it (or is no database at all) is quarantined, and the database replicator then brings a whole
 * copy from a peer.
 */
@ApplicationScoped
public class DatabaseAuditor {

    private static final Logger LOG = Logger.getLogger(DatabaseAuditor.class);

    @Inject
    DiskFileManager devices;

    public record Pass(long databases, long quarantined, double seconds, long finishedAt) {
    }

    private volatile Pass last;

    public Pass last() {
        return last;
    }

    public synchronized Pass runOnce() {
        long started = System.nanoTime();
        long checked = 0;
        long quarantined = 0;
        for (String device : Folders.names(devices.devicesRoot())) {
            Path root = devices.devicesRoot().resolve(device);
            for (String kind : List.of("accounts", "containers")) {
                for (String partition : Folders.names(root.resolve(kind))) {
                    for (String suffix : Folders.names(root.resolve(kind).resolve(partition))) {
                        for (String hash : Folders.names(root.resolve(kind).resolve(partition).resolve(suffix))) {
                            Path file = root.resolve(kind).resolve(partition).resolve(suffix).resolve(hash).resolve(hash + ".db");
                            if (!Files.isRegularFile(file)) {
                                continue;
                            }
                            checked++;
                            String problem = problem(file);
                            if (problem != null && quarantine(root, kind, file, problem)) {
                                quarantined++;
                            }
                        }
                    }
                }
            }
        }
        Pass pass = new Pass(checked, quarantined, (System.nanoTime() - started) / 1e9, System.currentTimeMillis() / 1000);
        last = pass;
        return pass;
    }

    /** @return what is wrong with the database, or null when it passes (or is only busy now) */
    private static String problem(Path file) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("busy_timeout", "10000");
        properties.setProperty("open_mode", "2"); // read-write, never create
        try (Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, properties);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            String first = r.next() ? r.getString(1) : "no answer";
            return "ok".equals(first) ? null : first;
        } catch (SQLiteException e) {
            SQLiteErrorCode code = e.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED || code == SQLiteErrorCode.SQLITE_CANTOPEN) {
                return null; // in use or gone meanwhile: the next pass looks again
            }
            return e.getMessage();
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private boolean quarantine(Path root, String kind, Path file, String problem) {
        LOG.warnf("quarantining %s: %s", file, problem);
        try {
            DatabaseReplication.broker(kind, file).closeConnection();
            Path target = root.resolve("quarantined").resolve(kind).resolve(file.getParent().getFileName() + "-" + UUID.randomUUID());
            DurableFiles.ensureDirectory(target.getParent());
            Files.move(file.getParent(), target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | SQLException e) {
            LOG.errorf("could not quarantine %s: %s", file, e.getMessage());
            return false;
        }
    }
}
