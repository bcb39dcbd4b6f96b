package io.stratus.cli;

import io.stratus.keystone.repo.CatalogRepo;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.BootstrapService;
import io.stratus.keystone.service.PasswordHasher;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mariadb.jdbc.MariaDbDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `stratus bootstrap`: as `keystone-manage bootstrap`, creates (or repairs) the admin user, project,
 * standard roles, region and catalog entries directly in keystone-lite's database.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Create the admin user, project, roles, region and catalog in keystone-lite's database.")
public class BootstrapCommand implements Callable<Integer> {

    @Option(names = "--db-url", defaultValue = "${env:KEYSTONE_DB_URL:-jdbc:mariadb://127.0.0.1:3306/keystone}",
            description = "JDBC URL of keystone-lite's database (default: ${DEFAULT-VALUE}).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:STRATUS_DB_USER:-stratus}")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:STRATUS_DB_PASSWORD:-stratus}")
    String dbPassword;

    @Option(names = "--bootstrap-username", defaultValue = "admin")
    String adminUser;

    @Option(names = "--bootstrap-password", defaultValue = "${env:STRATUS_ADMIN_PASSWORD}",
            description = "The admin password (or STRATUS_ADMIN_PASSWORD).")
    String adminPassword;

    @Option(names = "--bootstrap-project-name", defaultValue = "admin")
    String adminProject;

    @Option(names = "--bootstrap-region-id", defaultValue = "RegionOne")
    String region;

    @Option(names = "--bootstrap-public-url", description = "identity's public URL, e.g. http://127.0.0.1:5000/v3/")
    String identityUrl;

    @Option(names = "--endpoint", description = "Another service's catalog entry as TYPE=URL (repeatable), "
            + "e.g. compute=http://127.0.0.1:8774/v2.1")
    Map<String, String> endpoints = new LinkedHashMap<>();

    @Option(names = "--service-user", description = "A service's own user as NAME=PASSWORD (repeatable), e.g. "
            + "glance=secret: member and service roles on the `service` project.")
    Map<String, String> serviceUsers = new LinkedHashMap<>();

    @Option(names = "--hash-rounds", defaultValue = "12", description = "bcrypt cost of the admin password.")
    int hashRounds;

    @Override
    public Integer call() throws SQLException {
        if (adminPassword == null || adminPassword.isEmpty()) {
            System.err.println("stratus bootstrap: give --bootstrap-password or set STRATUS_ADMIN_PASSWORD");
            return 2;
        }
        MariaDbDataSource dataSource = new MariaDbDataSource(dbUrl);
        dataSource.setUser(dbUser);
        dataSource.setPassword(dbPassword);
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getTables(connection.getCatalog(), null, "identity_user", null).next()) {
                System.err.println("stratus bootstrap: keystone-lite's tables are missing in " + dbUrl
                        + "; start keystone-lite once (it migrates its schema at start), then bootstrap");
                return 3;
            }
        }
        Map<String, String> catalog = new LinkedHashMap<>();
        if (identityUrl != null) {
            catalog.put("identity", identityUrl);
        }
        catalog.putAll(endpoints);
        Db db = new Db(dataSource);
        BootstrapService bootstrap = new BootstrapService(db, new IdentityRepo(db), new RoleRepo(db), new CatalogRepo(db),
                new PasswordHasher(hashRounds), Clock.systemUTC());
        BootstrapService.Result result = bootstrap.bootstrap(
                new BootstrapService.Request(adminUser, adminPassword, adminProject, region, catalog, serviceUsers));
        System.out.println("bootstrapped: user " + adminUser + " (" + result.userId() + ") is admin on project " + adminProject
                + " (" + result.projectId() + ") and on the system; catalog: " + catalog.keySet());
        return 0;
    }
}
