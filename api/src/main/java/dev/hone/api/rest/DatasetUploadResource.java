package dev.hone.api.rest;

import dev.hone.api.datasets.DatasetIngest;
import dev.hone.api.error.InvalidInputError;
import dev.hone.api.runtime.DataTriggers;
import dev.hone.ml.data.DataProfile;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Data set upload. Metadata is read over GraphQL; the file itself comes in here. */
@Path("/api/datasets")
public class DatasetUploadResource {

    private final DatasetIngest ingest;
    private final SecurityIdentity identity;
    private final DataTriggers triggers;

    public DatasetUploadResource(DatasetIngest ingest, SecurityIdentity identity, DataTriggers triggers) {
        this.ingest = ingest;
        this.identity = identity;
        this.triggers = triggers;
    }

    /**
     * What an upload returns; {@code schedulesFired} names the schedules a new version fires (those whose run trains
     * on the data set's latest version and that new versions fire).
     */
    public record UploadResponse(long id, String name, int version, String sha256, long sizeBytes, boolean created,
            Instant createdAt, DataProfile profile, List<String> schedulesFired) {
    }

    @POST
    @Path("/{name}")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, "application/gzip",
            "application/x-gzip", "application/vnd.apache.parquet", "application/x-parquet"})
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.UPLOAD_DATA)
    public Response uploadCsv(@PathParam("name") String name, InputStream body) {
        return respond(ingest.ingest(name, body, user()));
    }

    @POST
    @Path("/{name}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.UPLOAD_DATA)
    public Response uploadMultipart(@PathParam("name") String name, @RestForm("file") FileUpload file) {
        if (file == null) {
            throw new InvalidInputError("The multipart upload needs a part named 'file' holding the data file (CSV, gzip-compressed CSV or Parquet)");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return respond(ingest.ingest(name, in, user()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response respond(DatasetIngest.Ingested r) {
        var v = r.version();
        List<String> fired = r.created() && v.version > 1 ? triggers.newVersion(v.dataset.name, v.version, user())
                : List.of();
        return Response.status(r.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(new UploadResponse(v.id, v.dataset.name, v.version, v.artifactSha, v.sizeBytes, r.created(),
                        v.createdAt, r.profile(), fired))
                .build();
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
