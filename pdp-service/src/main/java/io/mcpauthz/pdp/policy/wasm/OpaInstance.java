package io.mcpauthz.pdp.policy.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One instance of a policy module on OPA's Wasm ABI (1.2 or later): its own memory holding the
 * bundle's data, evaluated with the one-shot {@code opa_eval}. The input goes into memory as
 * UTF-8 bytes written by Jackson, and the result is parsed from the bytes the module leaves
 * there. Not thread-safe: one caller at a time. After a failure (a trap, an abort, memory
 * exhausted) its heap may be inconsistent: drop it.
 */
final class OpaInstance {

  /** 64 MiB: a decision needs a few pages; an input that needs more fails closed. */
  static final int MAX_PAGES = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENV = "env";

  private final Memory memory;
  private final Instance instance;
  private final ExportFunction malloc;
  private final ExportFunction jsonParse;
  private final ExportFunction jsonDump;
  private final ExportFunction eval;
  private final HostBuiltins.Builtin[] builtins;
  private final int entrypoint;
  private final int dataAddr;
  private final int inputAddr; // the heap right after the data: each input is written here

  OpaInstance(OpaModule module, String entrypointName) {
    this(module, entrypointName, null);
  }

  /**
   * As the engine makes it, or, with a {@code listener}, told of every Wasm instruction it runs
   * (needs a module run by Chicory's interpreter: a bench counts the module's work with it).
   */
  OpaInstance(OpaModule module, String entrypointName, ExecutionListener listener) {
    memory = new ByteArrayMemory(new MemoryLimits(initialPages(module), MAX_PAGES));
    Instance.Builder builder = Instance.builder(module.module())
        .withImportValues(imports())
        .withMachineFactory(module.machines());
    instance = (listener == null ? builder : builder.withUnsafeExecutionListener(listener)).build();
    malloc = export("opa_malloc");
    jsonParse = export("opa_json_parse");
    jsonDump = export("opa_json_dump");
    eval = export("opa_eval");
    requireAbi();
    builtins = resolveBuiltins(HostBuiltins.all());
    entrypoint = entrypointId(entrypointName);
    dataAddr = parse(module.data());
    inputAddr = call(export("opa_heap_ptr_get"));
  }

  /**
   * The result set, {@code [{"result": …}]}, or {@code []} when the entrypoint is undefined.
   *
   * @param json the input document, UTF-8 JSON
   */
  JsonNode evaluate(byte[] json) throws IOException {
    reserve(inputAddr + json.length);
    memory.write(inputAddr, json);
    int result = call(eval, 0, entrypoint, dataAddr, inputAddr, json.length, inputAddr + json.length, 0);
    return JSON.readTree(cString(result));
  }

  private ImportValues imports() {
    ImportValues.Builder imports = ImportValues.builder()
        .addMemory(new ImportMemory(ENV, "memory", memory))
        .addFunction(new HostFunction(ENV, "opa_abort", i32(1, false), (inst, args) -> {
          throw new IllegalStateException("opa_abort: " + new String(cString((int) args[0]), StandardCharsets.UTF_8));
        }))
        // print() output is dropped: it may hold any part of the input (tokens, arguments)
        .addFunction(new HostFunction(ENV, "opa_println", i32(1, false), (inst, args) -> null));
    WasmFunctionHandle builtin = (inst, args) -> new long[] {callBuiltin(args)};
    for (int arity = 0; arity <= 4; arity++) {
      imports.addFunction(new HostFunction(ENV, "opa_builtin" + arity, i32(2 + arity, true), builtin));
    }
    return imports.build();
  }

  /** {@code opa_builtinN(id, ctx, arg…)}: each argument a value address; returns the result's. */
  private int callBuiltin(long[] args) {
    JsonNode[] values = new JsonNode[args.length - 2];
    try {
      for (int i = 0; i < values.length; i++) {
        values[i] = JSON.readTree(cString(call(jsonDump, (int) args[i + 2])));
      }
      return parse(JSON.writeValueAsBytes(builtins[(int) args[0]].apply(values)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every builtin the module leaves to the host, by its id; fails when one is not implemented. */
  private HostBuiltins.Builtin[] resolveBuiltins(Map<String, HostBuiltins.Builtin> host) {
    Map<String, Integer> ids = new TreeMap<>();
    dumpTree(call(export("builtins"))).fields().forEachRemaining(id -> ids.put(id.getKey(), id.getValue().asInt(-1)));
    List<String> missing = ids.keySet().stream().filter(name -> !host.containsKey(name) || ids.get(name) < 0).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the policy needs builtins the Wasm engine does not implement " + missing
          + "; use the rest engine");
    }
    HostBuiltins.Builtin[] byId = new HostBuiltins.Builtin[ids.values().stream().mapToInt(i -> i + 1).max().orElse(0)];
    ids.forEach((name, id) -> byId[id] = host.get(name));
    return byId;
  }

  private int entrypointId(String name) {
    JsonNode id = dumpTree(call(export("entrypoints"))).get(name);
    if (id == null || !id.canConvertToInt()) {
      throw new IllegalArgumentException("the Wasm module has no entrypoint " + name);
    }
    return id.intValue();
  }

  private void requireAbi() {
    long major = instance.exports().global("opa_wasm_abi_version").getValue();
    long minor = instance.exports().global("opa_wasm_abi_minor_version").getValue();
    if (major != 1 || minor < 2) {
      throw new IllegalArgumentException("OPA Wasm ABI " + major + "." + minor + " is not supported (1.2 or later)");
    }
  }

  /** Parses JSON in the module's heap; returns the value's address. */
  private int parse(byte[] json) {
    int at = call(malloc, json.length);
    memory.write(at, json);
    int value = call(jsonParse, at, json.length);
    if (value == 0) {
      throw new IllegalArgumentException("the Wasm module could not parse a JSON value");
    }
    return value;
  }

  private JsonNode dumpTree(int value) {
    try {
      return JSON.readTree(cString(call(jsonDump, value)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The NUL-terminated bytes at {@code at}. */
  private byte[] cString(int at) {
    int end = at;
    while (memory.read(end) != 0) {
      end++;
    }
    return memory.readBytes(at, end - at);
  }

  /** Grows the memory to hold {@code end} bytes; the module's allocator grows it beyond. */
  private void reserve(int end) {
    int missing = end - memory.pages() * Memory.PAGE_SIZE;
    if (missing > 0 && memory.grow((missing + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE) < 0) {
      throw new IllegalStateException("the input does not fit in the Wasm memory (" + MAX_PAGES + " pages)");
    }
  }

  private static int initialPages(OpaModule module) {
    return module.module().importSection().stream()
        .filter(i -> i instanceof MemoryImport && ENV.equals(i.module()) && "memory".equals(i.name()))
        .map(i -> ((MemoryImport) i).limits().initialPages())
        .findFirst().orElseThrow(() -> new IllegalArgumentException("the Wasm module imports no env.memory"));
  }

  private static FunctionType i32(int params, boolean returns) {
    return FunctionType.of(Collections.nCopies(params, ValType.I32), returns ? List.of(ValType.I32) : List.of());
  }

  private ExportFunction export(String name) {
    return instance.export(name);
  }

  private static int call(ExportFunction function, long... args) {
    return (int) function.apply(args)[0];
  }
}
