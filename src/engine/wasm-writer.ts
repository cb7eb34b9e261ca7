// A WebAssembly module of one function, written as bytes: what src/engine/lanes.ts compiles a loop
// into. Only the parts that compiler uses: one imported memory ("env" "memory"), one exported
// function ("run"), locals by type, and the instructions named below (scalar, control and the
// SIMD proposal's v128 ones, each written with its opcode from the WebAssembly specification).

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof I64 | typeof F64 | typeof V128;

/** Scalar opcodes (one byte). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  select: 0x1b,
  selectTyped: 0x1c,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Load8S: 0x2c,
  i32Load8U: 0x2d,
  i32Load16S: 0x2e,
  i32Load16U: 0x2f,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  i64Const: 0x42,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i64Ne: 0x52,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i64Sub: 0x7d,
  f64Neg: 0x9a,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  i64ExtendI32U: 0xad,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD opcodes (after the 0xfd prefix, as unsigned LEB128). */
export const SIMD = {
  load: 0,
  store: 11,
  const: 12,
  i64x2Splat: 18,
  f64x2Splat: 20,
  i64x2ExtractLane: 29,
  f64x2ExtractLane: 33,
  f64x2ReplaceLane: 34,
  f64x2Eq: 71,
  f64x2Ne: 72,
  f64x2Lt: 73,
  f64x2Gt: 74,
  f64x2Le: 75,
  f64x2Ge: 76,
  not: 77,
  and: 78,
  andnot: 79,
  or: 80,
  bitselect: 82,
  anyTrue: 83,
  f64x2Neg: 237,
  f64x2Add: 240,
  f64x2Sub: 241,
  f64x2Mul: 242,
  f64x2Div: 243,
  f64x2Pmin: 246,
  f64x2Pmax: 247,
} as const;


/** A function body's instructions, appended as bytes. */
export class CodeWriter {
  readonly bytes: number[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(8));

  op(...codes: number[]): this {
    for (const code of codes) this.bytes.push(code);
    return this;
  }
  simd(code: number): this {
    this.bytes.push(0xfd);
    return this.u32(code);
  }
  u32(value: number): this {
    let v = value >>> 0;
    do {
      const byte = v & 0x7f;
      v >>>= 7;
      this.bytes.push(v !== 0 ? byte | 0x80 : byte);
    } while (v !== 0);
    return this;
  }
  s32(value: number): this {
    let v = value | 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.bytes.push(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }
  /** A memory instruction's immediate: log2 of the alignment, then the offset. */
  memarg(alignLog2: number, offset: number): this {
    return this.u32(alignLog2).u32(offset);
  }
  localGet(index: number): this {
    return this.op(OP.localGet).u32(index);
  }
  localSet(index: number): this {
    return this.op(OP.localSet).u32(index);
  }
  /** i32.trunc_sat_f64_s (the 0xfc prefix's 2: no trap, NaN gives 0). */
  i32TruncSatF64S(): this {
    return this.op(0xfc).u32(2);
  }
  i32Const(value: number): this {
    return this.op(OP.i32Const).s32(value);
  }
  f64Const(value: number): this {
    this.scratch.setFloat64(0, value, true);
    this.op(OP.f64Const);
    for (let k = 0; k < 8; k++) this.bytes.push(this.scratch.getUint8(k));
    return this;
  }
  /** v128.const of two doubles (lane 0, lane 1). */
  v128ConstF64(lane0: number, lane1: number): this {
    this.simd(SIMD.const);
    for (const value of [lane0, lane1]) {
      this.scratch.setFloat64(0, value, true);
      for (let k = 0; k < 8; k++) this.bytes.push(this.scratch.getUint8(k));
    }
    return this;
  }
  /** v128.const of all ones (a mask of every lane) or all zeros. */
  v128ConstBits(allOnes: boolean): this {
    this.simd(SIMD.const);
    for (let k = 0; k < 16; k++) this.bytes.push(allOnes ? 0xff : 0);
    return this;
  }
}

function unsignedLeb(value: number): number[] {
  return new CodeWriter().u32(value).bytes;
}
function name(text: string): number[] {
  const bytes = Array.from(Buffer.from(text, "utf8"));
  return [...unsignedLeb(bytes.length), ...bytes];
}
function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

/**
 * A module whose one function `run` takes `params`, returns nothing, has `locals` (one type each,
 * after the parameters) and the body `code` (without its final `end`); it imports its memory as
 * env.memory.
 */
export function oneFunctionModule(params: readonly ValueType[], locals: readonly ValueType[], code: CodeWriter): Uint8Array<ArrayBuffer> {
  const type = [0x60, ...unsignedLeb(params.length), ...params, 0];
  const imports = [1, ...name("env"), ...name("memory"), 0x02, 0x00, 0];
  const functions = [1, 0];
  const exports = [1, ...name("run"), 0x00, 0];
  // Locals run-length encoded by type: (count, type) for each run of one type.
  const groups: number[] = [];
  let groupCount = 0;
  for (let start = 0; start < locals.length; ) {
    let end = start;
    while (end < locals.length && locals[end] === locals[start]) end++;
    groups.push(...unsignedLeb(end - start), locals[start]);
    groupCount++;
    start = end;
  }
  const body = [...unsignedLeb(groupCount), ...groups, ...code.bytes, OP.end];
  const codeSection = [1, ...unsignedLeb(body.length), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...type]),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, codeSection),
  ]);
}
