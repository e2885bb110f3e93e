// Types for the ajv standalone validator that `node build.mjs` generates next to this file.
declare function validate(data: unknown): boolean;
declare namespace validate {
  let errors: { instancePath: string; keyword: string; params?: Record<string, unknown> }[] | null | undefined;
}
export default validate;
