// A loop written in JavaScript, run for four models at once in WebAssembly SIMD lanes.
//
// The input is the text of a function `function NAME(model, from, to) { PRE; for (let h = from;
// h < to; h++) { BODY } POST }` (src/site/hour.ts writes the hour loop so, for one plan). It is
// compiled, once, into:
// - `enter`: PRE, run in JavaScript for each of the four models, which then writes what BODY reads
//   of PRE's variables (numbers, booleans, typed arrays) into the lanes' memory;
// - `run`: BODY in a WebAssembly function over four lanes, each number two f64x2 halves, each
//   condition a lane mask: an `if` on a condition that differs by lane runs both branches (each only
//   where some lane takes it) and keeps each lane's own values (bitselect), `c ? a : b` is a select;
// - `leave`: for each model, the part of PRE that POST needs (a backward slice), then the values
//   BODY changed written back into PRE's variables and properties, then POST.
// A second `run`, compiled with the loop, takes the numbers that were the same in all four
// lanes then as one scalar each (unless BODY makes them differ), and runs while they still are.
// WebAssembly's f64 arithmetic and comparisons are IEEE 754's, as JavaScript's: each lane's numbers
// are the bits the loop gives that model run alone (test/lanes.test.ts; test/sims.test.ts checks
// every sims/ scenario's runs together against alone).
//
// BODY may use: number and boolean literals, const and let declarations, blocks, if/else, `c ? a :
// b`, + - * / < <= > >= === !== && || ! and unary -, assignments (= += -= *= /=) and ++/-- as
// statements, reads of typed arrays, writes of Float64Arrays, and `x !== null` of an array.
// Anything else (a call, a loop, an object) throws LanesUnsupported: the caller keeps the JavaScript
// loop. PRE may only declare and set its own variables (it runs twice, and in part). An array that
// all four models share is read as a constant (copied into the lanes' memory once); a model's own
// array is read where it is when it lives in that memory (the market paths), else copied in for
// each call if BODY reads it, and the indices BODY wrote copied back.
import { createHash } from "node:crypto";
import type { Options as ParseOptions, Program } from "acorn";
import { CodeWriter, F64, I32, OP, oneFunctionModule, SIMD, V128, type ValueType } from "./wasm-writer";

/**
 * acorn's parse, loaded when a loop is first compiled (a plain require, which esbuild bundles to run
 * then): the command line's main thread, which never compiles one, does not pay acorn's start
 * (~15-20 ms: its Unicode tables built at load).
 */
let acornParse: ((source: string, options: ParseOptions) => Program) | null = null;
function parseScript(source: string, options: ParseOptions): Program {
  acornParse ??= (require("acorn") as typeof import("acorn")).parse;
  return acornParse(source, options);
}

/**
 * Where compiled loops are kept between processes (src/io/compiled-loop-store.ts keeps them in
 * files): what a text's analysis found, and each kernel's WebAssembly bytes, by a key that holds
 * everything they are made from. Compiling a loop costs a worker ~0.1 s of cold code (acorn's
 * parse, the analysis, the compiler's passes): docs/speed.md, point 27. Set by the caller
 * (useCompiledLoopStore); none by default.
 */
export interface CompiledLoopStore {
  read(name: string): Uint8Array | null;
  write(name: string, bytes: Uint8Array): void;
}
let loopStore: CompiledLoopStore | null = null;
/** Keeps compiled loops in `store` from now on (null: nowhere). */
export function useCompiledLoopStore(store: CompiledLoopStore | null): void {
  loopStore = store;
}
/**
 * What the compiler is: a hash of its source files and acorn's version, set by the build
 * (scripts/build.mjs, vitest.config.ts: scripts/lanes-compiler-id.mjs). Without it nothing is
 * kept: a loop compiled by other code must never be taken for this code's.
 */
declare const __HASHGRID_LANES_COMPILER__: string | undefined;
const COMPILER_ID: string | null = typeof __HASHGRID_LANES_COMPILER__ === "string" ? __HASHGRID_LANES_COMPILER__ : null;

function sha256Hex(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/** A record: a JSON header (with the SHA-256 of the bytes after it), then the bytes. null if it is not whole. */
function readRecord(name: string): { header: any; bytes: Uint8Array<ArrayBuffer> } | null {
  if (loopStore === null) return null;
  try {
    const record = loopStore.read(name);
    if (record === null || record.length < 4) return null;
    const headerBytes = new DataView(record.buffer, record.byteOffset, record.byteLength).getUint32(0, true);
    if (4 + headerBytes > record.length) return null;
    const header = JSON.parse(new TextDecoder().decode(record.subarray(4, 4 + headerBytes)));
    const bytes = new Uint8Array(record.subarray(4 + headerBytes));
    return header?.sha256 === sha256Hex(bytes) ? { header, bytes } : null;
  } catch {
    return null;
  }
}

function writeRecord(name: string, header: object, bytes: Uint8Array): void {
  if (loopStore === null) return;
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, sha256: sha256Hex(bytes) }));
  const record = new Uint8Array(4 + headerBytes.length + bytes.length);
  new DataView(record.buffer).setUint32(0, headerBytes.length, true);
  record.set(headerBytes, 4);
  record.set(bytes, 4 + headerBytes.length);
  try {
    loopStore.write(name, record);
  } catch {
    // Not kept: compiled again next time.
  }
}

/** What the constructor needs of a loop's text: its parts' texts, what BODY uses, PRE's constants, and leave's slice of PRE. */
interface LoopAnalysis {
  params: string[];
  pre: string;
  post: string;
  uses: [string, FreeUse][];
  constants: [string, number | boolean][];
  preNeeded: string;
}

/**
 * JSON that keeps every number PRE's constants may hold: -0 (hour.ts writes `(-0)`), which
 * JSON.stringify writes as 0, and a literal too large for a double (Infinity), which it writes as
 * null. Such numbers are written as tagged strings.
 */
const NUMBER_TAG = "\u0000number:";
function analysisText(analysis: LoopAnalysis): string {
  return JSON.stringify(analysis, (_, value) => (typeof value === "number" && (Object.is(value, -0) || !Number.isFinite(value)) ? NUMBER_TAG + (Object.is(value, -0) ? "-0" : String(value)) : value));
}
function analysisOf(text: string): LoopAnalysis {
  return JSON.parse(text, (_, value) => (typeof value === "string" && value.startsWith(NUMBER_TAG) ? Number(value.slice(NUMBER_TAG.length)) : value)) as LoopAnalysis;
}

function analyse(parts: LoopParts): LoopAnalysis {
  const uses = freeUses(parts.body, parts.loopVar);
  const roots = [...uses].filter(([, u]) => u.assigned).map(([key]) => key.split(".")[0]);
  return { params: parts.params, pre: parts.pre, post: parts.post, uses: [...uses], constants: [...preConstants(parts.preStatements)], preNeeded: preNeededBy(parts, roots) };
}

/** Models run together. */
export const LANES = 4;

/** The loop uses something the lanes compiler does not take. */
export class LanesUnsupported extends Error {}

/** The memory the lanes read: a WebAssembly memory, and blocks of it (16-byte aligned, zeroed) taken and given back. */
export interface LanesMemory {
  memory: WebAssembly.Memory;
  allocate(bytes: number): number;
  release(address: number, bytes: number): void;
}

// An ESTree node, as acorn gives it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
type ArrayConstructorOf = new (length: number) => TypedArray;

/** How each kind of typed array's element is loaded and made a double. */
const ELEMENTS: { type: ArrayConstructorOf; shift: number; load: number; convert: number | null }[] = [
  { type: Float64Array, shift: 3, load: OP.f64Load, convert: null },
  { type: Float32Array, shift: 2, load: OP.f32Load, convert: OP.f64PromoteF32 },
  { type: Int32Array, shift: 2, load: OP.i32Load, convert: OP.f64ConvertI32S },
  { type: Uint32Array, shift: 2, load: OP.i32Load, convert: OP.f64ConvertI32U },
  { type: Int16Array, shift: 1, load: OP.i32Load16S, convert: OP.f64ConvertI32S },
  { type: Uint16Array, shift: 1, load: OP.i32Load16U, convert: OP.f64ConvertI32S },
  { type: Int8Array, shift: 0, load: OP.i32Load8S, convert: OP.f64ConvertI32S },
  { type: Uint8Array, shift: 0, load: OP.i32Load8U, convert: OP.f64ConvertI32S },
];

/** Something BODY reads that PRE (or the model) holds: a variable, or a property path `a.b.c`. */
interface Entity {
  key: string;
  kind: "num" | "bool" | "array" | "null" | "const";
  /** A const of PRE's initialised with a literal. */
  value?: number | boolean;
  /** Numbers BODY assigns: written back by leave. */
  assigned: boolean;
  /** Numbers and booleans: slot in the lanes' input block. */
  slot: number;
  /** Arrays: index among the arrays, element kind, shared by the four models, written by BODY, read by it, read only at the loop's hour. */
  array: number;
  element: (typeof ELEMENTS)[number] | null;
  shared: boolean;
  written: boolean;
  read: boolean;
  hourIndexOnly: boolean;
}

/** A value in the lanes' function: a constant, a uniform scalar (one local), or varying (two v128 locals). */
interface Val {
  type: "num" | "bool";
  konst?: number | boolean;
  varying: boolean;
  locals: number[];
}

/** A variable BODY declares (or an assigned entity: then varying from the start). */
interface Var {
  type: "num" | "bool";
  konst?: number | boolean;
  varying: boolean;
  locals: number[];
  /** What makes it varying when found so: its declaration's node, or an entity's key. */
  node?: Node;
}

const PARAM_IO = 0;
const PARAM_FROM = 1;
const PARAM_TO = 2;
const PARAMS: ValueType[] = [I32, F64, F64];

/** The chain `a.b.c` of a non-computed member expression, or null. */
function chainOf(node: Node): string | null {
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier") {
    const object = chainOf(node.object);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

function rootOf(node: Node): Node {
  return node.type === "MemberExpression" ? rootOf(node.object) : node;
}

function unsupported(what: string, node?: Node): never {
  throw new LanesUnsupported(node ? `${what} (at ${node.start})` : what);
}

/** The loop's parts: PRE and POST text, the parameters, and BODY's node. */
interface LoopParts {
  params: string[];
  pre: string;
  post: string;
  preStatements: Node[];
  /** The source and POST's statements (for leave's slice of PRE). */
  source: string;
  postStatements: Node[];
  loopVar: string;
  body: Node;
}

function loopParts(source: string): LoopParts {
  const program = parseScript(source, { ecmaVersion: 2022, sourceType: "script" }) as Node;
  const fn = program.body[0];
  if (program.body.length !== 1 || fn.type !== "FunctionDeclaration") unsupported("not one function declaration");
  const params = fn.params.map((p: Node) => (p.type === "Identifier" ? p.name : unsupported("a parameter pattern", p)));
  if (params.length !== 3) unsupported("not three parameters (model, from, to)");
  const statements: Node[] = fn.body.body;
  const loops = statements.filter((s) => s.type === "ForStatement");
  if (loops.length !== 1) unsupported("not one for loop at the function's top level");
  const loop = loops[0];
  const init = loop.init;
  if (init?.type !== "VariableDeclaration" || init.kind !== "let" || init.declarations.length !== 1 || init.declarations[0].init?.type !== "Identifier" || init.declarations[0].init.name !== params[1]) unsupported("not `for (let h = from; ...`", loop);
  const loopVar = init.declarations[0].id.name;
  const test = loop.test;
  if (test?.type !== "BinaryExpression" || test.operator !== "<" || test.left.name !== loopVar || test.right.type !== "Identifier" || test.right.name !== params[2]) unsupported("not `h < to`", loop);
  const update = loop.update;
  if (update?.type !== "UpdateExpression" || update.operator !== "++" || update.argument.name !== loopVar) unsupported("not `h++`", loop);
  const at = statements.indexOf(loop);
  // PRE is run twice (enter, leave) and in part: it may only declare and set its own variables.
  const preDeclared = new Set<string>();
  for (const statement of statements.slice(0, at)) {
    const names = namesOf(statement);
    for (const name of names.declared) preDeclared.add(name);
    for (const name of names.assigned) if (!preDeclared.has(name)) unsupported(`PRE assigns ${name}, not a variable of its own`, statement);
    if (names.calls) unsupported("a call in PRE", statement);
  }
  const bodyStart = fn.body.start + 1;
  const bodyEnd = fn.body.end - 1;
  return {
    params,
    pre: source.slice(bodyStart, loop.start),
    post: source.slice(loop.end, bodyEnd),
    preStatements: statements.slice(0, at),
    source,
    postStatements: statements.slice(at + 1),
    loopVar,
    body: loop.body,
  };
}

/** The names a node reads (identifiers, not property names), declares, and assigns (the roots of its assignments' targets), and whether it calls. */
function namesOf(node: Node): { used: Set<string>; declared: Set<string>; assigned: Set<string>; calls: boolean } {
  const used = new Set<string>();
  const declared = new Set<string>();
  const assigned = new Set<string>();
  let calls = false;
  const walk = (n: Node, parentKey: string, parent: Node): void => {
    if (n === null || typeof n !== "object") return;
    if (Array.isArray(n)) {
      for (const item of n) walk(item, parentKey, parent);
      return;
    }
    if (typeof n.type !== "string") return;
    if (n.type === "Identifier" && !(parent?.type === "MemberExpression" && parentKey === "property" && !parent.computed) && !(parent?.type === "Property" && parentKey === "key")) used.add(n.name);
    if (n.type === "VariableDeclarator" && n.id.type === "Identifier") declared.add(n.id.name);
    if (n.type === "AssignmentExpression") assigned.add(rootOf(n.left).name);
    if (n.type === "UpdateExpression") assigned.add(rootOf(n.argument).name);
    if (n.type === "CallExpression" || n.type === "NewExpression") calls = true;
    for (const key of Object.keys(n)) if (key !== "type" && key !== "start" && key !== "end") walk(n[key], key, n);
  };
  walk(node, "", null);
  return { used, declared, assigned, calls };
}

/**
 * PRE's statements that POST and leave's assignments (to `roots`) need, in order: a statement is
 * kept when it declares or assigns a name needed after it, and then what it reads is needed too.
 * (PRE only reads and declares: leaving out what nothing after needs changes no value.)
 */
function preNeededBy(parts: LoopParts, roots: string[]): string {
  const needed = new Set<string>([...parts.params, ...roots]);
  for (const statement of parts.postStatements) for (const name of namesOf(statement).used) needed.add(name);
  const kept: Node[] = [];
  for (let k = parts.preStatements.length - 1; k >= 0; k--) {
    const statement = parts.preStatements[k];
    const names = namesOf(statement);
    if (![...names.declared, ...names.assigned].some((name) => needed.has(name))) continue;
    kept.unshift(statement);
    for (const name of names.used) needed.add(name);
  }
  return kept.map((statement) => parts.source.slice(statement.start, statement.end)).join("\n");
}

/** PRE's top-level `const X = literal` declarations. */
function preConstants(statements: Node[]): Map<string, number | boolean> {
  const constants = new Map<string, number | boolean>();
  for (const s of statements) {
    if (s.type !== "VariableDeclaration" || s.kind !== "const") continue;
    for (const d of s.declarations) {
      const value = literalValue(d.init);
      if (d.id.type === "Identifier" && value !== undefined) constants.set(d.id.name, value);
    }
  }
  return constants;
}

/** A number or boolean literal (or - of a number literal), else undefined. */
function literalValue(node: Node): number | boolean | undefined {
  if (node?.type === "Literal" && (typeof node.value === "number" || typeof node.value === "boolean")) return node.value;
  if (node?.type === "UnaryExpression" && node.operator === "-" && node.argument.type === "Literal" && typeof node.argument.value === "number") return -node.argument.value;
  return undefined;
}

interface FreeUse {
  assigned: boolean;
  written: boolean;
  /** Read as array[...] (not only written). */
  read: boolean;
  /** Read or written as array[...] with an index other than the loop's variable. */
  otherIndex: boolean;
  asArray: boolean;
}

/** What BODY reads and writes of PRE's variables and properties (by key), with scopes as JavaScript's. */
function freeUses(body: Node, loopVar: string): Map<string, FreeUse> {
  const uses = new Map<string, FreeUse>();
  const scopes: Set<string>[] = [];
  const declared = (name: string) => name === loopVar || scopes.some((s) => s.has(name));
  const use = (key: string) => {
    let u = uses.get(key);
    if (!u) uses.set(key, (u = { assigned: false, written: false, read: false, otherIndex: false, asArray: false }));
    return u;
  };
  const GLOBALS = new Set(["NaN", "Infinity", "undefined"]);
  const expr = (node: Node, writing = false): string | null => {
    switch (node.type) {
      case "Identifier": {
        if (declared(node.name) || GLOBALS.has(node.name)) return null;
        use(node.name);
        return node.name;
      }
      case "MemberExpression": {
        if (node.computed) {
          const key = chainOf(node.object);
          if (key === null || declared(rootOf(node.object).name)) unsupported("an array that is not a variable or property of PRE's", node);
          const u = use(key);
          u.asArray = true;
          if (!writing) u.read = true;
          if (!(node.property.type === "Identifier" && node.property.name === loopVar && !scopes.some((s) => s.has(loopVar)))) u.otherIndex = true;
          expr(node.property);
          return key;
        }
        const key = chainOf(node);
        if (key === null) unsupported("a member expression", node);
        if (declared(rootOf(node).name)) unsupported("a property of a variable BODY declares", node);
        use(key);
        return key;
      }
      case "Literal":
        return null;
      case "BinaryExpression":
      case "LogicalExpression":
        expr(node.left);
        expr(node.right);
        return null;
      case "UnaryExpression":
        expr(node.argument);
        return null;
      case "ConditionalExpression":
        expr(node.test);
        expr(node.consequent);
        expr(node.alternate);
        return null;
      default:
        return unsupported(`a ${node.type}`, node);
    }
  };
  const target = (node: Node) => {
    if (node.type === "MemberExpression" && node.computed) {
      const key = expr(node, true);
      if (key !== null) use(key).written = true;
      return;
    }
    const key = expr(node);
    if (key !== null) use(key).assigned = true;
  };
  const stmt = (node: Node) => {
    switch (node.type) {
      case "VariableDeclaration":
        for (const d of node.declarations) {
          if (d.id.type !== "Identifier" || d.init === null) unsupported("a declaration without a value", d);
          expr(d.init);
          scopes[scopes.length - 1].add(d.id.name);
        }
        return;
      case "BlockStatement":
        scopes.push(new Set());
        for (const s of node.body) stmt(s);
        scopes.pop();
        return;
      case "IfStatement":
        expr(node.test);
        scopes.push(new Set());
        stmt(node.consequent);
        scopes.pop();
        if (node.alternate) {
          scopes.push(new Set());
          stmt(node.alternate);
          scopes.pop();
        }
        return;
      case "ExpressionStatement": {
        const e = node.expression;
        if (e.type === "AssignmentExpression") {
          expr(e.right);
          if (e.operator !== "=") expr(e.left);
          target(e.left);
        } else if (e.type === "UpdateExpression") {
          expr(e.argument);
          target(e.argument);
        } else unsupported(`an expression statement (${e.type})`, e);
        return;
      }
      case "EmptyStatement":
        return;
      default:
        unsupported(`a ${node.type}`, node);
    }
  };
  scopes.push(new Set());
  stmt(body);
  return uses;
}

/** The four models' loop, compiled: `run` returns false when a model's inputs are not of the kinds it was compiled for. */
export class LanesLoop {
  private readonly enter: (model: unknown, from: number, to: number, f64: Float64Array, base: number, objects: unknown[], lane: number) => boolean;
  private readonly leave: (model: unknown, from: number, to: number, f64: Float64Array, base: number) => void;
  /** The general kernel (every number in lanes), compiled when a call first needs it. */
  private kernel: ((io: number, from: number, to: number) => void) | null = null;
  private readonly arrays: Entity[];
  private readonly objects: unknown[];
  /** The input block: LANES doubles a slot, then LANES addresses an array, then each array's LANES written ranges. */
  private readonly io: number;
  private readonly addressBase: number;
  private readonly rangeBase: number;
  /**
   * Copies in the lanes' memory: of each array the models share (once for each array: a new one,
   * as a sweep's next plan brings, takes the place of the last), and of each model's own (per call).
   */
  private readonly sharedCopies: { array: TypedArray | null; address: number; bytes: number }[];
  private readonly laneCopies: { address: number; bytes: number; view: TypedArray | null }[];
  private readonly held: number[] = [];
  /** The arrays' values placed at the last call that ran, the memory then, and whether each array is copied at every call (then placed again). */
  private readonly placed: unknown[];
  private placedBuffer: ArrayBufferLike | null = null;
  private readonly copiesEachCall: boolean[];
  private views = { buffer: null as ArrayBufferLike | null, f64: new Float64Array(0), i32: new Int32Array(0) };

  constructor(
    source: string,
    /** The four models this loop is compiled with (PRE is run for each, to learn the kinds of what BODY reads). */
    models: readonly unknown[],
    private readonly heap: LanesMemory,
    /** Names PRE and POST may read besides the parameters (their values). */
    context: Record<string, unknown> = {},
  ) {
    if (models.length !== LANES) throw new Error(`lanes: ${models.length} models, not ${LANES}`);
    this.source = source;
    // The text's analysis: kept (by the text and the compiler) if a store is set, else made now.
    this.sourceKey = loopStore !== null && COMPILER_ID !== null ? sha256Hex(COMPILER_ID, source) : null;
    const kept = this.sourceKey === null ? null : readRecord(`lanes-${this.sourceKey}.analysis`);
    let analysis: LoopAnalysis;
    if (kept !== null) analysis = analysisOf(new TextDecoder().decode(kept.bytes));
    else {
      this.parts = loopParts(source);
      analysis = analyse(this.parts);
      if (this.sourceKey !== null) writeRecord(`lanes-${this.sourceKey}.analysis`, {}, new TextEncoder().encode(analysisText(analysis)));
    }
    const parts = analysis;
    const uses = new Map(analysis.uses);
    const constants = new Map(analysis.constants);
    const keys = [...uses.keys()];
    const contextNames = Object.keys(context);
    const contextValues = contextNames.map((name) => context[name]);
    const fn = (params: string[], body: string) => new Function(...contextNames, `return function (${params.join(", ")}) {${body}\n};`)(...contextValues);
    const [model, from, to] = parts.params;
    // What BODY reads, as each model's PRE leaves it.
    const probe = fn(parts.params, `${parts.pre}\nreturn [${keys.map((k) => `(${k})`).join(", ")}];`) as (m: unknown, f: number, t: number) => unknown[];
    const samples = models.map((m) => probe(m, 0, 0));
    const entities: Entity[] = [];
    let slots = 0;
    let arrayCount = 0;
    keys.forEach((key, k) => {
      const u = uses.get(key)!;
      const values = samples.map((s) => s[k]);
      const first = values[0];
      const entity: Entity = { key, kind: "num", assigned: u.assigned, slot: -1, array: -1, element: null, shared: false, written: u.written, read: u.read, hourIndexOnly: !u.otherIndex };
      if (constants.has(key) && !u.assigned) {
        entity.kind = "const";
        entity.value = constants.get(key);
      } else if (values.every((v) => typeof v === "number")) {
        entity.kind = "num";
        entity.slot = slots++;
      } else if (values.every((v) => typeof v === "boolean")) {
        if (u.assigned) unsupported(`BODY assigns the boolean ${key}`);
        entity.kind = "bool";
        entity.slot = slots++;
      } else if (values.every((v) => v === null)) {
        entity.kind = "null";
      } else if (ArrayBuffer.isView(first)) {
        const element = ELEMENTS.find((e) => first instanceof e.type);
        if (!element || !values.every((v) => v instanceof element.type)) unsupported(`${key}: not typed arrays of one kind`);
        entity.kind = "array";
        entity.element = element;
        entity.array = arrayCount++;
        entity.shared = values.every((v) => v === first);
        if (u.written && (entity.shared || element.type !== Float64Array)) unsupported(`BODY writes ${key}, shared by the models or not a Float64Array`);
      } else unsupported(`${key}: neither numbers, booleans, typed arrays nor null in every model`);
      if (u.assigned && entity.kind !== "num") unsupported(`BODY assigns ${key}, not a number`);
      // (A null may be read as an array in a branch `x !== null` leaves out: compiled only if reached.)
      if (entity.kind !== "array" && entity.kind !== "null" && (u.asArray || u.written)) unsupported(`${key} is read as an array`);
      entities.push(entity);
    });
    this.arrays = entities.filter((e) => e.kind === "array");
    this.objects = new Array(this.arrays.length * LANES).fill(null);
    this.addressBase = slots * LANES * 8;
    // Then, for each array and lane, the first and last index BODY wrote (what goes back to the model).
    this.rangeBase = this.addressBase + this.arrays.length * LANES * 4;
    this.io = this.take(Math.max(16, this.rangeBase + this.arrays.length * LANES * 8));
    this.laneCopies = Array.from({ length: this.arrays.length * LANES }, () => ({ address: 0, bytes: 0, view: null as TypedArray | null }));
    this.sharedCopies = this.arrays.map(() => ({ array: null as TypedArray | null, address: 0, bytes: 0 }));
    this.placed = new Array(this.arrays.length * LANES).fill(null);
    this.copiesEachCall = this.arrays.map(() => true);

    // enter: PRE, then each number and boolean into its slot (lane `lane`), each array into objects.
    const check = (kind: string) => `if (typeof __v !== "${kind}") return false;`;
    const enterBody = [
      parts.pre,
      "let __v;",
      ...entities.flatMap((e) => {
        if (e.kind === "num") return [`__v = (${e.key}); ${check("number")} __f[__b + ${e.slot * LANES}] = __v;`];
        if (e.kind === "bool") return [`__v = (${e.key}); ${check("boolean")} __f[__b + ${e.slot * LANES}] = __v ? 1 : 0;`];
        if (e.kind === "array") return [`__o[${e.array * LANES} + __L] = (${e.key});`];
        return [];
      }),
      // The nulls: still null.
      ...entities.filter((e) => e.kind === "null").map((e) => `if ((${e.key}) !== null) return false;`),
      "return true;",
    ].join("\n");
    this.enter = fn([model, from, to, "__f", "__b", "__o", "__L"], enterBody);
    // leave: the part of PRE that the rest needs, what BODY changed, POST.
    const leaveBody = [analysis.preNeeded, ...entities.filter((e) => e.assigned).map((e) => `${e.key} = __f[__b + ${e.slot * LANES}];`), parts.post].join("\n");
    this.leave = fn([model, from, to, "__f", "__b"], leaveBody);

    this.entities = entities;
    this.slots = slots;
    // The kernel with what is the same in the four lanes now as scalars (what BODY does not take
    // throws LanesUnsupported here); the general one when a call needs it.
    const alike = entities.filter((e) => (e.kind === "num" || e.kind === "bool") && samples.every((sample) => Object.is(sample[keys.indexOf(e.key)], samples[0][keys.indexOf(e.key)])));
    const compiled = this.compileKernel(new Set(alike.map((e) => e.key)));
    if (compiled.uniform.length === 0) this.kernel = compiled.kernel;
    else this.special = { kernel: compiled.kernel, slots: Int32Array.from(compiled.uniform, (key) => entities.find((e) => e.key === key)!.slot) };
  }

  private readonly source: string;
  /** The text's parts, parsed when a kernel is compiled (not when every kernel and the analysis were kept). */
  private parts: LoopParts | null = null;
  /** The text's key in the store (null: nothing kept). */
  private readonly sourceKey: string | null;
  private readonly entities: Entity[];
  private readonly slots: number;
  /**
   * The kernel compiled with the numbers and booleans that were the same in all four lanes when the
   * loop was compiled taken as one scalar each (those BODY keeps the same in every lane: a calendar's month,
   * a plan's constants, an AI load the runs share), and their slots; used while they are the same
   * (bits alike: the same IEEE operations on the same values). null: none (nothing was alike).
   */
  private special: { kernel: (io: number, from: number, to: number) => void; slots: Int32Array } | null = null;

  private compileKernel(uniform: ReadonlySet<string>): { kernel: (io: number, from: number, to: number) => void; uniform: string[] } {
    // Kept by everything the compiler reads: the text, the entities (kinds, slots, arrays), the layout, the uniform set.
    const shape = JSON.stringify({
      entities: this.entities.map((e) => [e.key, e.kind, Object.is(e.value, -0) ? "-0" : (e.value ?? null), e.assigned, e.slot, e.array, e.element === null ? -1 : ELEMENTS.indexOf(e.element), e.shared, e.written, e.read, e.hourIndexOnly]),
      slots: this.slots,
      addressBase: this.addressBase,
      rangeBase: this.rangeBase,
      uniform: [...uniform].sort(),
    });
    const name = this.sourceKey === null ? null : `lanes-${sha256Hex(this.sourceKey, shape)}.wasm`;
    const kept = name === null ? null : readRecord(name);
    let module: WebAssembly.Module | null = null;
    let uniformKeys: string[] = [];
    if (kept !== null && Array.isArray(kept.header.uniform)) {
      try {
        module = new WebAssembly.Module(kept.bytes);
        uniformKeys = kept.header.uniform;
      } catch {
        module = null;
      }
    }
    if (module === null) {
      this.parts ??= loopParts(this.source);
      const compiler = new BodyCompiler(this.parts, this.entities, this.slots, this.addressBase, this.rangeBase, uniform);
      const bytes = compiler.module();
      module = new WebAssembly.Module(bytes);
      uniformKeys = compiler.uniformKeys();
      if (name !== null) writeRecord(name, { uniform: uniformKeys }, bytes);
    }
    const instance = new WebAssembly.Instance(module, { env: { memory: this.heap.memory } });
    return { kernel: instance.exports.run as (io: number, from: number, to: number) => void, uniform: uniformKeys };
  }

  /** Whether the numbers in `slots` are the same (Object.is) in the four lanes. */
  private sameInLanes(slots: Int32Array, f64: Float64Array): boolean {
    const base = this.io >> 3;
    for (let k = 0; k < slots.length; k++) {
      const at = base + slots[k] * LANES;
      const first = f64[at];
      for (let lane = 1; lane < LANES; lane++) if (!Object.is(f64[at + lane], first)) return false;
    }
    return true;
  }

  /** The kernel for this call: the special one when its numbers are the same in the four lanes (null: the general one cannot be compiled). */
  private kernelFor(f64: Float64Array): ((io: number, from: number, to: number) => void) | null {
    if (this.special !== null && this.sameInLanes(this.special.slots, f64)) return this.special.kernel;
    if (this.kernel === null && !this.generalUnsupported) {
      try {
        this.kernel = this.compileKernel(new Set()).kernel;
      } catch (err) {
        if (!(err instanceof LanesUnsupported)) throw err;
        this.generalUnsupported = true;
      }
    }
    return this.kernel;
  }
  private generalUnsupported = false;

  private take(bytes: number): number {
    const address = this.heap.allocate(bytes);
    this.held.push(address, bytes);
    return address;
  }

  /** Gives the lanes' memory blocks back (the loop is not used after). */
  release(): void {
    for (let k = 0; k < this.held.length; k += 2) this.heap.release(this.held[k], this.held[k + 1]);
    this.held.length = 0;
    for (const copy of [...this.sharedCopies, ...this.laneCopies]) {
      if (copy.bytes > 0) this.heap.release(copy.address, copy.bytes);
      copy.bytes = 0;
    }
  }

  private heapViews() {
    const buffer = this.heap.memory.buffer;
    const views = this.views;
    if (views.buffer !== buffer) {
      views.buffer = buffer;
      views.f64 = new Float64Array(buffer);
      views.i32 = new Int32Array(buffer);
    }
    return views;
  }

  /** Whether the last call declined because a model held a view of the memory from before it grew (detached: no elements). */
  viewsStale = false;

  /** Calls of run that ran the lanes, and that declined (a model's inputs not of the kinds compiled for, or the memory grown). */
  readonly calls = { ran: 0, declined: 0 };

  /** Hours from .. to-1 of the four models; false (nothing done) when one's inputs are not of the kinds compiled for. */
  run(models: readonly unknown[], from: number, to: number): boolean {
    const views = this.heapViews();
    const bufferAtEntry = views.buffer;
    const slotBase = this.io >> 3;
    const arrays = this.arrays;
    let ok = true;
    this.viewsStale = false;
    for (let lane = 0; lane < LANES && ok; lane++) ok = this.enter(models[lane], from, to, views.f64, slotBase + lane, this.objects, lane);
    const kernel = ok ? this.kernelFor(views.f64) : null;
    if (kernel === null) ok = false;
    // Room for the arrays' copies first: taking it may grow the memory, which detaches every view of
    // it the models hold (their market paths), as compiling this loop may have: then declined, for
    // the caller to take its views again and call again (the room is there by then).
    for (let a = 0; a < arrays.length && ok; a++) if (!this.unchanged(a, bufferAtEntry)) ok = this.reserveArray(a, from, to);
    if (this.heap.memory.buffer !== bufferAtEntry) this.viewsStale = true;
    if (!ok || this.viewsStale) {
      this.objects.fill(null);
      this.placedBuffer = null;
      this.calls.declined++;
      return false;
    }
    for (let a = 0; a < arrays.length; a++) {
      if (this.unchanged(a, bufferAtEntry)) continue;
      this.copiesEachCall[a] = this.placeArray(a, from, to);
      for (let k = a * LANES; k < a * LANES + LANES; k++) this.placed[k] = this.objects[k];
    }
    this.placedBuffer = bufferAtEntry;
    this.calls.ran++;
    const ranges = (this.io + this.rangeBase) >> 2;
    for (let k = 0; k < arrays.length * LANES; k++) {
      views.i32[ranges + 2 * k] = 0x7fffffff;
      views.i32[ranges + 2 * k + 1] = -1;
    }
    // (The kernel does not grow the memory: the views stay.)
    kernel!(this.io, from, to);
    // Arrays written: what BODY wrote (first to last index) back to the models' arrays.
    for (let a = 0; a < arrays.length; a++) {
      if (!arrays[a].written) continue;
      for (let lane = 0; lane < LANES; lane++) {
        const target = this.objects[a * LANES + lane] as Float64Array;
        if (target.buffer === bufferAtEntry) continue;
        const copy = this.laneCopies[a * LANES + lane].view as Float64Array;
        const last = views.i32[ranges + 2 * (a * LANES + lane) + 1];
        for (let k = views.i32[ranges + 2 * (a * LANES + lane)]; k <= last; k++) target[k] = copy[k];
      }
    }
    for (let lane = 0; lane < LANES; lane++) this.leave(models[lane], from, to, views.f64, slotBase + lane);
    return true;
  }

  /**
   * Whether array `a`'s four values are the ones placed at the last call, in the same memory, and
   * needed no copy then: it is where it was, its addresses still in the input block.
   */
  private unchanged(a: number, buffer: ArrayBufferLike | null): boolean {
    if (this.copiesEachCall[a] || this.placedBuffer !== buffer) return false;
    for (let k = a * LANES; k < a * LANES + LANES; k++) if (this.objects[k] !== this.placed[k]) return false;
    return true;
  }

  /**
   * Checks array `a`'s four values and makes room for the copies they need (the memory may grow);
   * false when they are not of the kind compiled for. A view of the memory from before it grew
   * (detached: no elements) sets viewsStale.
   */
  private reserveArray(a: number, from: number, to: number): boolean {
    const entity = this.arrays[a];
    const element = entity.element!;
    const objects = this.objects;
    const first = objects[a * LANES] as TypedArray;
    for (let lane = 0; lane < LANES; lane++) {
      const value = objects[a * LANES + lane];
      if (!(value instanceof element.type)) return false;
      // (Taken again by the caller, and this call declined: the other arrays' room is still made.)
      if (value.length === 0) this.viewsStale = true;
      // Shared: the one array in every lane. Written: each lane's own.
      if (entity.shared && value !== first) return false;
      if (entity.written) for (let other = 0; other < lane; other++) if (objects[a * LANES + other] === value) return false;
    }
    const buffer = this.heap.memory.buffer;
    if (entity.shared) {
      const copy = this.sharedCopies[a];
      if (first.buffer !== buffer && first.length > 0 && copy.array !== first) {
        // Copied once: JavaScript's arrays are never detached, so the copy can be made now.
        if (copy.bytes > 0) this.heap.release(copy.address, copy.bytes);
        copy.bytes = Math.max(16, first.byteLength);
        copy.address = this.heap.allocate(copy.bytes);
        copy.array = first;
        new Uint8Array(this.heap.memory.buffer).set(new Uint8Array(first.buffer, first.byteOffset, first.byteLength), copy.address);
      }
      return true;
    }
    for (let lane = 0; lane < LANES; lane++) {
      const value = objects[a * LANES + lane] as TypedArray;
      if (value.buffer === buffer || value.length === 0) continue;
      // Read at the loop's hour only and never written: the hours from .. to-1 are enough (room for
      // twice as many, so that a longer range does not take a block again at once).
      const bytes = Math.max(16, (entity.hourIndexOnly && !entity.written ? 2 * (to - from) : value.length) << element.shift);
      const copy = this.laneCopies[a * LANES + lane];
      if (copy.bytes < bytes) {
        if (copy.bytes > 0) this.heap.release(copy.address, copy.bytes);
        copy.address = this.heap.allocate(bytes);
        copy.bytes = bytes;
        copy.view = null;
      }
    }
    return true;
  }

  /** Puts array `a`'s four addresses into the input block, copying each model's own array where needed (reserveArray made the room); whether it copied one. */
  private placeArray(a: number, from: number, to: number): boolean {
    const entity = this.arrays[a];
    const element = entity.element!;
    const objects = this.objects;
    const first = objects[a * LANES] as TypedArray;
    const buffer = this.heap.memory.buffer;
    const views = this.heapViews();
    const slot = (this.io + this.addressBase) >> 2;
    if (entity.shared) {
      const address = first.buffer === buffer ? first.byteOffset : this.sharedCopies[a].address;
      for (let lane = 0; lane < LANES; lane++) views.i32[slot + a * LANES + lane] = address;
      return false;
    }
    let copied = false;
    for (let lane = 0; lane < LANES; lane++) {
      const value = objects[a * LANES + lane] as TypedArray;
      let address: number;
      if (value.buffer === buffer) address = value.byteOffset;
      else {
        const window = entity.hourIndexOnly && !entity.written;
        const start = window ? Math.min(from, value.length) : 0;
        const end = window ? Math.min(to, value.length) : value.length;
        const copy = this.laneCopies[a * LANES + lane];
        // A view of the copy as long as what is copied (made again when the memory or the length changes): set() is a memcpy.
        if (copy.view === null || copy.view.buffer !== buffer || copy.view.length !== end - start) copy.view = new (element.type as unknown as new (buffer: ArrayBufferLike, at: number, length: number) => TypedArray)(buffer, copy.address, end - start);
        // (An array BODY only writes is not copied in: only what it writes goes back.)
        if (window) for (let k = start; k < end; k++) copy.view[k - start] = value[k];
        else if (!entity.written || entity.read) copy.view.set(value as Float64Array);
        if (window || !entity.written || entity.read) copied = true;
        address = copy.address - (start << element.shift);
      }
      views.i32[slot + a * LANES + lane] = address;
    }
    return copied;
  }
}

/** + - * /: the scalar and the f64x2 opcode, and JavaScript's own operation (for two constants). */
const ARITHMETIC: Record<string, [number, number, (x: number, y: number) => number]> = {
  "+": [OP.f64Add, SIMD.f64x2Add, (x, y) => x + y],
  "-": [OP.f64Sub, SIMD.f64x2Sub, (x, y) => x - y],
  "*": [OP.f64Mul, SIMD.f64x2Mul, (x, y) => x * y],
  "/": [OP.f64Div, SIMD.f64x2Div, (x, y) => x / y],
};

/**
 * a op b when it is a or b itself for every value of the other, to the bit (IEEE 754): x * 1, 1 * x,
 * x / 1, x - 0 and x + -0, -0 + x (not x + 0: -0 + 0 is +0). (A NaN's payload may differ; no
 * output tells NaNs apart.)
 */
function identity(op: string, a: Val, b: Val): Val | null {
  const is = (v: Val, x: number) => v.konst !== undefined && Object.is(v.konst, x);
  if (op === "*") return is(b, 1) ? a : is(a, 1) ? b : null;
  if (op === "/") return is(b, 1) ? a : null;
  if (op === "-") return is(b, 0) ? a : null;
  if (op === "+") return is(b, -0) ? a : is(a, -0) ? b : null;
  return null;
}

/** Compiles BODY into the lanes' WebAssembly function. */
class BodyCompiler {
  private code = new CodeWriter();
  private locals: ValueType[] = [];
  /** Each declaration's variable kind (by its node), found over passes: a variable starts uniform and becomes varying. */
  private readonly varying = new Set<Node>();
  private changed = false;
  private scopes: Map<string, Var & { node: Node }>[] = [];
  private readonly entityByKey: Map<string, Entity>;
  private entityVals = new Map<string, Var>();
  private arrayAddresses: number[][] = [];
  private loopF64 = 0;
  private loopI32 = 0;

  constructor(
    private readonly parts: LoopParts,
    private readonly entities: Entity[],
    private readonly slots: number,
    private readonly addressBase: number,
    private readonly rangeBase: number,
    /** Entities taken as one scalar for the four lanes (unless BODY makes them differ: then not). */
    private readonly uniform: ReadonlySet<string> = new Set(),
  ) {
    this.entityByKey = new Map(entities.map((e) => [e.key, e]));
  }

  /** The entities compiled as one scalar (after module()). */
  uniformKeys(): string[] {
    return [...this.uniform].filter((key) => !this.varying.has(key));
  }

  module(): Uint8Array<ArrayBuffer> {
    // Passes until no variable changes kind, then the last pass's code.
    for (let pass = 0; pass < 50; pass++) {
      this.changed = false;
      this.compile();
      if (!this.changed) return oneFunctionModule(PARAMS, this.locals, this.code);
    }
    throw new Error("lanes: variable kinds did not settle");
  }

  private local(type: ValueType): number {
    this.locals.push(type);
    return PARAMS.length + this.locals.length - 1;
  }

  private compile(): void {
    this.code = new CodeWriter();
    this.locals = [];
    this.scopes = [];
    this.entityVals = new Map();
    const c = this.code;
    // The inputs: each slot's four lanes, two halves; each array's four addresses.
    for (const e of this.entities) {
      if ((e.kind === "num" || e.kind === "bool") && this.uniform.has(e.key) && !this.varying.has(e.key)) {
        // The same in every lane: lane 0's value.
        const l = this.local(e.kind === "num" ? F64 : I32);
        c.localGet(PARAM_IO).op(OP.f64Load).memarg(3, e.slot * LANES * 8);
        if (e.kind === "bool") c.f64Const(0).op(OP.f64Ne);
        c.localSet(l);
        this.entityVals.set(e.key, { type: e.kind, varying: false, locals: [l], node: e.key });
      } else if (e.kind === "num" || e.kind === "bool") {
        const halves = [this.local(V128), this.local(V128)];
        for (let half = 0; half < 2; half++) {
          c.localGet(PARAM_IO).simd(SIMD.load).memarg(4, e.slot * LANES * 8 + half * 16);
          if (e.kind === "bool") c.v128ConstF64(0, 0).simd(SIMD.f64x2Ne);
          c.localSet(halves[half]);
        }
        this.entityVals.set(e.key, { type: e.kind, varying: true, locals: halves });
      } else if (e.kind === "const") {
        this.entityVals.set(e.key, { type: typeof e.value === "boolean" ? "bool" : "num", varying: false, konst: e.value, locals: [] });
      }
    }
    this.arrayAddresses = this.entities
      .filter((e) => e.kind === "array")
      .map((e) => {
        const lanes = e.shared ? 1 : LANES;
        return Array.from({ length: lanes }, (_, lane) => {
          const l = this.local(I32);
          c.localGet(PARAM_IO).op(OP.i32Load).memarg(2, this.addressBase + (e.array * LANES + lane) * 4).localSet(l);
          return l;
        });
      });
    // The loop: h as a double and as an integer.
    this.loopF64 = this.local(F64);
    this.loopI32 = this.local(I32);
    c.localGet(PARAM_FROM).localSet(this.loopF64);
    c.localGet(PARAM_FROM).i32TruncSatF64S().localSet(this.loopI32);
    c.op(OP.block, 0x40, OP.loop, 0x40);
    c.localGet(this.loopF64).localGet(PARAM_TO).op(OP.f64Lt, OP.i32Eqz, OP.br_if).u32(1);
    this.statement(this.parts.body, null);
    c.localGet(this.loopF64).f64Const(1).op(OP.f64Add).localSet(this.loopF64);
    c.localGet(this.loopI32).i32Const(1).op(OP.i32Add).localSet(this.loopI32);
    c.op(OP.br).u32(0);
    c.op(OP.end, OP.end);
    // What BODY assigned, back into its slots.
    for (const e of this.entities) {
      if (!e.assigned) continue;
      const v = this.entityVals.get(e.key)!;
      if (v.varying) for (let half = 0; half < 2; half++) c.localGet(PARAM_IO).localGet(v.locals[half]).simd(SIMD.store).memarg(4, e.slot * LANES * 8 + half * 16);
      else for (let lane = 0; lane < LANES; lane++) c.localGet(PARAM_IO).localGet(v.locals[0]).op(OP.f64Store).memarg(3, e.slot * LANES * 8 + lane * 8);
    }
  }

  // --- values ---

  private konst(value: number | boolean): Val {
    return { type: typeof value === "boolean" ? "bool" : "num", konst: value, varying: false, locals: [] };
  }

  /** A uniform value's local (materialising a constant). */
  private scalar(v: Val): number {
    if (v.varying) throw new Error("lanes: scalar of a varying value");
    if (v.konst === undefined) return v.locals[0];
    const c = this.code;
    if (v.type === "num") {
      const l = this.local(F64);
      c.f64Const(v.konst as number).localSet(l);
      return l;
    }
    const l = this.local(I32);
    c.i32Const(v.konst ? 1 : 0).localSet(l);
    return l;
  }

  /** A value's two v128 halves (splatting a uniform one). */
  private halves(v: Val): number[] {
    if (v.varying) return v.locals;
    const c = this.code;
    const l = this.local(V128);
    if (v.konst !== undefined) {
      if (v.type === "num") c.v128ConstF64(v.konst as number, v.konst as number);
      else c.v128ConstBits(v.konst as boolean);
    } else if (v.type === "num") c.localGet(v.locals[0]).simd(SIMD.f64x2Splat);
    else c.op(OP.i64Const).s32(0).localGet(v.locals[0]).op(OP.i64ExtendI32U, OP.i64Sub).simd(SIMD.i64x2Splat);
    c.localSet(l);
    return [l, l];
  }

  private varyingOf(type: "num" | "bool", emit: (half: number) => void): Val {
    const locals = [this.local(V128), this.local(V128)];
    for (let half = 0; half < 2; half++) {
      emit(half);
      this.code.localSet(locals[half]);
    }
    return { type, varying: true, locals };
  }

  private uniformOf(type: "num" | "bool", emit: () => void): Val {
    const l = this.local(type === "num" ? F64 : I32);
    emit();
    this.code.localSet(l);
    return { type, varying: false, locals: [l] };
  }

  // --- expressions ---

  private expression(node: Node): Val {
    switch (node.type) {
      case "Literal": {
        if (typeof node.value === "number" || typeof node.value === "boolean") return this.konst(node.value);
        return unsupported("a literal that is not a number or boolean", node);
      }
      case "Identifier":
        return this.identifier(node);
      case "MemberExpression":
        return node.computed ? this.arrayRead(node) : this.entityValue(chainOf(node)!, node);
      case "UnaryExpression":
        return this.unary(node);
      case "BinaryExpression":
        return this.binary(node);
      case "LogicalExpression":
        return this.logical(node);
      case "ConditionalExpression":
        return this.conditional(node);
      default:
        return unsupported(`a ${node.type}`, node);
    }
  }

  private lookup(name: string): (Var & { node: Node }) | undefined {
    for (let k = this.scopes.length - 1; k >= 0; k--) {
      const v = this.scopes[k].get(name);
      if (v) return v;
    }
    return undefined;
  }

  private identifier(node: Node): Val {
    const v = this.lookup(node.name);
    if (v) return { type: v.type, varying: v.varying, konst: v.konst, locals: v.locals };
    if (node.name === this.parts.loopVar) return { type: "num", varying: false, locals: [this.loopF64] };
    if (node.name === "NaN") return this.konst(NaN);
    if (node.name === "Infinity") return this.konst(Infinity);
    return this.entityValue(node.name, node);
  }

  private entityValue(key: string, node: Node): Val {
    const v = this.entityVals.get(key);
    if (!v) return unsupported(`${key} read as a value`, node);
    return { type: v.type, varying: v.varying, konst: v.konst, locals: v.locals };
  }

  private unary(node: Node): Val {
    // !(a === b) is a !== b and !(a !== b) is a === b, NaNs too (not so for < <= > >=).
    const inner = node.argument;
    if (node.operator === "!" && inner.type === "BinaryExpression" && (inner.operator === "===" || inner.operator === "!==")) {
      return this.binary({ ...inner, operator: inner.operator === "===" ? "!==" : "===" });
    }
    const a = this.expression(node.argument);
    if (node.operator === "-" && a.type === "num") {
      if (a.konst !== undefined) return this.konst(-(a.konst as number));
      if (!a.varying) return this.uniformOf("num", () => this.code.localGet(a.locals[0]).op(OP.f64Neg));
      return this.varyingOf("num", (half) => this.code.localGet(a.locals[half]).simd(SIMD.f64x2Neg));
    }
    if (node.operator === "!" && a.type === "bool") return this.not(a);
    return unsupported(`unary ${node.operator} of a ${a.type}`, node);
  }

  private not(a: Val): Val {
    if (a.konst !== undefined) return this.konst(!a.konst);
    if (!a.varying) return this.uniformOf("bool", () => this.code.localGet(a.locals[0]).op(OP.i32Eqz));
    return this.varyingOf("bool", (half) => this.code.localGet(a.locals[half]).simd(SIMD.not));
  }

  private isNull(node: Node): boolean {
    return node.type === "Literal" && node.value === null;
  }

  private binary(node: Node): Val {
    const op: string = node.operator;
    // `x === null` / `x !== null` of an array or a null: known when compiled (enter checks it still holds).
    if ((op === "===" || op === "!==") && (this.isNull(node.left) || this.isNull(node.right))) {
      const other = this.isNull(node.left) ? node.right : node.left;
      const key = chainOf(other);
      const entity = key === null || this.lookup(rootOf(other).name) ? undefined : this.entityByKey.get(key);
      if (!entity || (entity.kind !== "array" && entity.kind !== "null")) return unsupported("a comparison with null of something not an array", node);
      return this.konst((entity.kind === "null") === (op === "==="));
    }
    const a = this.expression(node.left);
    const b = this.expression(node.right);
    if (a.type !== "num" || b.type !== "num") return unsupported(`${op} of a ${a.type} and a ${b.type}`, node);
    if (op in ARITHMETIC) return this.arithmetic(op, a, b);
    const comparison: Record<string, [number, number, (x: number, y: number) => boolean]> = {
      "<": [OP.f64Lt, SIMD.f64x2Lt, (x, y) => x < y],
      "<=": [OP.f64Le, SIMD.f64x2Le, (x, y) => x <= y],
      ">": [OP.f64Gt, SIMD.f64x2Gt, (x, y) => x > y],
      ">=": [OP.f64Ge, SIMD.f64x2Ge, (x, y) => x >= y],
      "===": [OP.f64Eq, SIMD.f64x2Eq, (x, y) => x === y],
      "!==": [OP.f64Ne, SIMD.f64x2Ne, (x, y) => x !== y],
    };
    const entry = comparison[op];
    if (!entry) return unsupported(`the operator ${op}`, node);
    const [scalarOp, simdOp, evaluate] = entry;
    // Both known: JavaScript's own comparison.
    if (a.konst !== undefined && b.konst !== undefined) return this.konst(evaluate(a.konst as number, b.konst as number));
    if (!a.varying && !b.varying) {
      const la = this.scalar(a);
      const lb = this.scalar(b);
      return this.uniformOf("bool", () => this.code.localGet(la).localGet(lb).op(scalarOp));
    }
    const ha = this.halves(a);
    const hb = this.halves(b);
    return this.varyingOf("bool", (half) => this.code.localGet(ha[half]).localGet(hb[half]).simd(simdOp));
  }

  private logical(node: Node): Val {
    const a = this.expression(node.left);
    if (a.type !== "bool") return unsupported(`${node.operator} of a number`, node);
    const and = node.operator === "&&";
    if (!and && node.operator !== "||") return unsupported(`the operator ${node.operator}`, node);
    // A known left side decides without the right (which is then not compiled: JavaScript does not evaluate it).
    if (a.konst !== undefined) return a.konst === !and ? a : this.boolOnly(this.expression(node.right), node);
    const b = this.boolOnly(this.expression(node.right), node);
    if (b.konst !== undefined) return b.konst === and ? a : b;
    if (!a.varying && !b.varying) return this.uniformOf("bool", () => this.code.localGet(a.locals[0]).localGet(b.locals[0]).op(and ? OP.i32And : OP.i32Or));
    const ha = this.halves(a);
    const hb = this.halves(b);
    return this.varyingOf("bool", (half) => this.code.localGet(ha[half]).localGet(hb[half]).simd(and ? SIMD.and : SIMD.or));
  }

  private boolOnly(v: Val, node: Node): Val {
    if (v.type !== "bool") return unsupported("&& or || of a number", node);
    return v;
  }

  private conditional(node: Node): Val {
    const test = this.expression(node.test);
    if (test.type !== "bool") return unsupported("a condition that is not a boolean", node);
    if (test.konst !== undefined) return this.expression(test.konst ? node.consequent : node.alternate);
    const a = this.expression(node.consequent);
    const b = this.expression(node.alternate);
    if (a.type !== b.type) return unsupported("a conditional of two types", node);
    const pseudo = this.pseudoMinMax(node, test, a, b);
    if (pseudo !== null) return pseudo;
    return this.select(test, a, b);
  }

  private text(node: Node): string {
    return this.parts.source.slice(node.start, node.end);
  }

  /**
   * x < y ? x : y and its like, in lanes: f64x2.pmin / pmax, whose definitions are these selects
   * (pmin(p, q) = q < p ? q : p, pmax(p, q) = p < q ? q : p), NaNs and zeros alike; one operation
   * for the comparison and the select. Only strict comparisons (x <= y ? x : y differs for a NaN).
   */
  private pseudoMinMax(node: Node, test: Val, a: Val, b: Val): Val | null {
    const t = node.test;
    if (!test.varying || t.type !== "BinaryExpression" || (t.operator !== "<" && t.operator !== ">")) return null;
    // As p < q: (p, q) the operands of < (of > swapped).
    const [p, q] = t.operator === "<" ? [t.left, t.right] : [t.right, t.left];
    const [pa, qa, ca, aa] = [this.text(p), this.text(q), this.text(node.consequent), this.text(node.alternate)];
    // p < q ? p : q = pmin(q, p); p < q ? q : p = pmax(p, q); in both, the first argument is the alternate.
    const op = ca === pa && aa === qa ? SIMD.f64x2Pmin : ca === qa && aa === pa ? SIMD.f64x2Pmax : null;
    if (op === null) return null;
    const first = this.halves(b);
    const second = this.halves(a);
    return this.varyingOf("num", (half) => this.code.localGet(first[half]).localGet(second[half]).simd(op));
  }

  /** test ? a : b, lane by lane (both evaluated: BODY's expressions have no effects). */
  private select(test: Val, a: Val, b: Val): Val {
    const c = this.code;
    if (!test.varying && !a.varying && !b.varying) {
      const la = this.scalar(a);
      const lb = this.scalar(b);
      return this.uniformOf(a.type, () => c.localGet(la).localGet(lb).localGet(test.locals[0]).op(OP.select));
    }
    const ha = this.halves(a);
    const hb = this.halves(b);
    if (!test.varying) {
      return this.varyingOf(a.type, (half) => c.localGet(ha[half]).localGet(hb[half]).localGet(test.locals[0]).op(OP.selectTyped, 1, V128));
    }
    const ht = test.locals;
    return this.varyingOf(a.type, (half) => c.localGet(ha[half]).localGet(hb[half]).localGet(ht[half]).simd(SIMD.bitselect));
  }

  // --- arrays ---

  private arrayEntity(node: Node): { entity: Entity; addresses: number[] } {
    const key = chainOf(node.object);
    const entity = key === null ? undefined : this.entityByKey.get(key);
    if (!entity || entity.kind !== "array" || this.lookup(rootOf(node.object).name)) return unsupported("an index into something not an array of PRE's", node);
    return { entity, addresses: this.arrayAddresses[entity.array] };
  }

  /** The index: the loop's integer (with a constant offset folded into the load), a uniform integer, or four lanes' integers. */
  private index(node: Node): { uniform: number | null; lanes: number[] | null; offset: number } {
    const p = node.property;
    const isLoopVar = (n: Node) => n.type === "Identifier" && n.name === this.parts.loopVar && !this.lookup(n.name);
    if (isLoopVar(p)) return { uniform: this.loopI32, lanes: null, offset: 0 };
    if (p.type === "BinaryExpression" && p.operator === "+") {
      const k = isLoopVar(p.left) ? literalValue(p.right) : isLoopVar(p.right) ? literalValue(p.left) : undefined;
      if (typeof k === "number" && Number.isInteger(k) && k >= 0 && k < 1 << 20) return { uniform: this.loopI32, lanes: null, offset: k };
    }
    const v = this.expression(p);
    if (v.type !== "num") return unsupported("an index that is not a number", node);
    const c = this.code;
    if (!v.varying) {
      const f = this.scalar(v);
      const l = this.local(I32);
      c.localGet(f).i32TruncSatF64S().localSet(l);
      return { uniform: l, lanes: null, offset: 0 };
    }
    const lanes = Array.from({ length: LANES }, (_, lane) => {
      const l = this.local(I32);
      c.localGet(v.locals[lane >> 1]).simd(SIMD.f64x2ExtractLane).op(lane & 1).i32TruncSatF64S().localSet(l);
      return l;
    });
    return { uniform: null, lanes, offset: 0 };
  }

  /** Pushes the address of element `index` of lane `lane`'s array. */
  private elementAddress(addresses: number[], index: { uniform: number | null; lanes: number[] | null }, shift: number, lane: number): void {
    const c = this.code;
    c.localGet(addresses[addresses.length === 1 ? 0 : lane]);
    c.localGet(index.uniform ?? index.lanes![lane]);
    if (shift > 0) c.i32Const(shift).op(OP.i32Shl);
    c.op(OP.i32Add);
  }

  private arrayRead(node: Node): Val {
    const { entity, addresses } = this.arrayEntity(node);
    const index = this.index(node);
    const element = entity.element!;
    const c = this.code;
    const load = (lane: number) => {
      this.elementAddress(addresses, index, element.shift, lane);
      c.op(element.load).memarg(element.shift, index.offset << element.shift);
      if (element.convert !== null) c.op(element.convert);
    };
    if (addresses.length === 1 && index.uniform !== null) return this.uniformOf("num", () => load(0));
    return this.varyingOf("num", (half) => {
      load(2 * half);
      c.simd(SIMD.f64x2Splat);
      load(2 * half + 1);
      c.simd(SIMD.f64x2ReplaceLane).op(1);
    });
  }

  // --- statements ---

  private statement(node: Node, mask: Val | null): void {
    switch (node.type) {
      case "VariableDeclaration":
        for (const d of node.declarations) this.declare(node.kind, d);
        return;
      case "BlockStatement":
        this.scopes.push(new Map());
        for (const s of node.body) this.statement(s, mask);
        this.scopes.pop();
        return;
      case "EmptyStatement":
        return;
      case "IfStatement":
        return this.ifStatement(node, mask);
      case "ExpressionStatement":
        return this.expressionStatement(node.expression, mask);
      default:
        unsupported(`a ${node.type}`, node);
    }
  }

  private declare(kind: string, d: Node): void {
    const init = this.expression(d.init);
    const scope = this.scopes[this.scopes.length - 1];
    if (kind === "const" && init.konst !== undefined) {
      scope.set(d.id.name, { type: init.type, varying: false, konst: init.konst, locals: [], node: d });
      return;
    }
    const varying = this.varying.has(d) || init.varying;
    if (init.varying && !this.varying.has(d)) this.varying.add(d);
    const locals = varying ? [this.local(V128), this.local(V128)] : [this.local(init.type === "num" ? F64 : I32)];
    const v = { type: init.type, varying, locals, node: d };
    this.store(v, init, null);
    scope.set(d.id.name, v);
  }

  /** target = value, in the lanes of `mask` (all when null). */
  private store(target: Var & { node?: Node }, value: Val, mask: Val | null): void {
    if (target.type !== value.type) unsupported("a variable given a value of another type");
    const c = this.code;
    if (!target.varying) {
      if (value.varying || mask !== null) {
        // Found varying: compiled again with it so.
        if (target.node) this.varying.add(target.node);
        this.changed = true;
        return;
      }
      const l = this.scalar(value);
      c.localGet(l).localSet(target.locals[0]);
      return;
    }
    const h = this.halves(value);
    for (let half = 0; half < 2; half++) {
      if (mask === null) c.localGet(h[half]).localSet(target.locals[half]);
      else c.localGet(h[half]).localGet(target.locals[half]).localGet(mask.locals[half]).simd(SIMD.bitselect).localSet(target.locals[half]);
    }
  }

  /** The variable or assigned entity an assignment's target names. */
  private targetVar(node: Node): Var & { node?: Node } {
    if (node.type === "Identifier") {
      const v = this.lookup(node.name);
      if (v) {
        if (v.konst !== undefined) unsupported("an assignment to a constant", node);
        return v;
      }
      if (node.name === this.parts.loopVar) unsupported("an assignment to the loop's variable", node);
    }
    const key = chainOf(node);
    const v = key === null ? undefined : this.entityVals.get(key);
    const entity = key === null ? undefined : this.entityByKey.get(key);
    if (!v || !entity?.assigned) return unsupported("an assignment to something not a number", node);
    return v;
  }

  private expressionStatement(e: Node, mask: Val | null): void {
    if (e.type === "UpdateExpression") {
      const target = this.targetVar(e.argument);
      const current: Val = { type: target.type, varying: target.varying, locals: target.locals };
      const next = this.arithmetic(e.operator === "++" ? "+" : "-", current, this.konst(1));
      this.store(target, next, mask);
      return;
    }
    if (e.type !== "AssignmentExpression") return unsupported(`an expression statement (${e.type})`, e);
    if (e.left.type === "MemberExpression" && e.left.computed) {
      if (e.operator !== "=") unsupported("a compound assignment to an array element", e);
      return this.arrayWrite(e.left, this.expression(e.right), mask);
    }
    const target = this.targetVar(e.left);
    let value = this.expression(e.right);
    if (e.operator !== "=") {
      const op = e.operator.slice(0, -1);
      if (!["+", "-", "*", "/"].includes(op)) unsupported(`the operator ${e.operator}`, e);
      value = this.arithmetic(op, { type: target.type, varying: target.varying, konst: target.konst, locals: target.locals }, value);
    }
    this.store(target, value, mask);
  }

  /** a op b for + - * / (in expressions, compound assignments and ++ / --). */
  private arithmetic(op: string, a: Val, b: Val): Val {
    if (a.type !== "num" || b.type !== "num") return unsupported(`${op} of a boolean`);
    const [scalarOp, simdOp, evaluate] = ARITHMETIC[op];
    // Both known: JavaScript's own arithmetic, the same bits.
    if (a.konst !== undefined && b.konst !== undefined) return this.konst(evaluate(a.konst as number, b.konst as number));
    const same = identity(op, a, b);
    if (same !== null) return same;
    if (!a.varying && !b.varying) {
      const la = this.scalar(a);
      const lb = this.scalar(b);
      return this.uniformOf("num", () => this.code.localGet(la).localGet(lb).op(scalarOp));
    }
    const ha = this.halves(a);
    const hb = this.halves(b);
    return this.varyingOf("num", (half) => this.code.localGet(ha[half]).localGet(hb[half]).simd(simdOp));
  }

  private arrayWrite(node: Node, value: Val, mask: Val | null): void {
    const { entity, addresses } = this.arrayEntity(node);
    if (!entity.written || entity.shared) unsupported("a write to an array the models share", node);
    if (value.type !== "num") unsupported("a boolean written to an array", node);
    const index = this.index(node);
    const c = this.code;
    const valueHalves = value.varying ? value.locals : null;
    const scalar = value.varying ? -1 : this.scalar(value);
    for (let lane = 0; lane < LANES; lane++) {
      if (mask !== null) {
        c.localGet(mask.locals[lane >> 1]).simd(SIMD.i64x2ExtractLane).op(lane & 1);
        c.op(OP.i64Const).s32(0).op(OP.i64Ne, OP.if, 0x40);
      }
      this.elementAddress(addresses, index, 3, lane);
      if (valueHalves) c.localGet(valueHalves[lane >> 1]).simd(SIMD.f64x2ExtractLane).op(lane & 1);
      else c.localGet(scalar);
      c.op(OP.f64Store).memarg(3, index.offset << 3);
      // The lane's first and last index written: min and max of what they were and this one.
      const at = this.local(I32);
      c.localGet(index.uniform ?? index.lanes![lane]).i32Const(index.offset).op(OP.i32Add).localSet(at);
      const range = this.rangeBase + (entity.array * LANES + lane) * 8;
      for (const [offset, compare] of [[range, OP.i32LtS], [range + 4, OP.i32GtS]]) {
        c.localGet(PARAM_IO).localGet(at).localGet(PARAM_IO).op(OP.i32Load).memarg(2, offset);
        c.localGet(at).localGet(PARAM_IO).op(OP.i32Load).memarg(2, offset).op(compare, OP.select);
        c.op(OP.i32Store).memarg(2, offset);
      }
      if (mask !== null) c.op(OP.end);
    }
  }

  private ifStatement(node: Node, mask: Val | null): void {
    // if (c) {} else S: if (!c) S.
    const empty = (s: Node) => s.type === "EmptyStatement" || (s.type === "BlockStatement" && s.body.length === 0);
    if (node.alternate && empty(node.consequent)) {
      return this.ifStatement({ ...node, test: { type: "UnaryExpression", operator: "!", argument: node.test, start: node.test.start, end: node.test.end }, consequent: node.alternate, alternate: null }, mask);
    }
    const test = this.expression(node.test);
    if (test.type !== "bool") unsupported("a condition that is not a boolean", node);
    const c = this.code;
    const branch = (s: Node, m: Val | null) => {
      this.scopes.push(new Map());
      this.statement(s, m);
      this.scopes.pop();
    };
    if (test.konst !== undefined) {
      if (test.konst) branch(node.consequent, mask);
      else if (node.alternate) branch(node.alternate, mask);
      return;
    }
    if (!test.varying) {
      c.localGet(test.locals[0]).op(OP.if, 0x40);
      branch(node.consequent, mask);
      if (node.alternate) {
        c.op(OP.else);
        branch(node.alternate, mask);
      }
      c.op(OP.end);
      return;
    }
    // Lanes differ: each branch in the lanes that take it, skipped when none does.
    const thenMask = mask === null ? test : this.varyingOf("bool", (half) => c.localGet(mask.locals[half]).localGet(test.locals[half]).simd(SIMD.and));
    this.guarded(node.consequent, thenMask);
    if (node.alternate) {
      const elseMask = mask === null ? this.not(test) : this.varyingOf("bool", (half) => c.localGet(mask.locals[half]).localGet(test.locals[half]).simd(SIMD.andnot));
      this.guarded(node.alternate, elseMask);
    }
  }

  /** A branch in the lanes of `mask`, behind a test that any lane takes it (unless it is one small statement). */
  private guarded(s: Node, mask: Val): void {
    const statements = s.type === "BlockStatement" ? s.body : [s];
    if (statements.length === 0) return;
    const small = statements.length === 1 && statements[0].type === "ExpressionStatement";
    const c = this.code;
    if (!small) c.localGet(mask.locals[0]).localGet(mask.locals[1]).simd(SIMD.or).simd(SIMD.anyTrue).op(OP.if, 0x40);
    this.scopes.push(new Map());
    this.statement(s, mask);
    this.scopes.pop();
    if (!small) c.op(OP.end);
  }
}
