package dev.hone.ml.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading test data as the pipeline does: profile the file, then load it with those types. */
public final class TestTables {

    private TestTables() {}

    public static DataTable read(byte[] content) {
        DataProfile profile;
        try (RowSource rows = DataFiles.open(new ByteArrayInputStream(content))) {
            profile = Profiler.profile(rows, Progress.NONE);
        }
        try (RowSource rows = DataFiles.open(new ByteArrayInputStream(content))) {
            return DataTable.read(rows, profile, Progress.NONE);
        }
    }

    public static DataTable read(String csv) {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    public static DataTable read(InputStream in) {
        try (in) {
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row as text (null for missing). */
    public static List<String[]> rows(DataTable t) {
        List<String[]> out = new ArrayList<>();
        String[] cells = new String[t.columns().size()];
        RowSource rows = t.rowSource();
        while (rows.next(cells)) {
            out.add(cells.clone());
        }
        return out;
    }

    /** A column's values as text (null for missing). */
    public static String[] column(DataTable t, String name) {
        Column c = t.column(name);
        String[] out = new String[c.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = c.text(r);
        }
        return out;
    }
}
