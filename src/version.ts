declare const __VERSION__: string | undefined;
declare const __MINIMUM_NODE_MAJOR__: number | undefined;

/** The package version, inlined by esbuild at build time ("dev" when run from source). */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/** The oldest Node.js the program supports: package.json's engines, inlined at build time (12 from source). */
export const MINIMUM_NODE_MAJOR: number = typeof __MINIMUM_NODE_MAJOR__ === 'number' ? __MINIMUM_NODE_MAJOR__ : 12;

/** The major version of the Node.js running this. */
export const runningNodeMajor = (): number => Number(process.versions.node.split('.')[0]);
