// Stands in for the schema libraries that hono-openapi's converters can load (wrangler.toml [alias]). Only
// valibot describes this API; without the alias the bundler would pack zod (installed for the vitest plugin)
// into the Worker, and with it zod's run-time code generation (new Function).
export {}
