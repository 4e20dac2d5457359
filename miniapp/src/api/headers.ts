/**
 * WeChat's JS runtime has no Headers class, and hono/client builds one for every request.
 * Injected only into the weapp build (webpack ProvidePlugin); H5 uses the browser's own.
 */
export class HeadersPolyfill {
  private readonly entries = new Map<string, string>()

  constructor(init?: Record<string, string> | [string, string][] | HeadersPolyfill) {
    if (!init) return
    if (init instanceof HeadersPolyfill)
      init.forEach((value, name) => {
        this.set(name, value)
      })
    else if (Array.isArray(init)) for (const [name, value] of init) this.append(name, value)
    else for (const name of Object.keys(init)) this.set(name, init[name] as string)
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase()
    const existing = this.entries.get(key)
    this.entries.set(key, existing === undefined ? String(value) : `${existing}, ${value}`)
  }

  set(name: string, value: string): void {
    this.entries.set(name.toLowerCase(), String(value))
  }

  get(name: string): string | null {
    return this.entries.get(name.toLowerCase()) ?? null
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase())
  }

  delete(name: string): void {
    this.entries.delete(name.toLowerCase())
  }

  forEach(callback: (value: string, name: string) => void): void {
    this.entries.forEach((value, name) => {
      callback(value, name)
    })
  }
}
