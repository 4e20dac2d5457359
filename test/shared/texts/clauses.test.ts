// The 政策 page's 文件原文 list: one heading per section of a document, as the document numbers it.

import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { DOCUMENTS, type DocumentId } from '../../../shared/policy/documents'
import { CLAUSE_TEXTS } from '../../../shared/texts/clauses'

const SEEDS = new URL('../../../../../shared/seeds/', import.meta.url)
const seedText = (id: string): string | null => {
  try {
    const file = readdirSync(SEEDS).find((f) => f.startsWith(id + '_'))
    return file === undefined ? null : readFileSync(new URL(file, SEEDS), 'utf8')
  } catch {
    return null
  }
}
const compact = (s: string) => s.replace(/[\s-]/g, '')

describe('clause texts', () => {
  test.each(Object.keys(DOCUMENTS) as DocumentId[])('%s: no section number is listed twice ("(三)(三)")', (id) => {
    const numbers = CLAUSE_TEXTS[id].map((c) => c.clause)
    expect(numbers).toEqual([...new Set(numbers)])
  })

  test.each(Object.keys(DOCUMENTS) as DocumentId[])('%s: every sentence quoted is in the document', (id) => {
    const seed = seedText(id)
    if (seed === null) return // the team folder is beside the repo on the team's machines only
    const doc = compact(seed).replace(/,/g, '，')
    for (const clause of CLAUSE_TEXTS[id])
      for (const sentence of clause.text.split(/[。；]/).filter((s) => s.length > 8))
        expect(doc, `${id} ${clause.clause}: ${sentence}`).toContain(compact(sentence).replace(/,/g, '，'))
  })
})
