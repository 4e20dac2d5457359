import { describe, expect, it } from 'vitest'
import { layerProblems, rowProblems } from '../../scripts/check-layers'

// The layering check of `npm test` (scripts/check-layers.ts) must fail on the mistakes it exists for: a planted
// snake_case row type in functions/src/db/ and a snake_case read of a db/ result outside it. Each plant is an
// in-memory file handed to the TypeScript program, so the repository is never touched.
const PLANTED_DB = `import type { D1Database } from '../env'
export interface PlantedRow { id: string; payer_user_id: string }
interface HiddenRow { hidden_col: number }
export async function plantedRow(db: D1Database): Promise<PlantedRow | null> {
  return db.prepare('SELECT 1').first<PlantedRow>()
}
export async function hiddenRows(db: D1Database): Promise<HiddenRow[]> {
  return (await db.prepare('SELECT 1').all<HiddenRow>()).results
}
`
const PLANTED_CALLER = `import type { D1Database } from '../env'
import { hiddenRows } from '../db/planted'
export async function caller(db: D1Database): Promise<number> {
  const [row] = await hiddenRows(db)
  const { hidden_col } = row ?? { hidden_col: 0 }
  return (row?.hidden_col ?? 0) + hidden_col
}
`

describe('scripts/check-layers.ts', () => {
  it('passes on the repository as it is', () => {
    expect(layerProblems()).toEqual([])
    expect(rowProblems()).toEqual([])
  }, 60_000)

  it('fails on a snake_case db/ type, however it is reached, and on a snake_case read of a db/ result', () => {
    const problems = rowProblems({
      'functions/src/db/planted.ts': PLANTED_DB,
      'functions/src/routes/planted.ts': PLANTED_CALLER,
    })
    // the exported interface, also as the function's return type; the unexported one through the function
    expect(problems).toContainEqual(expect.stringMatching(/^functions\/src\/db\/planted\.ts:2: .*payer_user_id$/))
    expect(problems).toContainEqual(expect.stringMatching(/^functions\/src\/db\/planted\.ts:3: .*hiddenRows\(\).*/))
    // both reads outside db/: the property access and the destructuring
    const reads = problems.filter((p) => p.startsWith('functions/src/routes/planted.ts'))
    expect(reads).toEqual([
      expect.stringMatching(/^functions\/src\/routes\/planted\.ts:5: reads hidden_col/),
      expect.stringMatching(/^functions\/src\/routes\/planted\.ts:6: reads hidden_col/),
    ])
    // none of it is blamed on the real code
    expect(problems.every((p) => p.includes('/planted.ts:'))).toBe(true)
  }, 60_000)
})
