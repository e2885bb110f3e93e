declare const __VERSION__: string | undefined;

/** The package version, inlined by esbuild at build time ("dev" when run from source). */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
