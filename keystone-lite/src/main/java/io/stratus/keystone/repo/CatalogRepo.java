package io.stratus.keystone.repo;

import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Records.Endpoint;
import io.stratus.keystone.repo.Records.Region;
import io.stratus.keystone.repo.Records.Service;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Regions, services and endpoints: the service catalog. */
public final class CatalogRepo {

    private final Db db;

    public CatalogRepo(Db db) {
        this.db = db;
    }

    public void insertRegion(Region r) {
        db.update("INSERT INTO region (id, description, parent_region_id) VALUES (?, ?, ?)", r.id(), r.description(), r.parentRegionId());
    }

    public void updateRegion(Region r) {
        db.update("UPDATE region SET description = ?, parent_region_id = ? WHERE id = ?", r.description(), r.parentRegionId(), r.id());
    }

    public void deleteRegion(String id) {
        db.update("DELETE FROM region WHERE id = ?", id);
    }

    public Optional<Region> region(String id) {
        return db.one("SELECT * FROM region WHERE id = ?", CatalogRepo::regionRow, id);
    }

    public List<Region> regions(Filter filter) {
        return db.list("SELECT * FROM region" + filter.sql() + " ORDER BY id", CatalogRepo::regionRow, filter.args());
    }

    public boolean regionInUse(String id) {
        return db.one("SELECT 1 FROM endpoint WHERE region_id = ? UNION SELECT 1 FROM region WHERE parent_region_id = ? LIMIT 1",
                r -> 1, id, id).isPresent();
    }

    public void insertService(Service s) {
        db.update("INSERT INTO service (id, type, name, description, enabled) VALUES (?, ?, ?, ?, ?)",
                s.id(), s.type(), s.name(), s.description(), s.enabled());
    }

    public void updateService(Service s) {
        db.update("UPDATE service SET type = ?, name = ?, description = ?, enabled = ? WHERE id = ?",
                s.type(), s.name(), s.description(), s.enabled(), s.id());
    }

    public void deleteService(String id) {
        db.update("DELETE FROM service WHERE id = ?", id);
    }

    public Optional<Service> service(String id) {
        return db.one("SELECT * FROM service WHERE id = ?", CatalogRepo::serviceRow, id);
    }

    public List<Service> services(Filter filter) {
        return db.list("SELECT * FROM service" + filter.sql() + " ORDER BY type, name", CatalogRepo::serviceRow, filter.args());
    }

    public void insertEndpoint(Endpoint e) {
        db.update("INSERT INTO endpoint (id, service_id, interface, url, region_id, enabled) VALUES (?, ?, ?, ?, ?, ?)",
                e.id(), e.serviceId(), e.iface(), e.url(), e.regionId(), e.enabled());
    }

    public void updateEndpoint(Endpoint e) {
        db.update("UPDATE endpoint SET service_id = ?, interface = ?, url = ?, region_id = ?, enabled = ? WHERE id = ?",
                e.serviceId(), e.iface(), e.url(), e.regionId(), e.enabled(), e.id());
    }

    public void deleteEndpoint(String id) {
        db.update("DELETE FROM endpoint WHERE id = ?", id);
    }

    public Optional<Endpoint> endpoint(String id) {
        return db.one("SELECT * FROM endpoint WHERE id = ?", CatalogRepo::endpointRow, id);
    }

    public List<Endpoint> endpoints(Filter filter) {
        return db.list("SELECT * FROM endpoint" + filter.sql() + " ORDER BY service_id, interface", CatalogRepo::endpointRow,
                filter.args());
    }

    static Region regionRow(ResultSet r) throws SQLException {
        return new Region(r.getString("id"), r.getString("description"), r.getString("parent_region_id"));
    }

    static Service serviceRow(ResultSet r) throws SQLException {
        return new Service(r.getString("id"), r.getString("type"), r.getString("name"), r.getString("description"),
                r.getBoolean("enabled"));
    }

    static Endpoint endpointRow(ResultSet r) throws SQLException {
        return new Endpoint(r.getString("id"), r.getString("service_id"), r.getString("interface"), r.getString("url"),
                r.getString("region_id"), r.getBoolean("enabled"));
    }
}
