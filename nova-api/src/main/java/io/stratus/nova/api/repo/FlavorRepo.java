package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Flavors and their extra specs (schema nova). */
public final class FlavorRepo {

    /** What a flavor list may be narrowed to; null fields do not narrow (isPublic: true = public or shared with the viewer). */
    public record Query(Integer minRam, Integer minDisk, Boolean isPublic, String marker, int limit) {
    }

    /** Which flavors a caller may see: all (admins), or the public ones plus the private ones shared with a project. */
    public record Viewer(boolean admin, String projectId) {
    }

    private static final String COLUMNS = "flavorid, name, memory_mb, vcpus, root_gb, ephemeral_gb, swap, rxtx_factor, is_public, disabled, created_at";

    private final Db db;

    public FlavorRepo(Db db) {
        this.db = db;
    }

    public Optional<Flavor> find(String flavorId) {
        return db.one("SELECT " + COLUMNS + " FROM flavors WHERE flavorid = ?", FlavorRepo::map, flavorId);
    }

    /** The flavor if the viewer may see it. */
    public Optional<Flavor> find(String flavorId, Viewer viewer) {
        return find(flavorId).filter(flavor -> viewer.admin() || flavor.isPublic() || projects(flavorId).contains(viewer.projectId()));
    }

    /** Ordered by flavorid, as Nova's default sort; the marker must name an existing flavor (checked by the caller). */
    public List<Flavor> list(Query query, Viewer viewer) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM flavors WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!viewer.admin()) {
            sql.append(" AND disabled = FALSE");
        }
        if (query.minRam() != null) {
            sql.append(" AND memory_mb >= ?");
            args.add(query.minRam());
        }
        if (query.minDisk() != null) {
            sql.append(" AND root_gb >= ?");
            args.add(query.minDisk());
        }
        if (Boolean.TRUE.equals(query.isPublic())) { // as Nova: the public ones and those shared with the caller's project
            sql.append(" AND (is_public = TRUE OR flavorid IN (SELECT flavorid FROM flavor_projects WHERE project_id = ?))");
            args.add(viewer.projectId());
        } else if (Boolean.FALSE.equals(query.isPublic())) {
            sql.append(" AND is_public = FALSE");
        }
        if (query.marker() != null) {
            sql.append(" AND flavorid > ?");
            args.add(query.marker());
        }
        sql.append(" ORDER BY flavorid LIMIT ?");
        args.add(query.limit());
        return db.list(sql.toString(), FlavorRepo::map, args.toArray());
    }

    /** @throws Db.DuplicateException when the id or the name is taken */
    public void create(Flavor flavor) {
        db.update("INSERT INTO flavors (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", flavor.flavorId(), flavor.name(),
                flavor.memoryMb(), flavor.vcpus(), flavor.rootGb(), flavor.ephemeralGb(), flavor.swapMb(), flavor.rxtxFactor(),
                flavor.isPublic(), flavor.disabled(), flavor.createdAt());
    }

    public boolean nameTaken(String name) {
        return db.one("SELECT 1 FROM flavors WHERE name = ?", row -> true, name).isPresent();
    }

    public boolean delete(String flavorId) {
        return db.update("DELETE FROM flavors WHERE flavorid = ?", flavorId) == 1;
    }

    public Map<String, String> extraSpecs(String flavorId) {
        Map<String, String> specs = new LinkedHashMap<>();
        db.list("SELECT spec_key, spec_value FROM flavor_extra_specs WHERE flavorid = ? ORDER BY spec_key",
                row -> specs.put(row.getString(1), row.getString(2)), flavorId);
        return specs;
    }

    /** Sets (adds or replaces) each spec, all or none. */
    public void putExtraSpecs(String flavorId, Map<String, String> specs) {
        db.inTransaction(() -> specs.forEach((key, value) -> db.update(
                "INSERT INTO flavor_extra_specs (flavorid, spec_key, spec_value) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE spec_value = VALUES(spec_value)", flavorId, key, value)));
    }

    public List<String> projects(String flavorId) {
        return db.list("SELECT project_id FROM flavor_projects WHERE flavorid = ? ORDER BY project_id", row -> row.getString(1), flavorId);
    }

    /** @throws Db.DuplicateException when the project has access already */
    public void addProject(String flavorId, String projectId) {
        db.update("INSERT INTO flavor_projects (flavorid, project_id) VALUES (?, ?)", flavorId, projectId);
    }

    public boolean removeProject(String flavorId, String projectId) {
        return db.update("DELETE FROM flavor_projects WHERE flavorid = ? AND project_id = ?", flavorId, projectId) == 1;
    }

    public boolean deleteExtraSpec(String flavorId, String key) {
        return db.update("DELETE FROM flavor_extra_specs WHERE flavorid = ? AND spec_key = ?", flavorId, key) == 1;
    }

    private static Flavor map(ResultSet row) throws SQLException {
        return new Flavor(row.getString("flavorid"), row.getString("name"), row.getInt("memory_mb"), row.getInt("vcpus"),
                row.getInt("root_gb"), row.getInt("ephemeral_gb"), row.getInt("swap"), row.getDouble("rxtx_factor"),
                row.getBoolean("is_public"), row.getBoolean("disabled"), Db.instant(row, "created_at"));
    }
}
