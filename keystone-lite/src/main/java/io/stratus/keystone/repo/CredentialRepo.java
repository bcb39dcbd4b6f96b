package io.stratus.keystone.repo;

import io.stratus.common.db.Db;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.keystone.repo.Records.ApplicationCredential;
import io.stratus.keystone.repo.Records.Credential;
import io.stratus.keystone.repo.Records.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Application credentials and stored (EC2-style) credentials. */
public final class CredentialRepo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;

    public CredentialRepo(Db db) {
        this.db = db;
    }

    public void insertApplicationCredential(ApplicationCredential a) {
        db.update("INSERT INTO application_credential (id, name, user_id, project_id, secret_hash, description, expires_at, "
                        + "unrestricted, roles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.name(), a.userId(), a.projectId(), a.secretHash(), a.description(), a.expiresAt(), a.unrestricted(),
                writeRoles(a.roles()));
    }

    public Optional<ApplicationCredential> applicationCredential(String id) {
        return db.one("SELECT * FROM application_credential WHERE id = ?", CredentialRepo::appCredRow, id);
    }

    public Optional<ApplicationCredential> applicationCredentialByName(String userId, String name) {
        return db.one("SELECT * FROM application_credential WHERE user_id = ? AND name = ?", CredentialRepo::appCredRow, userId, name);
    }

    public List<ApplicationCredential> applicationCredentials(String userId, String name) {
        return db.list("SELECT * FROM application_credential" + new Filter().eq("user_id", userId).eq("name", name).sql()
                + " ORDER BY name", CredentialRepo::appCredRow, new Filter().eq("user_id", userId).eq("name", name).args());
    }

    public void deleteApplicationCredential(String id) {
        db.update("DELETE FROM application_credential WHERE id = ?", id);
    }

    public void insertCredential(Credential c) {
        db.update("INSERT INTO credential (id, user_id, project_id, type, access_key, blob_value) VALUES (?, ?, ?, ?, ?, ?)",
                c.id(), c.userId(), c.projectId(), c.type(), c.accessKey(), c.blob());
    }

    public void updateCredential(Credential c) {
        db.update("UPDATE credential SET project_id = ?, type = ?, access_key = ?, blob_value = ? WHERE id = ?",
                c.projectId(), c.type(), c.accessKey(), c.blob(), c.id());
    }

    public Optional<Credential> credential(String id) {
        return db.one("SELECT * FROM credential WHERE id = ?", CredentialRepo::credentialRow, id);
    }

    public Optional<Credential> credentialByAccessKey(String type, String accessKey) {
        return db.one("SELECT * FROM credential WHERE type = ? AND access_key = ?", CredentialRepo::credentialRow, type, accessKey);
    }

    public List<Credential> credentials(Filter filter) {
        return db.list("SELECT * FROM credential" + filter.sql() + " ORDER BY created_at", CredentialRepo::credentialRow, filter.args());
    }

    public void deleteCredential(String id) {
        db.update("DELETE FROM credential WHERE id = ?", id);
    }

    static ApplicationCredential appCredRow(ResultSet r) throws SQLException {
        return new ApplicationCredential(r.getString("id"), r.getString("name"), r.getString("user_id"), r.getString("project_id"),
                r.getString("secret_hash"), r.getString("description"), Db.instant(r, "expires_at"), r.getBoolean("unrestricted"),
                readRoles(r.getString("roles")));
    }

    static Credential credentialRow(ResultSet r) throws SQLException {
        return new Credential(r.getString("id"), r.getString("user_id"), r.getString("project_id"), r.getString("type"),
                r.getString("access_key"), r.getString("blob_value"));
    }

    private static String writeRoles(List<Role> roles) {
        try {
            return JSON.writeValueAsString(roles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Role> readRoles(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<Role>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt application credential roles", e);
        }
    }
}
