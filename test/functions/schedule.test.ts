import { describe, expect, it } from 'vitest'
import wranglerToml from '../../wrangler.toml?raw'
import { CRONS } from '../../functions/src/lib/schedule'

describe('cron triggers', () => {
  it('wrangler.toml fires exactly the triggers scheduled() tells apart', () => {
    const line = /^crons\s*=\s*(\[.*\])\s*$/m.exec(wranglerToml)
    expect(line).not.toBeNull()
    expect(JSON.parse(line![1]!)).toEqual([...CRONS])
  })
})
