package io.stratus.keystone.repo;

import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Records.Assignment;
import io.stratus.keystone.repo.Records.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Roles, implied roles and role assignments. */
public final class RoleRepo {

    private final Db db;

    public RoleRepo(Db db) {
        this.db = db;
    }

    public void insertRole(Role role) {
        db.update("INSERT INTO role (id, name, description) VALUES (?, ?, ?)", role.id(), role.name(), role.description());
    }

    public void updateRole(Role role) {
        db.update("UPDATE role SET name = ?, description = ? WHERE id = ?", role.name(), role.description(), role.id());
    }

    public void deleteRole(String id) {
        db.update("DELETE FROM role WHERE id = ?", id);
    }

    public Optional<Role> role(String id) {
        return db.one("SELECT * FROM role WHERE id = ?", RoleRepo::roleRow, id);
    }

    public Optional<Role> roleByName(String name) {
        return db.one("SELECT * FROM role WHERE name = ?", RoleRepo::roleRow, name);
    }

    public List<Role> roles(Filter filter) {
        return db.list("SELECT * FROM role" + filter.sql() + " ORDER BY name", RoleRepo::roleRow, filter.args());
    }

    public void addImpliedRole(String priorId, String impliedId) {
        db.update("INSERT IGNORE INTO implied_role (prior_role_id, implied_role_id) VALUES (?, ?)", priorId, impliedId);
    }

    public boolean removeImpliedRole(String priorId, String impliedId) {
        return db.update("DELETE FROM implied_role WHERE prior_role_id = ? AND implied_role_id = ?", priorId, impliedId) > 0;
    }

    /** Every (prior, implied) pair. */
    public List<String[]> impliedRoles() {
        return db.list("SELECT prior_role_id, implied_role_id FROM implied_role", r -> new String[] {r.getString(1), r.getString(2)});
    }

    public void grant(Assignment a) {
        db.update("INSERT IGNORE INTO assignment (actor_type, actor_id, target_type, target_id, role_id, inherited) "
                + "VALUES (?, ?, ?, ?, ?, ?)", a.actorType(), a.actorId(), a.targetType(), a.targetId(), a.roleId(), a.inherited());
    }

    public boolean revoke(Assignment a) {
        return db.update("DELETE FROM assignment WHERE actor_type = ? AND actor_id = ? AND target_type = ? AND target_id = ? "
                + "AND role_id = ? AND inherited = ?", a.actorType(), a.actorId(), a.targetType(), a.targetId(), a.roleId(),
                a.inherited()) > 0;
    }

    public boolean exists(Assignment a) {
        return db.one("SELECT 1 FROM assignment WHERE actor_type = ? AND actor_id = ? AND target_type = ? AND target_id = ? "
                + "AND role_id = ? AND inherited = ?", r -> 1, a.actorType(), a.actorId(), a.targetType(), a.targetId(),
                a.roleId(), a.inherited()).isPresent();
    }

    public List<Assignment> assignments(Filter filter) {
        return db.list("SELECT * FROM assignment" + filter.sql() + " ORDER BY actor_type, actor_id, target_type, target_id, role_id",
                RoleRepo::assignmentRow, filter.args());
    }

    public void deleteAssignmentsOnTarget(String targetType, String targetId) {
        db.update("DELETE FROM assignment WHERE target_type = ? AND target_id = ?", targetType, targetId);
    }

    static Role roleRow(ResultSet r) throws SQLException {
        return new Role(r.getString("id"), r.getString("name"), r.getString("description"));
    }

    static Assignment assignmentRow(ResultSet r) throws SQLException {
        return new Assignment(r.getString("actor_type"), r.getString("actor_id"), r.getString("target_type"),
                r.getString("target_id"), r.getString("role_id"), r.getBoolean("inherited"));
    }
}
