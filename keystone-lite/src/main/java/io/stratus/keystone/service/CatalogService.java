package io.stratus.keystone.service;

import io.stratus.keystone.repo.CatalogRepo;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.Records.Endpoint;
import io.stratus.keystone.repo.Records.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service catalog as tokens carry it: enabled services with their enabled endpoints. */
public final class CatalogService {

    private final CatalogRepo catalog;

    public CatalogService(CatalogRepo catalog) {
        this.catalog = catalog;
    }

    /**
     * The catalog of a token; endpoint URLs may carry Keystone's templates `$(project_id)s` and
     * `%(tenant_id)s`, filled with the token's project (endpoints needing one are left out without it).
     */
    public List<Map<String, Object>> tokenCatalog(String projectId) {
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Endpoint> endpoints = catalog.endpoints(new Filter().eq("enabled", true));
        for (Service service : catalog.services(new Filter().eq("enabled", true))) {
            List<Map<String, Object>> serviceEndpoints = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                if (endpoint.serviceId().equals(service.id())) {
                    String url = fill(endpoint.url(), projectId);
                    if (url == null) {
                        continue;
                    }
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", endpoint.id());
                    view.put("interface", endpoint.iface());
                    view.put("region", endpoint.regionId());
                    view.put("region_id", endpoint.regionId());
                    view.put("url", url);
                    serviceEndpoints.add(view);
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("endpoints", serviceEndpoints);
            entry.put("id", service.id());
            entry.put("type", service.type());
            entry.put("name", service.name() == null ? "" : service.name());
            entries.add(entry);
        }
        return entries;
    }

    private static String fill(String template, String projectId) {
        boolean needsProject = template.contains("$(project_id)s") || template.contains("%(project_id)s")
                || template.contains("$(tenant_id)s") || template.contains("%(tenant_id)s");
        if (!needsProject) {
            return template;
        }
        if (projectId == null) {
            return null;
        }
        return template.replace("$(project_id)s", projectId).replace("%(project_id)s", projectId)
                .replace("$(tenant_id)s", projectId).replace("%(tenant_id)s", projectId);
    }
}
