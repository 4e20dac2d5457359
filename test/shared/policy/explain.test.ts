// The explanation: ordered steps with cites, rendered as Chinese sentences ending with the citation.

import { describe, expect, test } from 'vitest'
import {
  ASSUMPTIONS_ZH,
  DECISION_STATEMENTS_ZH,
  DOCUMENTS,
  dateZh,
  fenZh,
  renderCiteZh,
  renderExplanationZh,
  renderStepZh,
  type Evaluation,
} from '../../../shared/policy/index'
import { codes, resident, run } from './helpers'

describe('renderCiteZh', () => {
  test('document clauses render with the document number', () => {
    expect(renderCiteZh('000 (三)')).toBe('川办发〔2025〕32号 (三)')
    expect(renderCiteZh('003 §二')).toBe('黔医保发〔2024〕18号 第二部分')
    expect(renderCiteZh('001 (四)')).toBe('晋医保发〔2025〕3号 (四)')
  })

  test('decisions render with their one-line statement, several cites joined', () => {
    expect(renderCiteZh('D7')).toBe('本助手的算法（文件未写明）：' + DECISION_STATEMENTS_ZH.D7)
    expect(renderCiteZh('003 §二; D7')).toBe(
      '黔医保发〔2024〕18号 第二部分；本助手的算法（文件未写明）：' + DECISION_STATEMENTS_ZH.D7,
    )
  })

  test('other sources render as written', () => {
    expect(renderCiteZh('成都市医保局通知')).toBe('成都市医保局通知')
    expect(renderCiteZh('')).toBe('')
  })

  test('the document table names every province once', () => {
    expect(
      Object.values(DOCUMENTS)
        .map((d) => d.province)
        .sort(),
    ).toEqual(['14', '23', '36', '51', '52'])
    expect(DOCUMENTS['000']).toEqual({ province: '51', shortTitle: '川办发〔2025〕32号', date: '2025-09-15' })
  })
})

describe('renderStepZh', () => {
  test('names a pooling region by its name, never by its code', () => {
    const text = renderStepZh({ code: 'REGION_NOT_IN_TABLE', values: { region: '360100' }, cite: '' })
    expect(text).toContain('南昌市')
    expect(text).not.toContain('360100')
  })

  test('continuous steps, as in SPEC example 1', () => {
    const e = run({ province: '51', year: 2031, history: resident(2025, 2031) })
    const step = e.explanation.find((s) => s.code === 'CONTINUOUS')
    expect(step).toEqual({
      code: 'CONTINUOUS',
      values: { steps: 3, after: 4, from: 2029, to: 2031, stepYuan: 4000 },
      cite: '000 (三)',
    })
    expect(renderStepZh(step!)).toBe(
      '连续参保满4年后又连续参保3年（2029年至2031年），每年提高4000元（川办发〔2025〕32号 (三)）',
    )
  })

  test('the whole explanation of SPEC example 4 reads in order', () => {
    const e = run({
      province: '51',
      year: 2029,
      history: [...resident(2025, 2026), { year: 2029, scheme: 'resident', paidOn: '2028-11-10' }],
    })
    expect(renderExplanationZh(e.explanation)).toEqual([
      '大病保险原封顶线为300000元（川办发〔2025〕32号 (三)）',
      '每档提高或降低4000元（川办发〔2025〕32号 (三)）',
      '2029年连续参加居民医保1年（川办发〔2025〕32号 (三)；本助手的算法（文件未写明）：' +
        DECISION_STATEMENTS_ZH.D1 +
        '）',
      '连续参保满4年后每多连续参保1年提高一档；目前连续参保1年，还没有连续参保激励（川办发〔2025〕32号 (三)）',
      '没有连续参保激励和零报销激励（川办发〔2025〕32号 (三)）',
      '2027年至2028年断保2年（川办发〔2025〕32号 (三)；本助手的算法（文件未写明）：' + DECISION_STATEMENTS_ZH.D1 + '）',
      '累计断保2年，降低2档，共降低8000元（川办发〔2025〕32号 (三)；本助手的算法（文件未写明）：' +
        DECISION_STATEMENTS_ZH.D6 +
        '）',
      '本年度大病保险最高支付限额：300000元 + 0元 − 8000元 = 292000元（川办发〔2025〕32号 (三)）',
      '参保前连续断保2年（川办发〔2025〕32号 (三)）',
      '设固定待遇等待期3个月（川办发〔2025〕32号 (三)）',
      '断保2年，增加变动待遇等待期2个月（川办发〔2025〕32号 (三)；本助手的算法（文件未写明）：' +
        DECISION_STATEMENTS_ZH.D10 +
        '）',
      '待遇等待期共5个月，从2029年1月1日起算，2029年6月1日起享受待遇（川办发〔2025〕32号 (三)）',
      '本次参保的待遇享受至2029年12月31日（川办发〔2025〕32号 (三)）',
      '本年度个人缴费标准当地还没有公布，以当地医保部门公布为准',
    ])
  })

  test('the Guizhou penalty counts re-enrollments and cites D7', () => {
    const e = run({
      province: '52',
      baseCapYuan: 200_000,
      year: 2030,
      history: [...resident(2025, 2025), ...resident(2027, 2027), ...resident(2030, 2030)],
    })
    const step = e.explanation.find((s) => s.code === 'PENALTY_PER_REENROLLMENT')
    expect(renderStepZh(step!)).toBe(
      '累计断保3年，断保后再参保2次，降低2档，共降低8000元（黔医保发〔2024〕18号 第二部分；本助手的算法（文件未写明）：' +
        DECISION_STATEMENTS_ZH.D7 +
        '）',
    )
  })

  test('unknown amounts are left out of the sentence, not shown as blanks', () => {
    const e = run({ province: '52', year: 2031, history: resident(2025, 2031) })
    expect(e.capYuan).toBeNull()
    expect(e.incentiveYuan).toBeNull()
    expect(e.stepFen).toBeNull()
    expect(e.continuousSteps).toBe(3)
    expect(e.assumptions).toContain('BASE_CAP_UNPUBLISHED')
    const text = renderExplanationZh(e.explanation)
    expect(text).toContain('每档为原封顶线的2%（黔医保发〔2024〕18号 第二部分）')
    expect(text).toContain(
      '连续参保满4年后又连续参保3年（2029年至2031年），每年提高一档（黔医保发〔2024〕18号 第二部分）',
    )
    expect(text).toContain('连续参保激励和零报销激励共3档（黔医保发〔2024〕18号 第二部分）')
  })

  test('special groups explain why they did or did not exempt', () => {
    const veteran = run({
      province: '14',
      baseCapYuan: 400_000,
      year: 2027,
      groups: [{ kind: 'veteran-discharged', exitedOn: '2027-02-10' }],
      history: [{ year: 2027, scheme: 'resident', paidOn: '2027-05-10' }],
    })
    expect(veteran.exemption).toBe('veteran-discharged')
    expect(veteran.benefitStart).toBe('2027-05-10')
    expect(renderStepZh(veteran.explanation.find((s) => s.code === 'EXEMPT')!)).toBe(
      '退出现役的军人及随军未就业配偶在退出后3个月内参保，不设待遇等待期，' +
        '2027年5月10日起享受待遇（晋医保发〔2025〕3号 (四)）',
    )
    const sichuanStudent = run({
      province: '51',
      year: 2027,
      groups: [{ kind: 'student-first-enrollment' }],
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-09-20' }],
    })
    expect(sichuanStudent.exemption).toBeNull()
    expect(sichuanStudent.waitingMonths).toBe(3)
    expect(renderStepZh(sichuanStudent.explanation.find((s) => s.code === 'GROUP_NOT_APPLIED')!)).toBe(
      '新入学大学生、技工院校学生首次在学籍地参保：本省文件没有免除这类人员待遇等待期的规定，' +
        '按一般规则计算（川办发〔2025〕32号 (三)）',
    )
  })

  test('an unknown code still renders', () => {
    expect(renderStepZh({ code: 'FUTURE_STEP', values: {}, cite: 'D1' })).toBe(
      'FUTURE_STEP（本助手的算法（文件未写明）：' + DECISION_STATEMENTS_ZH.D1 + '）',
    )
  })
})

describe('every rendered sentence is complete', () => {
  const evaluations: Evaluation[] = [
    run({ province: '51', year: 2045, history: resident(2025, 2045) }),
    run({
      province: '36',
      baseCapYuan: 300_000,
      year: 2032,
      history: [...resident(2025, 2030), ...resident(2032, 2032)],
    }),
    run({
      province: '23',
      year: 2030,
      stepYuan: 1500,
      history: [
        ...resident(2025, 2026, { fundPaidFen: 0 }),
        { year: 2027, scheme: 'employee', endedOn: '2027-10-31' },
        { year: 2028, scheme: 'resident', paidOn: '2028-01-15' },
        ...resident(2029, 2030),
      ],
    }),
    run({
      province: '23',
      year: 2028,
      baseCapYuan: 250_000,
      history: [
        ...resident(2025, 2026),
        { year: 2027, scheme: 'employee', endedOn: '2027-10-31' },
        { year: 2028, scheme: 'resident', paidOn: '2028-01-15' },
      ],
    }),
    run({
      province: '14',
      baseCapYuan: 500_000,
      year: 2031,
      backPaidYears: [2027],
      history: [...resident(2025, 2026), ...resident(2029, 2031, { fundPaidFen: 120_000, incentiveUsed: true })],
    }),
    run({
      province: '52',
      baseCapYuan: 100_000,
      year: 2040,
      history: [...resident(2025, 2025), ...resident(2036, 2040)],
    }),
    run({ province: '51', year: 2026, history: resident(2025, 2025) }),
    run({ province: '51', year: 2024, history: resident(2024, 2024) }),
    run({
      province: '14',
      year: 2027,
      baseCapYuan: 400_000,
      groups: [{ kind: 'student-first-enrollment' }],
      history: [{ year: 2027, scheme: 'resident', paidOn: '2027-09-20' }],
    }),
    // issue 14's new sentences: ignored base cap, programme, newborn next year, document term, cap at zero
    run({
      province: '51',
      baseCapYuan: 250_000,
      year: 2028,
      history: [...resident(2025, 2025), { year: 2026, scheme: 'resident', paidOn: '2025-09-05', programmeYears: 4 }],
    }),
    run({
      province: '14',
      baseCapYuan: 400_000,
      year: 2031,
      birthDate: '2030-11-20',
      history: [
        { year: 2030, scheme: 'resident', paidOn: '2030-12-01' },
        { year: 2031, scheme: 'resident', paidOn: '2031-01-15' },
      ],
    }),
    run({
      province: '23',
      year: 2027,
      baseCapYuan: 250_000,
      groups: [{ kind: 'veteran-discharged' }],
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-03-01' }],
    }),
    run({ province: '52', baseCapYuan: 123_455, year: 2027, history: resident(2025, 2027) }),
    run({ province: '51', year: 2027, history: resident(2025, 2027) }, { overrides: { oneYearGapAddsMonth: false } }),
  ]

  test.each(evaluations.map((e, i) => [i, e] as const))('evaluation %i', (_, e) => {
    expect(e.explanation.length).toBeGreaterThan(0)
    for (const step of e.explanation) {
      const text = renderStepZh(step)
      expect(text, step.code).not.toMatch(/undefined|NaN|null|\{|\}|\[|\]/)
      expect(text, step.code).toMatch(/[\u4e00-\u9fff]/)
      if (step.cite !== '') expect(text.endsWith('）'), step.code).toBe(true)
      // a decision id belongs in the cite (依据), never in the sentence a resident reads
      expect(renderStepZh({ ...step, cite: '' }), step.code).not.toMatch(/D\d/)
    }
  })

  test('assumptions never name a decision id', () => {
    for (const text of Object.values(ASSUMPTIONS_ZH)) expect(text).not.toMatch(/D\d/)
  })

  test('scheme switch in Heilongjiang: no waiting, with the back-payment condition noted', () => {
    const e = evaluations[3] as Evaluation
    expect(e.exemption).toBe('scheme-switch')
    expect(e.waitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2028-01-15')
    expect(e.assumptions).toContain('SWITCH_REQUIRES_BACK_PAY')
    expect(codes(e)).toContain('EXEMPT')
  })

  test('every assumption has a Chinese explanation', () => {
    for (const text of Object.values(ASSUMPTIONS_ZH)) expect(text).toMatch(/[\u4e00-\u9fff]/)
  })
})

test('dateZh and fenZh', () => {
  expect(dateZh('2029-06-01')).toBe('2029年6月1日')
  expect(fenZh(40_000)).toBe('400元')
  expect(fenZh(38_050)).toBe('380.50元')
})
