import { describe, expect, it } from 'vitest'
import { evaluate } from '../../../shared/policy'
import { explainLines, OWN_RULE_BASIS_ZH, stepsFor, type StepLike } from '../../../shared/texts/explain-view-zh'

const gapThenLate = evaluate({
  province: '51',
  year: 2027,
  history: [
    { year: 2025, scheme: 'resident', paidOn: '2024-10-01' },
    { year: 2027, scheme: 'resident', paidOn: '2027-03-01' },
  ],
})

describe('explanation as a resident reads it', () => {
  it('numbers the steps, keeps decision ids out of every line and document numbers out of the words', () => {
    if (!gapThenLate.ok) throw new Error('engine refused the example')
    const lines = explainLines(gapThenLate.value.explanation)
    expect(lines.map((l) => l.n)).toEqual(lines.map((_, i) => i + 1))
    for (const l of lines) {
      expect(l.sentence).not.toMatch(/决策|\bD\d+\b|（.*〔/)
      expect(l.clause ?? '').not.toMatch(/\bD\d+\b|〔/)
    }
    expect(lines.some((l) => l.basis?.startsWith('依据：川办发〔2025〕32号'))).toBe(true)
    // Review 4: "；D1" or "依据：D3" on the 依据 line read as a document number to a resident.
    for (const l of lines) expect(l.basis ?? '').not.toMatch(/\bD\d+\b/)
    // Review 15: the app's own assumptions are labelled in plain words, not "计算约定".
    expect(lines.some((l) => l.clause?.includes('本助手的算法：'))).toBe(true)
    for (const l of lines) expect(l.clause ?? '').not.toContain('计算约定')
  })

  it('a step resting only on our own decision says so in words on its 依据 line', () => {
    const lines = explainLines([
      { code: 'BASE_CAP', values: { baseYuan: 300000 }, cite: '000 (三); D1' },
      { code: 'STEP_FIXED', values: { stepYuan: 4000 }, cite: 'D3' },
      { code: 'PENALTY_NONE', values: {}, cite: 'D6; D15' },
    ])
    expect(lines.map((l) => l.basis)).toEqual(['依据：川办发〔2025〕32号 (三)', OWN_RULE_BASIS_ZH, OWN_RULE_BASIS_ZH])
    expect(OWN_RULE_BASIS_ZH).toBe('依据：本助手的算法（文件未写明）')
    // the assumption itself is still stated, in words, in the clause line
    expect(lines[1]?.clause).toMatch(/^本助手的算法：/)
  })

  it('names a source shared by consecutive steps once, saying which steps it covers', () => {
    const steps: StepLike[] = [
      { code: 'BASE_CAP', values: { baseYuan: 300000 }, cite: '000 (三)' },
      { code: 'STEP_FIXED', values: { stepYuan: 4000 }, cite: '000 (三)' },
      { code: 'PENALTY_NONE', values: {}, cite: '000 (三); D6' },
      {
        code: 'CAP',
        values: { baseYuan: 300000, incentiveYuan: 0, penaltyYuan: 0, capYuan: 300000 },
        cite: '000 (三)',
      },
    ]
    const lines = explainLines(steps)
    expect(lines.map((l) => l.basis !== null)).toEqual([true, false, true, true])
    expect(lines[0]?.clause).toContain('（第1至2步同此）')
    expect(lines[2]?.clause).not.toContain('同此')
    expect(lines.map((l) => l.n)).toEqual([1, 2, 3, 4])
  })

  it('a figure shows its own steps: the waiting list has the late payment, the cap list has the cap sum', () => {
    if (!gapThenLate.ok) throw new Error('engine refused the example')
    const steps = gapThenLate.value.explanation
    const waiting = stepsFor('waiting', steps).map((s) => s.code)
    const cap = stepsFor('cap', steps).map((s) => s.code)
    expect(waiting).toContain('LATE')
    expect(waiting).not.toContain('CAP')
    expect(cap).toContain('CAP')
    expect(cap).not.toContain('LATE')
    // 断保 years bear on both figures.
    expect(waiting).toContain('GAP_RUN')
    expect(cap).toContain('GAP_RUN')
  })
})
