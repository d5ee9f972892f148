package dev.hone.ml.data;

import dev.hardwood.HardwoodContext;
import dev.hardwood.InputFile;
import dev.hardwood.metadata.ColumnChunk;
import dev.hardwood.metadata.CompressionCodec;
import dev.hardwood.metadata.LogicalType;
import dev.hardwood.metadata.RepetitionType;
import dev.hardwood.metadata.RowGroup;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.schema.SchemaNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rows of a Parquet file, read with Hardwood's row reader, which decodes one row group after
 * another: memory holds the row groups being decoded, not the file. Each cell is the text the
 * value would have in a CSV file, so that the rest of Hone reads Parquet and CSV alike: numbers as
 * Java prints them (0.1f is "0.1"), decimals in plain notation, dates and timestamps in ISO-8601,
 * binary values as UTF-8 text, a null as {@code null}.
 *
 * <p>Hardwood because it reads Parquet on its own, without Hadoop or Arrow: one jar, plus the
 * libraries of the codecs Hone accepts (Snappy, Zstandard; GZIP is the JDK's).
 *
 * <p>Only flat columns are read: a list, map or struct column is refused when the file is opened,
 * naming the column. Every problem becomes a {@link DataFormatException}; rows are numbered from 1
 * ("row 1" is the first data row: Parquet has no header line).
 */
final class ParquetRows implements RowSource {

    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    /** The codecs whose libraries Hone ships: Hardwood decompresses GZIP with the JDK. */
    private static final Set<CompressionCodec> CODECS = Set.of(CompressionCodec.UNCOMPRESSED,
            CompressionCodec.SNAPPY, CompressionCodec.GZIP, CompressionCodec.ZSTD);

    /** Hardwood starts its messages with the file's name, which means nothing to the uploader. */
    private static final Pattern FILE_PREFIX = Pattern.compile("^\\[[^]]*] ");

    private static final String FLAT_ONLY =
            "; Hone reads flat columns only (numbers, text, booleans, dates)";

    private final Path file;
    private final boolean deleteOnClose;
    private final long maxBytes;
    private final String limitMessage;
    private final long fileLength;
    private final HardwoodContext context;
    private final ParquetFileReader reader;
    private final RowReader rows;
    private final List<String> columns;
    /** Integer columns whose values are unsigned: Hardwood gives their raw bit pattern. */
    private final boolean[] unsigned;
    /** Per row group: the last row in it (1-based), and where its bytes start and how many. */
    private final long[] groupLastRow;
    private final long[] groupStart;
    private final long[] groupBytes;
    // REPORT instead of the default REPLACE, as in CsvRows: binary that is not text is an error.
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long row;
    private long textBytes;
    private boolean ended;
    private boolean closed;

    /**
     * @param maxBytes the most data to read, counted as the size of the rows written as CSV;
     *     beyond it reading fails with a message that starts with {@code limitMessage}
     */
    ParquetRows(Path file, long maxBytes, String limitMessage) {
        this(file, maxBytes, limitMessage, false);
    }

    /** @param deleteOnClose delete the file on {@link #close()}, or when it cannot be opened */
    ParquetRows(Path file, long maxBytes, String limitMessage, boolean deleteOnClose) {
        this.file = file;
        this.deleteOnClose = deleteOnClose;
        this.maxBytes = maxBytes;
        this.limitMessage = limitMessage;
        // The reader's own context (its decoding threads), closed with it: Hardwood would make one
        // too, but not close it when opening fails.
        HardwoodContext threads = null;
        ParquetFileReader opened = null;
        RowReader rowReader = null;
        try {
            this.fileLength = checkEnd(file);
            threads = HardwoodContext.create();
            opened = open(file, threads);
            List<SchemaNode> fields = opened.getFileSchema().getRootNode().children();
            this.columns = readColumns(fields);
            this.unsigned = new boolean[fields.size()];
            for (int c = 0; c < fields.size(); c++) {
                unsigned[c] = fields.get(c) instanceof SchemaNode.PrimitiveNode p
                        && p.logicalType() instanceof LogicalType.IntType t && !t.isSigned();
            }
            List<RowGroup> groups = opened.getFileMetaData().rowGroups();
            this.groupLastRow = new long[groups.size()];
            this.groupStart = new long[groups.size()];
            this.groupBytes = new long[groups.size()];
            long last = 0;
            for (int g = 0; g < groups.size(); g++) {
                RowGroup group = groups.get(g);
                last += group.numRows();
                groupLastRow[g] = last;
                groupStart[g] = Long.MAX_VALUE;
                for (ColumnChunk chunk : group.columns()) {
                    checkCodec(chunk);
                    groupStart[g] = Math.min(groupStart[g], chunk.chunkStartOffset());
                    groupBytes[g] += chunk.metaData().totalCompressedSize();
                }
            }
            rowReader = rowReader(opened);
        } catch (RuntimeException e) {
            try {
                release(rowReader, opened, threads, file, deleteOnClose);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.context = threads;
        this.reader = opened;
        this.rows = rowReader;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next(String[] cells) {
        try {
            if (!rows.hasNext()) {
                if (row == 0) {
                    throw new DataFormatException("The file has columns but no data rows");
                }
                ended = true;
                return false;
            }
            rows.next();
            row++;
            long size = 0;
            for (int c = 0; c < cells.length; c++) {
                String text = text(c);
                cells[c] = text;
                // The cell as CSV: its text (in chars, bytes for ASCII) and a comma or line break.
                size += (text == null ? 0 : text.length()) + 1;
            }
            textBytes += size;
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(e, " (reading row " + (row + 1) + ")");
        }
        if (textBytes > maxBytes) {
            throw DataFormatException.tooLarge(limitMessage + " " + maxBytes + " bytes");
        }
        return true;
    }

    @Override
    public String position() {
        return "row " + row;
    }

    /**
     * An estimate: the row groups before the current one whole, and of the current one the share
     * of its rows returned so far. Hardwood decodes ahead, so it has read at least that much.
     */
    @Override
    public long bytesRead() {
        if (ended) {
            return fileLength;
        }
        if (row == 0 || groupLastRow.length == 0) {
            return 0;
        }
        int g = Arrays.binarySearch(groupLastRow, row);
        g = g >= 0 ? g : Math.min(-g - 1, groupLastRow.length - 1);
        long first = g == 0 ? 0 : groupLastRow[g - 1];
        long inGroup = groupLastRow[g] - first;
        long done = Math.min(row - first, inGroup);
        long share = inGroup == 0 ? 0 : (long) ((double) groupBytes[g] * done / inGroup);
        return Math.min(groupStart[g] + share, fileLength);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(rows, reader, context, file, deleteOnClose);
        }
    }

    /** The cell text of column {@code c} in the current row. */
    private String text(int c) {
        Object value = rows.getValue(c);
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Long l -> unsigned[c] ? Long.toUnsignedString(l) : l.toString();
            case Integer i -> unsigned[c] ? Integer.toUnsignedString(i) : i.toString();
            case BigDecimal d -> d.toPlainString();
            // LocalDateTime and LocalTime would leave out zero seconds ("12:30").
            case LocalDateTime t -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
            case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
            case byte[] bytes -> utf8(bytes, c);
            // Double, Float, Boolean, Byte, Short, LocalDate, Instant, UUID print as wanted.
            default -> value.toString();
        };
    }

    private String utf8(byte[] bytes, int c) {
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException("Column '" + columns.get(c) + "' in row " + row
                    + " holds bytes that are not UTF-8 text; Hone reads binary columns as text", e);
        }
    }

    /**
     * The file's length, once it is seen to end like a Parquet file: its metadata is at the end, so
     * a file cut short (an interrupted upload or copy) cannot be read at all.
     */
    private static long checkEnd(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] tail = new byte[MAGIC.length];
            // The smallest Parquet file: the marker, a footer length, the marker again.
            if (length >= 12) {
                in.seek(length - tail.length);
                in.readFully(tail);
            }
            if (!Arrays.equals(tail, MAGIC)) {
                throw new DataFormatException("The file is not a readable Parquet file: it does"
                        + " not end with the Parquet footer, so it is probably cut short or"
                        + " damaged");
            }
            return length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ParquetFileReader open(Path file, HardwoodContext context) {
        try {
            return ParquetFileReader.open(InputFile.of(file), context);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e, "");
        }
    }

    /** The rows from the first; Hardwood starts decoding them at once. */
    private static RowReader rowReader(ParquetFileReader reader) {
        try {
            return reader.rowReader();
        } catch (RuntimeException e) {
            throw unreadable(e, " (reading row 1)");
        }
    }

    /** The top-level column names, refusing nested columns and names CsvRows would refuse. */
    private static List<String> readColumns(List<SchemaNode> fields) {
        if (fields.isEmpty()) {
            throw new DataFormatException("The file has no columns");
        }
        List<String> names = new ArrayList<>(fields.size());
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < fields.size(); c++) {
            SchemaNode field = fields.get(c);
            String name = field.name();
            if (name.isBlank()) {
                throw new DataFormatException("Column " + (c + 1)
                        + " in the header has a blank name; every column needs a name");
            }
            if (!seen.add(name)) {
                throw new DataFormatException(
                        "Duplicate column name '" + name + "' in the header; column names must be"
                                + " unique");
            }
            String kind = unreadableKind(field);
            if (kind != null) {
                throw new DataFormatException("Column '" + name + "' is " + kind + FLAT_ONLY);
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** What a column is when Hone cannot read it as text ("a list"), or null when it can. */
    private static String unreadableKind(SchemaNode field) {
        if (field instanceof SchemaNode.GroupNode group) {
            return group.isList() ? "a list"
                    : group.isMap() ? "a map"
                    : group.isVariant() ? "a variant"
                    : "a struct";
        }
        if (field.repetitionType() == RepetitionType.REPEATED) {
            return "a list"; // a repeated value without a LIST group, as old writers made them
        }
        return switch (((SchemaNode.PrimitiveNode) field).logicalType()) {
            case LogicalType.IntervalType t -> "an interval";
            case LogicalType.BsonType t -> "a BSON document";
            case LogicalType.GeometryType t -> "a geometry";
            case LogicalType.GeographyType t -> "a geography";
            case null, default -> null;
        };
    }

    private static void checkCodec(ColumnChunk chunk) {
        CompressionCodec codec = chunk.metaData().codec();
        if (!CODECS.contains(codec)) {
            throw new DataFormatException("The file is compressed with " + codec
                    + ", which Hone does not read; write it with SNAPPY, ZSTD, GZIP or no"
                    + " compression");
        }
    }

    private static DataFormatException unreadable(Exception e, String where) {
        String reason = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : FILE_PREFIX.matcher(e.getMessage()).replaceFirst("");
        return new DataFormatException(
                "The file is not a readable Parquet file: " + reason + where, e);
    }

    /** Closes what is open (null when not opened), then deletes the file if asked to. */
    private static void release(RowReader rows, ParquetFileReader reader, HardwoodContext context,
            Path file, boolean delete) {
        // Resources close in reverse order: rows, reader, threads; null ones are skipped.
        try (context; reader; rows) {
            // nothing to do but close
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (delete) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
