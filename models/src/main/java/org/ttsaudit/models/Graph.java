package org.ttsaudit.models;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny ONNX graph builder so that the model builders read like the math: values are {@link V}
 * handles with arithmetic methods, every node gets a sequential (hence deterministic) name.
 * Tribuo's own ONNXContext only knows float inputs and a handful of operators, so we build the
 * protobuf directly and only borrow its generated {@code OnnxMl} classes.
 */
final class Graph {
    static final int OPSET = 18;
    /** IR version 8 is the one that goes with opset 18 (ONNX 1.13); ORT 1.23 reads up to 11. */
    static final long IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, DataType> types = new LinkedHashMap<>(); // element type per value
    /** The graph whose values a subgraph (a Loop body) may read; null for the model's main graph. */
    private final Graph outer;
    private int counter;

    Graph(String name) {
        this(name, null);
    }

    private Graph(String name, Graph outer) {
        this.outer = outer;
        graph.setName(name);
    }

    /** A value in the graph: the name of a graph input, initializer or node output. */
    final class V {
        final String name;

        private V(String name) {
            this.name = name;
        }

        V add(V o) { return op("Add", this, o); }
        V sub(V o) { return op("Sub", this, o); }
        V mul(V o) { return op("Mul", this, o); }
        V div(V o) { return op("Div", this, o); }
        V add(double c) { return add(like(c)); }
        V sub(double c) { return sub(like(c)); }
        V mul(double c) { return mul(like(c)); }
        V div(double c) { return div(like(c)); }
        V min(V o) { return op("Min", this, o); }
        V max(V o) { return op("Max", this, o); }
        V floor() { return op("Floor", this); }
        V sqrt() { return op("Sqrt", this); }
        V log() { return op("Log", this); }
        V exp() { return op("Exp", this); }
        V sin() { return op("Sin", this); }
        V sigmoid() { return op("Sigmoid", this); }
        V tanh() { return op("Tanh", this); }
        V ceil() { return op("Ceil", this); }
        V matmul(V o) { return op("MatMul", this, o); }
        V clip(V lo, V hi) { return op("Clip", this, lo, hi); }
        V less(V o) { return op("Less", this, o); }
        V greaterOrEqual(V o) { return op("GreaterOrEqual", this, o); }

        V cast(DataType to) { return op("Cast", Map.of("to", (long) to.getNumber()), this); }
        V unsqueeze(long... axes) { return op("Unsqueeze", this, ints(axes)); }

        /** Reductions take their axes as an input from opset 18 on. */
        V reduce(String type, boolean keepDims, long... axes) {
            return op(type, Map.of("keepdims", keepDims ? 1L : 0L), this, ints(axes));
        }

        /** {@code this[..., from:to, ...]} along one axis; negative ends count from the back. */
        V slice(long axis, long from, long to) {
            return op("Slice", this, ints(from), ints(to), ints(axis));
        }

        /** A scalar constant of this value's element type; we only mix float and double. */
        private V like(double c) {
            return type(name) == DataType.DOUBLE ? scalar(c) : scalar((float) c);
        }
    }

    /**
     * A graph input; a dimension is a Long (fixed) or a String (symbolic, e.g. "B"). A subgraph's
     * inputs are the iteration number and condition (scalars), then the loop-carried values.
     */
    V input(String name, DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
        types.put(name, type);
        return new V(name);
    }

    /** Exposes a value as a named graph output (via Identity, so the name is exactly ours). */
    void output(String name, V value, DataType type, Object... dims) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("out_" + name)
                .addInput(value.name).addOutput(name));
        graph.addOutput(valueInfo(name, type, dims));
    }

    V op(String type, V... inputs) {
        return op(type, Map.of(), inputs);
    }

    /** Adds one single-output node; attributes are integers ({@code Long}) or integer lists ({@code long[]}). */
    V op(String type, Map<String, ?> attrs, V... inputs) {
        String out = type.toLowerCase() + "_" + next();
        NodeProto.Builder node = node(type, out, attrs, inputs).addOutput(out);
        graph.addNode(node);
        types.put(out, resultType(type, attrs, inputs));
        return new V(out);
    }

    /** Adds a node with several outputs of the first input's element type (Split). */
    V[] ops(String type, int outputs, Map<String, ?> attrs, V... inputs) {
        String base = type.toLowerCase() + "_" + next();
        NodeProto.Builder node = node(type, base, attrs, inputs);
        V[] out = new V[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = new V(base + "_" + i);
            node.addOutput(out[i].name);
            types.put(out[i].name, type(inputs[0].name));
        }
        graph.addNode(node);
        return out;
    }

    /**
     * A subgraph for a {@link #loop}: it reads this graph's values by name, and its node names are
     * drawn from the same counter, so they stay unique across the model.
     */
    Graph body(String name) {
        return new Graph(name, this);
    }


    /** A subgraph output: the next condition, the next loop-carried values, then the scan outputs, in order. */
    void output(V value) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(value.name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type(value.name).getNumber()))));
    }

    /**
     * ONNX Loop: runs {@code body} {@code trips} times (no early exit); returns the loop-carried
     * values' finals followed by the scan outputs, each stacked along a new first axis.
     */
    V[] loop(V trips, Graph body, int scanOutputs, V... initial) {
        String base = "loop_" + next();
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Loop").setName(base)
                .addInput(trips.name).addInput("")
                .addAttribute(AttributeProto.newBuilder().setName("body").setType(AttributeProto.AttributeType.GRAPH)
                        .setG(body.graph));
        for (V v : initial) {
            node.addInput(v.name);
        }
        // Body outputs: condition, carried..., scans...; the node's outputs skip the condition.
        V[] out = new V[initial.length + scanOutputs];
        for (int i = 0; i < out.length; i++) {
            out[i] = new V(base + "_" + i);
            node.addOutput(out[i].name);
            types.put(out[i].name, body.type(body.graph.getOutput(i + 1).getName()));
        }
        graph.addNode(node);
        return out;
    }

    private NodeProto.Builder node(String type, String name, Map<String, ?> attrs, V... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(type).setName(name);
        for (V in : inputs) {
            node.addInput(in.name);
        }
        // Sorted so that the serialized model does not depend on Map iteration order.
        attrs.keySet().stream().sorted().forEach(k -> node.addAttribute(attribute(k, attrs.get(k))));
        return node;
    }

    /** Node and constant numbers are drawn from the main graph, so names are unique in subgraphs too. */
    private int next() {
        return outer == null ? counter++ : outer.next();
    }

    private DataType type(String value) {
        DataType t = types.get(value);
        return t != null || outer == null ? t : outer.type(value);
    }

    V scalar(float value) {
        return init(tensor(DataType.FLOAT).setRawData(bytes(new float[] {value})));
    }

    V scalar(double value) {
        return init(tensor(DataType.DOUBLE).setRawData(bytes(new double[] {value})));
    }

    V scalar(long value) {
        return init(tensor(DataType.INT64).setRawData(bytes(new long[] {value})));
    }

    V scalar(int value) {
        return init(tensor(DataType.INT32).setRawData(bytes(new int[] {value})));
    }

    /** A 1-D int64 constant (axes, offsets). */
    V ints(long... values) {
        return init(tensor(DataType.INT64).addDims(values.length).setRawData(bytes(values)));
    }

    /** A named float table; dims multiply to data.length. */
    V table(String name, float[] data, long... dims) {
        return init(tensor(DataType.FLOAT).setName(name).addAllDims(boxed(dims)).setRawData(bytes(data)));
    }

    V table(String name, double[] data, long... dims) {
        return init(tensor(DataType.DOUBLE).setName(name).addAllDims(boxed(dims)).setRawData(bytes(data)));
    }

    byte[] toModelBytes(String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("tts-audit BuildModels")
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static TensorProto.Builder tensor(DataType type) {
        return TensorProto.newBuilder().setDataType(type.getNumber());
    }

    private V init(TensorProto.Builder t) {
        if (t.getName().isEmpty()) {
            t.setName("const_" + next());
        }
        graph.addInitializer(t);
        types.put(t.getName(), DataType.forNumber(t.getDataType()));
        return new V(t.getName());
    }

    /** Output element type: Cast says so, comparisons give bool, the rest keep the first input's. */
    private DataType resultType(String type, Map<String, ?> attrs, V[] inputs) {
        return switch (type) {
            case "Cast" -> DataType.forNumber(((Long) attrs.get("to")).intValue());
            case "Less", "GreaterOrEqual" -> DataType.BOOL;
            case "Shape" -> DataType.INT64;
            case "ConstantOfShape" -> DataType.FLOAT;
            case "Where" -> type(inputs[1].name);
            default -> inputs.length == 0 ? DataType.UNDEFINED : type(inputs[0].name);
        };
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof long[] list) {
            return a.setType(AttributeProto.AttributeType.INTS).addAllInts(boxed(list)).build();
        }
        return a.setType(AttributeProto.AttributeType.INT).setI((Long) value).build();
    }

    private static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static Iterable<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static ByteString bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return ByteString.copyFrom(b.array());
    }

    private static ByteString bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return ByteString.copyFrom(b.array());
    }

    private static ByteString bytes(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return ByteString.copyFrom(b.array());
    }

    private static ByteString bytes(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return ByteString.copyFrom(b.array());
    }
}
