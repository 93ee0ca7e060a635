// wrangler compiles imported .wasm files at build time and hands them over as modules.
declare module '*.wasm?module' {
  const module: WebAssembly.Module;
  export default module;
}

// The codecs speak ImageData, which workerd lacks as a type (it is only their data shape here).
interface ImageData {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
  readonly colorSpace: string;
}
