package io.stratus.keystone.repo;

import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.repo.Records.Group;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Domains, projects, users, groups and group membership. */
public final class IdentityRepo {

    private static final String USER_COLUMNS = "id, name, domain_id, default_project_id, description, email, enabled, "
            + "password_hash, password_created_at, password_expires_at, failed_auth_count, failed_auth_at, options";

    private final Db db;

    public IdentityRepo(Db db) {
        this.db = db;
    }

    // ---- domains

    public void insertDomain(Domain d) {
        db.update("INSERT INTO domain (id, name, description, enabled) VALUES (?, ?, ?, ?)",
                d.id(), d.name(), d.description(), d.enabled());
    }

    public void updateDomain(Domain d) {
        db.update("UPDATE domain SET name = ?, description = ?, enabled = ? WHERE id = ?",
                d.name(), d.description(), d.enabled(), d.id());
    }

    public void deleteDomain(String id) {
        db.update("DELETE FROM domain WHERE id = ?", id);
    }

    public Optional<Domain> domain(String id) {
        return db.one("SELECT * FROM domain WHERE id = ?", IdentityRepo::domainRow, id);
    }

    public Optional<Domain> domainByName(String name) {
        return db.one("SELECT * FROM domain WHERE name = ?", IdentityRepo::domainRow, name);
    }

    public List<Domain> domains(Filter filter) {
        return db.list("SELECT * FROM domain" + filter.sql() + " ORDER BY name", IdentityRepo::domainRow, filter.args());
    }

    public boolean domainHasContent(String id) {
        return db.one("SELECT 1 FROM project WHERE domain_id = ? UNION SELECT 1 FROM identity_user WHERE domain_id = ? "
                + "UNION SELECT 1 FROM identity_group WHERE domain_id = ? LIMIT 1", r -> 1, id, id, id).isPresent();
    }

    // ---- projects

    public void insertProject(Project p) {
        db.update("INSERT INTO project (id, name, domain_id, parent_id, description, enabled) VALUES (?, ?, ?, ?, ?, ?)",
                p.id(), p.name(), p.domainId(), p.parentId(), p.description(), p.enabled());
    }

    public void updateProject(Project p) {
        db.update("UPDATE project SET name = ?, description = ?, enabled = ? WHERE id = ?",
                p.name(), p.description(), p.enabled(), p.id());
    }

    public void deleteProject(String id) {
        db.update("DELETE FROM project WHERE id = ?", id);
    }

    public Optional<Project> project(String id) {
        return db.one("SELECT * FROM project WHERE id = ?", IdentityRepo::projectRow, id);
    }

    public Optional<Project> projectByName(String domainId, String name) {
        return db.one("SELECT * FROM project WHERE domain_id = ? AND name = ?", IdentityRepo::projectRow, domainId, name);
    }

    public List<Project> projects(Filter filter) {
        return db.list("SELECT * FROM project" + filter.sql() + " ORDER BY name", IdentityRepo::projectRow, filter.args());
    }

    public boolean projectHasChildren(String id) {
        return db.one("SELECT 1 FROM project WHERE parent_id = ? LIMIT 1", r -> 1, id).isPresent();
    }

    // ---- users

    public void insertUser(User u) {
        db.update("INSERT INTO identity_user (id, name, domain_id, default_project_id, description, email, enabled, "
                        + "password_hash, password_created_at, password_expires_at, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                u.id(), u.name(), u.domainId(), u.defaultProjectId(), u.description(), u.email(), u.enabled(),
                u.passwordHash(), u.passwordCreatedAt(), u.passwordExpiresAt(), u.options());
    }

    public void updateUser(User u) {
        db.update("UPDATE identity_user SET name = ?, default_project_id = ?, description = ?, email = ?, enabled = ?, "
                        + "options = ? WHERE id = ?",
                u.name(), u.defaultProjectId(), u.description(), u.email(), u.enabled(), u.options(), u.id());
    }

    public void setPassword(String userId, String hash, Instant createdAt, Instant expiresAt) {
        db.update("UPDATE identity_user SET password_hash = ?, password_created_at = ?, password_expires_at = ?, "
                + "failed_auth_count = 0, failed_auth_at = NULL WHERE id = ?", hash, createdAt, expiresAt, userId);
        if (hash != null) {
            db.update("INSERT INTO password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)", userId, hash, createdAt);
        }
    }

    /** The user's last {@code count} password hashes, newest first. */
    public List<String> passwordHistory(String userId, int count) {
        return db.list("SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                r -> r.getString(1), userId, count);
    }

    public void recordFailedLogin(String userId, Instant at) {
        db.update("UPDATE identity_user SET failed_auth_count = failed_auth_count + 1, failed_auth_at = ? WHERE id = ?", at, userId);
    }

    public void recordSuccessfulLogin(String userId, Instant at) {
        db.update("UPDATE identity_user SET failed_auth_count = 0, failed_auth_at = NULL, last_active_at = ? WHERE id = ?", at, userId);
    }

    public void deleteUser(String id) {
        db.update("DELETE FROM assignment WHERE actor_type = 'user' AND actor_id = ?", id);
        db.update("DELETE FROM identity_user WHERE id = ?", id);
    }

    public Optional<User> user(String id) {
        return db.one("SELECT " + USER_COLUMNS + " FROM identity_user WHERE id = ?", IdentityRepo::userRow, id);
    }

    public Optional<User> userByName(String domainId, String name) {
        return db.one("SELECT " + USER_COLUMNS + " FROM identity_user WHERE domain_id = ? AND name = ?",
                IdentityRepo::userRow, domainId, name);
    }

    public List<User> users(Filter filter) {
        return db.list("SELECT " + USER_COLUMNS + " FROM identity_user" + filter.sql() + " ORDER BY name",
                IdentityRepo::userRow, filter.args());
    }

    // ---- groups

    public void insertGroup(Group g) {
        db.update("INSERT INTO identity_group (id, name, domain_id, description) VALUES (?, ?, ?, ?)",
                g.id(), g.name(), g.domainId(), g.description());
    }

    public void updateGroup(Group g) {
        db.update("UPDATE identity_group SET name = ?, description = ? WHERE id = ?", g.name(), g.description(), g.id());
    }

    public void deleteGroup(String id) {
        db.update("DELETE FROM assignment WHERE actor_type = 'group' AND actor_id = ?", id);
        db.update("DELETE FROM identity_group WHERE id = ?", id);
    }

    public Optional<Group> group(String id) {
        return db.one("SELECT * FROM identity_group WHERE id = ?", IdentityRepo::groupRow, id);
    }

    public List<Group> groups(Filter filter) {
        return db.list("SELECT * FROM identity_group" + filter.sql() + " ORDER BY name", IdentityRepo::groupRow, filter.args());
    }

    public List<Group> groupsOfUser(String userId) {
        return db.list("SELECT g.* FROM identity_group g JOIN group_membership m ON m.group_id = g.id WHERE m.user_id = ? "
                + "ORDER BY g.name", IdentityRepo::groupRow, userId);
    }

    public List<User> usersInGroup(String groupId) {
        return db.list("SELECT u." + USER_COLUMNS.replace(", ", ", u.") + " FROM identity_user u "
                + "JOIN group_membership m ON m.user_id = u.id WHERE m.group_id = ? ORDER BY u.name", IdentityRepo::userRow, groupId);
    }

    public void addToGroup(String groupId, String userId) {
        db.update("INSERT IGNORE INTO group_membership (group_id, user_id) VALUES (?, ?)", groupId, userId);
    }

    public boolean removeFromGroup(String groupId, String userId) {
        return db.update("DELETE FROM group_membership WHERE group_id = ? AND user_id = ?", groupId, userId) > 0;
    }

    public boolean isInGroup(String groupId, String userId) {
        return db.one("SELECT 1 FROM group_membership WHERE group_id = ? AND user_id = ?", r -> 1, groupId, userId).isPresent();
    }

    // ---- rows

    static Domain domainRow(ResultSet r) throws SQLException {
        return new Domain(r.getString("id"), r.getString("name"), r.getString("description"), r.getBoolean("enabled"));
    }

    static Project projectRow(ResultSet r) throws SQLException {
        return new Project(r.getString("id"), r.getString("name"), r.getString("domain_id"), r.getString("parent_id"),
                r.getString("description"), r.getBoolean("enabled"));
    }

    static User userRow(ResultSet r) throws SQLException {
        return new User(r.getString("id"), r.getString("name"), r.getString("domain_id"), r.getString("default_project_id"),
                r.getString("description"), r.getString("email"), r.getBoolean("enabled"), r.getString("password_hash"),
                Db.instant(r, "password_created_at"), Db.instant(r, "password_expires_at"), r.getInt("failed_auth_count"),
                Db.instant(r, "failed_auth_at"), r.getString("options"));
    }

    static Group groupRow(ResultSet r) throws SQLException {
        return new Group(r.getString("id"), r.getString("name"), r.getString("domain_id"), r.getString("description"));
    }
}
