// Types of scripts/build-wasm.mjs, for the test that checks the committed module against its sources.
export declare const ASC_OPTIONS: string[];
export declare function sourceHash(): string;
export declare function generatedHash(): string | null;
export declare function compileKernels(): Promise<Buffer>;
export declare function writeKernels(): Promise<void>;
