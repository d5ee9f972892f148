package dev.hone.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.Json;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Open Inference Protocol (KServe's "V2", also Triton's HTTP protocol): its JSON documents and
 * their translation to and from the rows Hone predicts.
 *
 * <p>Inputs are named tensors. Either one tensor per input column, named after the column, of
 * shape {@code [N]} or {@code [N, 1]} ({@code BYTES} for text, a numeric or {@code BOOL} type for
 * numbers); or one tensor of any other name and shape {@code [N, C]} holding the C input columns in
 * the order the model metadata lists them. Data are flat (row-major) or nested; {@code null} is a
 * missing value, imputed as in training. Outputs: a classifier's {@code label} ({@code BYTES},
 * {@code [N]}) and {@code probabilities} ({@code FP32}, {@code [N, classes]}, for callers who may read
 * the registry; the class order is the output's {@code classes} parameter, a JSON array); a regressor's
 * {@code value} ({@code FP64}, {@code [N]}).
 */
public final class InferenceProtocol {

    /** The protocol's data types. */
    static final Set<String> NUMERIC = Set.of("UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32",
            "INT64", "FP16", "FP32", "FP64");
    static final String BYTES = "BYTES";
    static final String BOOL = "BOOL";

    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String VALUE = "value";
    /** A deployment's output: one id per row, for sending the row's ground truth back later. */
    public static final String PREDICTION_ID = "prediction_id";

    private InferenceProtocol() {
    }

    /** An inference request. */
    public record InferenceRequest(String id, Map<String, Object> parameters, List<RequestInput> inputs,
            List<RequestOutput> outputs) {
    }

    /** One input tensor. */
    public record RequestInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
            List<Object> data) {
    }

    /** An output the caller asks for. */
    public record RequestOutput(String name, Map<String, Object> parameters) {
    }

    /** An inference response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferenceResponse(@JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion, String id, Map<String, Object> parameters,
            List<ResponseOutput> outputs) {
    }

    /** One output tensor. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseOutput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
            List<?> data) {
    }

    /** A tensor's name, type and shape (-1 for a dimension of any size). */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    /** Model metadata. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
            List<TensorMetadata> outputs, Map<String, Object> parameters) {
    }

    /**
     * What a model version reads and answers: its input columns with the data type each is best
     * sent as (any type is read: a number sent as text is parsed), its task and class labels.
     */
    public record Signature(List<String> columns, List<String> datatypes, Task task, List<String> classes) {
    }

    /** The metadata of a version (its number in {@code versions}) for a caller who may or may not see probabilities. */
    public static ModelMetadata metadata(String model, List<String> versions, Signature signature,
            boolean probabilities) {
        List<TensorMetadata> inputs = new ArrayList<>();
        for (int c = 0; c < signature.columns().size(); c++) {
            inputs.add(new TensorMetadata(signature.columns().get(c), signature.datatypes().get(c), List.of(-1L)));
        }
        List<TensorMetadata> outputs = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("task", signature.task().name());
        if (signature.task() == Task.CLASSIFICATION) {
            outputs.add(new TensorMetadata(LABEL, BYTES, List.of(-1L)));
            if (probabilities) {
                outputs.add(new TensorMetadata(PROBABILITIES, "FP32", List.of(-1L, (long) signature.classes().size())));
                parameters.put("classes", signature.classes());
            }
        } else {
            outputs.add(new TensorMetadata(VALUE, "FP64", List.of(-1L)));
        }
        return new ModelMetadata(model, versions, "hone", inputs, outputs, parameters);
    }

    /** The request's rows as column-to-value maps, refusing tensors that do not fit the signature. */
    public static List<Map<String, String>> rows(InferenceRequest request, Signature signature) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw new InvalidInputException("The request needs 'inputs': one tensor per input column "
                    + signature.columns() + ", or one tensor of shape [N, " + signature.columns().size() + "]");
        }
        List<String> columns = signature.columns();
        if (request.inputs().size() == 1 && !columns.contains(request.inputs().get(0).name())) {
            return fromMatrix(request.inputs().get(0), columns);
        }
        Map<String, List<Object>> byColumn = new HashMap<>();
        int n = -1;
        for (RequestInput input : request.inputs()) {
            String name = input == null ? null : input.name();
            if (name == null || !columns.contains(name)) {
                throw new InvalidInputException("Input tensor '" + name + "' is not an input column; the model reads "
                        + columns + " (one tensor each), or a single tensor of shape [N, " + columns.size() + "]");
            }
            if (byColumn.containsKey(name)) {
                throw new InvalidInputException("Input tensor '" + name + "' is given twice");
            }
            List<Object> data = data(input);
            long rows = input.shape().get(0);
            if (!(input.shape().size() == 1 || input.shape().size() == 2 && input.shape().get(1) == 1)) {
                throw new InvalidInputException("Input tensor '" + name + "' has shape " + input.shape()
                        + "; a column's tensor has shape [N] or [N, 1]");
            }
            if (n >= 0 && rows != n) {
                throw new InvalidInputException("Input tensors disagree on the number of rows: '" + name + "' has "
                        + rows + ", others " + n);
            }
            n = (int) rows;
            byColumn.put(name, data);
        }
        List<String> missing = columns.stream().filter(c -> !byColumn.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("Input tensors are missing for " + missing + "; the model reads " + columns
                    + " (send null elements for unknown values, which are then imputed)");
        }
        List<Map<String, String>> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Map<String, String> row = new HashMap<>(columns.size() * 2);
            for (String c : columns) {
                row.put(c, text(byColumn.get(c).get(r)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, String>> fromMatrix(RequestInput input, List<String> columns) {
        List<Object> data = data(input);
        if (input.shape().size() != 2 || input.shape().get(1) != columns.size()) {
            throw new InvalidInputException("Input tensor '" + input.name() + "' has shape " + input.shape()
                    + "; one tensor for all columns has shape [N, " + columns.size() + "] (columns " + columns
                    + "), or name each column's tensor after its column");
        }
        int n = Math.toIntExact(input.shape().get(0));
        List<Map<String, String>> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Map<String, String> row = new HashMap<>(columns.size() * 2);
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c), text(data.get(r * columns.size() + c)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The tensor's elements, flat, after checking them against its shape and data type. */
    private static List<Object> data(RequestInput input) {
        String name = input.name();
        if (input.shape() == null || input.shape().isEmpty() || input.shape().contains(null)) {
            throw new InvalidInputException("Input tensor '" + name + "' needs a 'shape', e.g. [N] or [N, 1]");
        }
        long size = 1;
        for (Long d : input.shape()) {
            if (d < 1) {
                throw new InvalidInputException("Input tensor '" + name + "' has shape " + input.shape()
                        + "; every dimension must be at least 1");
            }
            size = Math.multiplyExact(size, d);
        }
        String type = input.datatype();
        if (type == null || !(NUMERIC.contains(type) || BYTES.equals(type) || BOOL.equals(type))) {
            throw new InvalidInputException("Input tensor '" + name + "' has datatype '" + type + "'; use BYTES for "
                    + "text, BOOL, or a numeric type (FP32, FP64, INT64, ...)");
        }
        if (input.data() == null) {
            throw new InvalidInputException("Input tensor '" + name + "' needs 'data'");
        }
        List<Object> flat = new ArrayList<>();
        flatten(input.data(), flat, size);
        if (flat.size() != size) {
            throw new InvalidInputException("Input tensor '" + name + "' has " + flat.size()
                    + " elements; its shape " + input.shape() + " needs " + size);
        }
        for (Object v : flat) {
            boolean fits = v == null || (BYTES.equals(type) ? v instanceof String
                    : BOOL.equals(type) ? v instanceof Boolean : v instanceof Number);
            if (!fits) {
                throw new InvalidInputException("Input tensor '" + name + "' of datatype " + type + " holds "
                        + (v instanceof String ? "the text \"" + v + "\"" : v) + "; " + type + " data are "
                        + (BYTES.equals(type) ? "strings" : BOOL.equals(type) ? "true or false" : "numbers"));
            }
        }
        return flat;
    }

    private static void flatten(List<?> data, List<Object> into, long limit) {
        for (Object v : data) {
            if (v instanceof List<?> nested) {
                flatten(nested, into, limit);
            } else {
                into.add(v);
            }
            if (into.size() > limit) {
                return;
            }
        }
    }

    /** The class labels as a JSON array in one string (a parameter's value is a string, number or boolean). */
    private static String classesParameter(List<String> classes) {
        try {
            return Json.mapper().writeValueAsString(classes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    /**
     * The output tensors of {@code predictions}: those {@code requested} (all the caller may see when
     * none is named).
     */
    public static List<ResponseOutput> outputs(List<Prediction> predictions, Signature signature,
            List<RequestOutput> requested, boolean probabilities) {
        return outputs(predictions, signature, requested, probabilities, null);
    }

    /**
     * As {@link #outputs(List, Signature, List, boolean)}, offering a deployment's {@code predictionIds} (null:
     * none) as the {@value #PREDICTION_ID} output.
     */
    public static List<ResponseOutput> outputs(List<Prediction> predictions, Signature signature,
            List<RequestOutput> requested, boolean probabilities, List<String> predictionIds) {
        List<String> all = new ArrayList<>(signature.task() == Task.CLASSIFICATION
                ? (probabilities ? List.of(LABEL, PROBABILITIES) : List.of(LABEL)) : List.of(VALUE));
        if (predictionIds != null) {
            all.add(PREDICTION_ID);
        }
        Set<String> offered = new HashSet<>(all);
        List<String> names = new ArrayList<>();
        if (requested == null || requested.isEmpty()) {
            names.addAll(all);
        } else {
            for (RequestOutput o : requested) {
                String name = o == null ? null : o.name();
                if (!offered.contains(name)) {
                    throw new InvalidInputException("Output '" + name + "' is not offered" + (PROBABILITIES.equals(name)
                            ? " to callers who may not read the registry" : "") + "; this model answers "
                            + offered.stream().sorted().toList());
                }
                names.add(name);
            }
        }
        long n = predictions.size();
        List<ResponseOutput> outputs = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case LABEL -> outputs.add(new ResponseOutput(LABEL, List.of(n), BYTES, null,
                        predictions.stream().map(Prediction::label).toList()));
                case VALUE -> outputs.add(new ResponseOutput(VALUE, List.of(n), "FP64", null,
                        predictions.stream().map(Prediction::value).toList()));
                case PREDICTION_ID -> outputs.add(new ResponseOutput(PREDICTION_ID, List.of(n), BYTES, null,
                        predictionIds));
                default -> {
                    List<String> classes = signature.classes();
                    List<Double> flat = new ArrayList<>(predictions.size() * classes.size());
                    for (Prediction p : predictions) {
                        for (String c : classes) {
                            flat.add(p.probabilities().get(c));
                        }
                    }
                    outputs.add(new ResponseOutput(PROBABILITIES, List.of(n, (long) classes.size()), "FP32",
                            Map.of("classes", classesParameter(classes)), flat));
                }
            }
        }
        return outputs;
    }
}
