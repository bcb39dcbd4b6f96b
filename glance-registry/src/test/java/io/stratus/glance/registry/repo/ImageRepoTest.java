package io.stratus.glance.registry.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.db.Db;
import io.stratus.common.error.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/** The registry's records, visibility rules, filters and keyset paging against the real MariaDB (schema glance_test). */
class ImageRepoTest {

    private static ImageRepo repo;
    private static Db db;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String OWNER = "owner-" + RUN;
    private static final String OTHER = "other-" + RUN;

    @BeforeAll
    static void migrate() throws Exception {
        MariaDbDataSource dataSource = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/glance_test");
        dataSource.setUser(System.getenv().getOrDefault("STRATUS_DB_USER", "stratus"));
        dataSource.setPassword(System.getenv().getOrDefault("STRATUS_DB_PASSWORD", "stratus"));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        db = new Db(dataSource);
        // a clock that moves one second per image, so created_at orders them
        repo = new ImageRepo(db, new Clock() {
            private long second = 1_700_000_000L;

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                return Instant.ofEpochSecond(second++);
            }
        });
    }

    private static String image(String name, String owner, String visibility, long size, Map<String, String> properties, List<String> tags) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("owner", owner);
        values.put("visibility", visibility);
        values.put("status", "active");
        values.put("size", size);
        values.put("disk_format", "raw");
        values.put("container_format", "bare");
        repo.create(id, values, properties, tags);
        return id;
    }

    private static ImageQuery query(String project, boolean admin, String visibility, String memberStatus, Map<String, String> equal,
                                    List<ImageQuery.Sort> sort, int limit, String marker) {
        return new ImageQuery(project, admin, visibility, memberStatus, equal, List.of(), null, null, List.of(), Map.of(), false, sort,
                limit, marker);
    }

    private static List<String> names(List<Map<String, Object>> images) {
        return images.stream().map(i -> (String) i.get("name")).filter(n -> n.endsWith(RUN)).toList();
    }

    @Test
    void visibilityFollowsGlanceRules() {
        String priv = image("private-" + RUN, OWNER, "private", 1, Map.of(), List.of());
        String shared = image("shared-" + RUN, OWNER, "shared", 1, Map.of(), List.of());
        image("public-" + RUN, OWNER, "public", 1, Map.of(), List.of());
        image("community-" + RUN, OWNER, "community", 1, Map.of(), List.of());
        Map<String, String> mine = Map.of("owner", OWNER);

        assertEquals(Set.of("private-" + RUN, "shared-" + RUN, "public-" + RUN, "community-" + RUN),
                Set.copyOf(names(repo.list(query(OWNER, false, null, "accepted", mine, List.of(), 100, null)))),
                "the owner sees all of its own");
        assertEquals(List.of("public-" + RUN), names(repo.list(query(OTHER, false, null, "accepted", mine, List.of(), 100, null))),
                "another project sees only the public one by default");
        assertEquals(List.of("community-" + RUN), names(repo.list(query(OTHER, false, "community", "accepted", mine, List.of(), 100, null))));

        repo.addMember(shared, OTHER);
        assertEquals(List.of("public-" + RUN), names(repo.list(query(OTHER, false, null, "accepted", mine, List.of(), 100, null))),
                "a pending member does not list the shared image");
        assertEquals(List.of("shared-" + RUN), names(repo.list(query(OTHER, false, "shared", "pending", mine, List.of(), 100, null))));
        repo.setMemberStatus(shared, OTHER, "accepted");
        assertEquals(Set.of("public-" + RUN, "shared-" + RUN),
                Set.copyOf(names(repo.list(query(OTHER, false, null, "accepted", mine, List.of(), 100, null)))));
        assertFalse(names(repo.list(query(OTHER, false, "all", "all", mine, List.of(), 100, null))).contains("private-" + RUN),
                "a private image never shows to another project");
        assertTrue(names(repo.list(query(OTHER, true, null, "accepted", mine, List.of(), 100, null))).contains("private-" + RUN),
                "an admin sees everything");
        assertEquals("accepted", repo.member(shared, OTHER).orElseThrow().get("status"));
        assertThrows(ApiException.class, () -> repo.addMember(shared, OTHER), "a member is added once");
        assertTrue(repo.find(priv).isPresent());
    }

    @Test
    void filtersSortAndKeysetPaging() {
        String owner = "pager-" + RUN;
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(image("img" + (i % 3) + "-" + RUN, owner, "private", 100L * i, i % 2 == 0 ? Map.of("os_distro", "cirros") : Map.of(),
                    i == 3 ? List.of("golden") : List.of()));
        }
        Map<String, String> mine = Map.of("owner", owner);
        // default order: newest first
        List<Map<String, Object>> all = repo.list(query(owner, false, null, "accepted", mine, List.of(), 100, null));
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, all.stream().map(i -> i.get("id")).toList());

        // pages of 3 by name ascending, then size descending, follow each other without gaps or repeats
        List<ImageQuery.Sort> sort = List.of(new ImageQuery.Sort("name", true), new ImageQuery.Sort("size", false));
        List<Object> paged = new ArrayList<>();
        String marker = null;
        do {
            List<Map<String, Object>> page = repo.list(query(owner, false, null, "accepted", mine, sort, 3, marker));
            page.forEach(i -> paged.add(i.get("id")));
            marker = page.size() < 3 ? null : (String) page.get(page.size() - 1).get("id");
        } while (marker != null);
        List<Object> whole = repo.list(query(owner, false, null, "accepted", mine, sort, 100, null)).stream().map(i -> i.get("id")).toList();
        assertEquals(whole, paged);
        assertEquals(7, paged.size());
        List<Map<String, Object>> byName = repo.list(query(owner, false, null, "accepted", mine, sort, 100, null));
        assertEquals("img0-" + RUN, byName.get(0).get("name"));
        assertEquals(600L, byName.get(0).get("size"), "within one name, larger first");

        ImageQuery filtered = new ImageQuery(owner, false, null, "accepted", mine, List.of("golden"), null, null, List.of(), Map.of(),
                false, List.of(), 100, null);
        assertEquals(List.of(created.get(3)), repo.list(filtered).stream().map(i -> i.get("id")).toList(), "tag filter");
        ImageQuery bySize = new ImageQuery(owner, false, null, "accepted", mine, List.of(), 200L, 400L, List.of(),
                Map.of("os_distro", "cirros"), false, List.of(), 100, null);
        assertEquals(List.of(created.get(4), created.get(2)), repo.list(bySize).stream().map(i -> i.get("id")).toList(),
                "size range and custom property");
        assertThrows(ApiException.class, () -> repo.list(query(owner, false, null, "accepted", mine, List.of(), 3, UUID.randomUUID().toString())),
                "an unknown marker is a 400");
        assertThrows(ApiException.class, () -> query(owner, false, null, "accepted", mine, List.of(new ImageQuery.Sort("drop table", true)), 3, null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void updatesChangeOnlyFromTheExpectedStatusAndDeletesHide() {
        String id = image("cas-" + RUN, OWNER, "private", 0, Map.of("a", "1", "b", "2"), List.of("x"));
        repo.update(id, Set.of("active"), Map.of("status", "deactivated"), Map.of(), null, null);
        ApiException conflict = assertThrows(ApiException.class,
                () -> repo.update(id, Set.of("active"), Map.of("status", "deactivated"), Map.of(), null, null));
        assertEquals(409, conflict.status());
        Map<String, String> change = new LinkedHashMap<>();
        change.put("a", null);
        change.put("c", "3");
        Map<String, Object> updated = repo.update(id, null, Map.of("name", "renamed-" + RUN), change,
                List.of(Map.of("url", "file:///x/" + id, "metadata", Map.of("store", "file"))), List.of("y", "z"));
        assertEquals("renamed-" + RUN, updated.get("name"));
        assertEquals(Map.of("b", "2", "c", "3"), updated.get("properties"));
        assertEquals(List.of("y", "z"), updated.get("tags"));
        assertEquals("file:///x/" + id, ((List<Map<String, Object>>) updated.get("locations")).get(0).get("url"));
        assertTrue(repo.delete(id));
        assertTrue(repo.find(id).isEmpty());
        assertFalse(repo.delete(id), "deleted once");
        assertEquals(404, assertThrows(ApiException.class, () -> repo.update(id, null, Map.of("name", "x"), Map.of(), null, null)).status());
    }

    @Test
    void usageCountsLiveImagesOnly() {
        String owner = "usage-" + RUN;
        image("u1-" + RUN, owner, "private", 1000, Map.of(), List.of());
        String gone = image("u2-" + RUN, owner, "private", 500, Map.of(), List.of());
        repo.delete(gone);
        assertEquals(Map.of("images", 1L, "bytes", 1000L), repo.usage(owner));
    }
}
