/**
 * The office import file: CSV of enrollment records, one person-year a line. Pure parsing and validation,
 * shared so the office page can show the same line-numbered errors as the server before uploading.
 *
 * Format (also in README "Office import CSV"):
 * - UTF-8, with or without BOM; comma-separated; fields may be quoted ("…", "" for a quote); CRLF or LF.
 * - The first line names the columns, in Chinese or English, in any order:
 *     身份证号 / id_number         required, 18 characters
 *     年度 / year                  required, the coverage year (e.g. 2026)
 *     险种 / scheme                required: 居民 | resident | 城乡居民, 职工 | employee
 *     缴费日期 / paid_on           required for resident rows: YYYY-MM-DD (2025/11/3 is accepted)
 *     基金支付金额分 / fund_paid_fen  optional: what the fund paid for the person that year, integer fen;
 *                                  0 = a zero-claim year, blank = not known
 *     使用激励 / incentive_used     optional: 是/否 (also 1/0, true/false, Y/N); blank = 否
 *     职工医保终止日期 / ended_on    optional, employee rows only: the day employee coverage ended
 * - Blank lines are skipped. Every line is checked; any bad line rejects the whole file.
 */

import { isCalendarDate, yearOfDate } from './dates'
import { paidOnMessageZh, paidOnProblem } from '../policy/paid-on'
import type { PolicyTables } from '../policy/params'
import { MAX_FEN, MAX_YEAR, MIN_YEAR } from './common'
import { parseResidentId, redactResidentIds } from './resident-id'

export const IMPORT_COLUMNS = [
  { key: 'id_number', zh: '身份证号', required: true },
  { key: 'year', zh: '年度', required: true },
  { key: 'scheme', zh: '险种', required: true },
  { key: 'paid_on', zh: '缴费日期', required: false },
  { key: 'fund_paid_fen', zh: '基金支付金额分', required: false },
  { key: 'incentive_used', zh: '使用激励', required: false },
  { key: 'ended_on', zh: '职工医保终止日期', required: false },
] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key']

/** Header spellings people produce in Excel for the same column. */
const HEADER_ALIASES: Readonly<Record<string, ImportColumn>> = Object.fromEntries(
  (
    [
      ['id_number', ['身份证号', '身份证号码', '证件号码', 'idnumber', 'id_number']],
      ['year', ['年度', '参保年度', 'year']],
      ['scheme', ['险种', 'scheme']],
      ['paid_on', ['缴费日期', 'paidon', 'paid_on']],
      ['fund_paid_fen', ['基金支付金额分', '基金支付金额(分)', '基金支付金额（分）', 'fundpaidfen', 'fund_paid_fen']],
      ['incentive_used', ['使用激励', '是否使用激励', 'incentiveused', 'incentive_used']],
      ['ended_on', ['职工医保终止日期', '终止日期', 'endedon', 'ended_on']],
    ] as const
  ).flatMap(([key, names]) => names.map((n) => [n, key])),
)

export const MAX_IMPORT_ROWS = 200_000
/** Lines listed in an answer; the count of all errors is always given. */
export const MAX_LISTED_ERRORS = 200

export interface ImportRow {
  /** physical line in the file, header = 1 */
  readonly line: number
  readonly idNumber: string
  readonly year: number
  readonly scheme: 'resident' | 'employee'
  readonly paidOn: string | null
  readonly fundPaidFen: number | null
  readonly incentiveUsed: boolean | null
  readonly endedOn: string | null
}

export interface ImportLineError {
  /** 1-based physical line; 0 for the file as a whole */
  readonly line: number
  readonly column: string | null
  readonly message: string
}

export type ImportParse = { ok: true; rows: ImportRow[] } | { ok: false; errorCount: number; errors: ImportLineError[] }

interface RawRecord {
  line: number
  fields: string[]
  /** an opening quote that never closed */
  unterminated: boolean
}

/** RFC 4180 records with the line each starts on (a quoted field may span lines). */
export function splitCsvRecords(text: string): RawRecord[] {
  const records: RawRecord[] = []
  const n = text.length
  let i = 0
  let line = 1
  while (i < n) {
    const startLine = line
    const fields: string[] = []
    let unterminated = false
    for (;;) {
      let field = ''
      if (text.charCodeAt(i) === 34 /* " */) {
        i++
        for (;;) {
          const q = text.indexOf('"', i)
          if (q === -1) {
            field += text.slice(i)
            line += countNewlines(text, i, n)
            i = n
            unterminated = true
            break
          }
          line += countNewlines(text, i, q)
          field += text.slice(i, q)
          if (text.charCodeAt(q + 1) === 34) {
            field += '"'
            i = q + 2
          } else {
            i = q + 1
            break
          }
        }
        // Text after a closing quote up to the delimiter is kept, as spreadsheet programs do.
        let j = i
        while (j < n && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++
        field += text.slice(i, j)
        i = j
      } else {
        let j = i
        while (j < n && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++
        field = text.slice(i, j)
        i = j
      }
      fields.push(field)
      if (i < n && text.charCodeAt(i) === 44) {
        i++
        continue
      }
      break
    }
    if (i < n && text.charCodeAt(i) === 13) i++
    if (i < n && text.charCodeAt(i) === 10) i++
    records.push({ line: startLine, fields, unterminated })
    line++
  }
  return records
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0
  for (let k = text.indexOf('\n', from); k !== -1 && k < to; k = text.indexOf('\n', k + 1)) count++
  return count
}

const SCHEME_VALUES: Readonly<Record<string, 'resident' | 'employee'>> = {
  居民: 'resident',
  城乡居民: 'resident',
  居民医保: 'resident',
  城乡居民医保: 'resident',
  resident: 'resident',
  职工: 'employee',
  职工医保: 'employee',
  employee: 'employee',
}

const BOOLEAN_VALUES: Readonly<Record<string, boolean>> = {
  是: true,
  否: false,
  '1': true,
  '0': false,
  true: true,
  false: false,
  y: true,
  n: false,
  yes: true,
  no: false,
}

/** `2025-11-03`, `2025/11/3`, `2025-1-3`, `2025.11.3` → `2025-11-03`, or null. */
function normalizeDate(raw: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw)
  if (!m) return null
  const date = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`
  return isCalendarDate(date) ? date : null
}

const isBlankRecord = (r: RawRecord) => r.fields.every((f) => f.trim() === '')

/**
 * Parses and validates a whole file. `today` (CST) bounds payment dates: an office cannot have recorded a
 * payment that has not happened.
 */
/**
 * Where the file's rows are checked: the importing office's pooling region and the region figures the Worker
 * serves (the registry), so a payment date is judged against the same enrollment windows as the entitlement
 * answer. Without it the built-in tables and the province's defaults apply.
 */
export interface ImportContext {
  region?: string
  tablesFor?: (year: number) => PolicyTables
}

/**
 * A line's message on its own, for a list without the line beside it (the API error's issues). The
 * `errors` list keeps `line` and `column` apart from the message, so a page that shows
 * "第3行（缴费日期）：" does not print the row twice (review 25).
 */
export const lineIssueMessage = (e: { line: number; message: string }): string =>
  e.line > 0 ? `第 ${e.line} 行：${e.message}` : e.message

export function parseImportCsv(text: string, today: string, context: ImportContext = {}): ImportParse {
  const records = splitCsvRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  const errors: ImportLineError[] = []
  let errorCount = 0
  const fail = (line: number, column: string | null, message: string) => {
    errorCount++
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ line, column, message })
  }

  const header = records.find((r) => !isBlankRecord(r))
  if (!header) {
    fail(0, null, '文件是空的：第一行应为表头（身份证号,年度,险种,缴费日期,…），下面每行一条参保记录。')
    return { ok: false, errorCount, errors }
  }
  const columns: (ImportColumn | null)[] = []
  const seen = new Map<ImportColumn, number>()
  const recognised = header.fields.some(
    (name) => HEADER_ALIASES[name.trim().toLowerCase().replace(/\s+/g, '')] !== undefined,
  )
  if (!recognised) {
    fail(
      header.line,
      null,
      `应为表头（${IMPORT_COLUMNS.filter((c) => c.required)
        .map((c) => c.zh)
        .join(',')},…），但这一行里没有认识的列名。表头下面每行一条参保记录。`,
    )
    return { ok: false, errorCount, errors }
  }
  header.fields.forEach((name, index) => {
    const key = HEADER_ALIASES[name.trim().toLowerCase().replace(/\s+/g, '')] ?? null
    // A header cell is echoed back, so it is shortened and any ID-shaped text in it masked.
    const shown = redactResidentIds(name.trim().slice(0, 20))
    if (key === null && name.trim() !== '')
      fail(header.line, shown, `不认识的列名“${shown}”。可用的列：${IMPORT_COLUMNS.map((c) => c.zh).join('、')}`)
    if (key !== null) {
      if (seen.has(key)) fail(header.line, shown, `列“${shown}”出现了两次`)
      seen.set(key, index)
    }
    columns.push(key)
  })
  for (const c of IMPORT_COLUMNS) if (c.required && !seen.has(c.key)) fail(header.line, c.zh, `缺少必填的列“${c.zh}”`)
  if (errorCount > 0) return { ok: false, errorCount, errors }

  const col = (fields: string[], key: ImportColumn): string => {
    const index = seen.get(key)
    return index === undefined ? '' : (fields[index] ?? '').trim()
  }
  const todayYear = yearOfDate(today)
  const rows: ImportRow[] = []
  const firstLineOf = new Map<string, number>()
  let dataLines = 0

  for (const record of records) {
    if (record.line <= header.line || isBlankRecord(record)) continue
    dataLines++
    if (dataLines > MAX_IMPORT_ROWS) {
      fail(record.line, null, `一个文件最多 ${MAX_IMPORT_ROWS} 行记录，请拆分成几个文件分别上传`)
      break
    }
    const { line, fields } = record
    if (record.unterminated) {
      fail(line, null, '引号没有配对（某个字段以 " 开头却没有结束的 "）')
      continue
    }
    if (fields.length !== header.fields.length) {
      fail(line, null, `有 ${fields.length} 列，表头有 ${header.fields.length} 列；请检查是否多了或少了逗号`)
      continue
    }
    const before = errorCount

    const rawId = col(fields, 'id_number')
    let idNumber = ''
    let birthDate: string | null = null
    if (rawId === '') fail(line, '身份证号', '身份证号为空')
    else if (/^\d(\.\d+)?e\+?\d+$/i.test(rawId))
      fail(line, '身份证号', '身份证号被 Excel 显示成了科学计数法，请把这一列设为“文本”格式后重新导出')
    else {
      const parsed = parseResidentId(rawId, today)
      if (!parsed.ok) fail(line, '身份证号', parsed.message)
      else {
        idNumber = parsed.id.value
        birthDate = parsed.id.birthDate
      }
    }

    const rawYear = col(fields, 'year')
    let year: number | null = null
    if (!/^\d{4}$/.test(rawYear)) fail(line, '年度', rawYear === '' ? '年度为空' : '年度应为 4 位数字的年份，例如 2026')
    else {
      year = Number(rawYear)
      if (year < MIN_YEAR || year > MAX_YEAR) fail(line, '年度', `年度应在 ${MIN_YEAR}–${MAX_YEAR} 之间`)
      else if (year > todayYear + 1) fail(line, '年度', `年度 ${year} 还没有开始缴费，不能导入`)
      else if (birthDate !== null && year < yearOfDate(birthDate)) fail(line, '年度', '年度早于身份证号中的出生年份')
    }

    const rawScheme = col(fields, 'scheme')
    const scheme = SCHEME_VALUES[rawScheme.toLowerCase()] ?? null
    if (scheme === null) fail(line, '险种', rawScheme === '' ? '险种为空' : '险种只能填“居民”或“职工”')

    const rawPaid = col(fields, 'paid_on')
    let paidOn: string | null = null
    if (rawPaid === '') {
      if (scheme === 'resident') fail(line, '缴费日期', '城乡居民医保记录必须填写缴费日期')
    } else {
      paidOn = normalizeDate(rawPaid)
      if (paidOn === null) fail(line, '缴费日期', '缴费日期不是真实的日期，请写成 2025-11-03 这样的格式')
      else if (paidOn > today) fail(line, '缴费日期', '缴费日期在今天之后，还没有发生的缴费不能导入')
      else if (year !== null) {
        // The one home of the payment-date rules; the ID number's first two digits name the province.
        const province = idNumber.slice(0, 2)
        const region = context.region?.startsWith(province) ? context.region : undefined
        const tables = context.tablesFor?.(year)
        const problem = paidOnProblem(
          { year, paidOn, province, ...(region ? { region } : {}), birthDate, today },
          tables ? { tables } : {},
        )
        if (problem !== null) fail(line, '缴费日期', paidOnMessageZh(problem, year, paidOn))
      }
    }

    const rawFen = col(fields, 'fund_paid_fen')
    let fundPaidFen: number | null = null
    if (rawFen !== '') {
      if (/^\d+\.\d+$/.test(rawFen)) fail(line, '基金支付金额分', '基金支付金额应为整数，单位是“分”（看起来填的是元）')
      else if (!/^\d{1,12}$/.test(rawFen) || Number(rawFen) > MAX_FEN)
        fail(line, '基金支付金额分', '基金支付金额应为不小于 0 的整数，单位是“分”')
      else fundPaidFen = Number(rawFen)
    }

    const rawIncentive = col(fields, 'incentive_used')
    let incentiveUsed: boolean | null = null
    if (rawIncentive !== '') {
      const value = BOOLEAN_VALUES[rawIncentive.toLowerCase()]
      if (value === undefined) fail(line, '使用激励', '使用激励只能填“是”或“否”')
      else incentiveUsed = value
    }

    const rawEnded = col(fields, 'ended_on')
    let endedOn: string | null = null
    if (rawEnded !== '') {
      endedOn = normalizeDate(rawEnded)
      if (endedOn === null) fail(line, '职工医保终止日期', '职工医保终止日期不是真实的日期')
      else if (scheme === 'resident') fail(line, '职工医保终止日期', '城乡居民医保记录不需要填写职工医保终止日期')
      else if (year !== null && !endedOn.startsWith(`${year}-`))
        fail(line, '职工医保终止日期', `职工医保终止日期应在 ${year} 年之内`)
    }

    if (idNumber !== '' && year !== null) {
      const key = `${idNumber}:${year}`
      const first = firstLineOf.get(key)
      if (first !== undefined) fail(line, null, `与第 ${first} 行重复（同一身份证号、同一年度只能有一条记录）`)
      else firstLineOf.set(key, line)
    }

    if (errorCount === before && year !== null && scheme !== null) {
      rows.push({ line, idNumber, year, scheme, paidOn, fundPaidFen, incentiveUsed, endedOn })
    }
  }

  if (errorCount === 0 && rows.length === 0) fail(0, null, '文件里只有表头，没有参保记录。')
  return errorCount > 0 ? { ok: false, errorCount, errors } : { ok: true, rows }
}

/** The longest file name kept with an import. */
export const MAX_FILE_NAME_CHARS = 120

/**
 * An uploaded file's name as stored and shown again (issue 13): control and format characters (which could hide
 * or reorder text in the office page: bidi controls, zero-width marks) removed, and a run of digits as long as an
 * ID number (15 or 18, the last maybe X) masked, since offices often name exports after a person. Null when
 * nothing readable is left.
 */
export function cleanFileName(name: string | null | undefined): string | null {
  if (!name) return null
  const visible = name.replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, '').trim()
  const masked = visible.replace(
    /(?<![0-9])[0-9]{14}(?:[0-9]{3})?[0-9Xx](?![0-9])/g,
    (run) => `${run.slice(0, 4)}${'*'.repeat(run.length - 8)}${run.slice(-4)}`,
  )
  const kept = [...masked].slice(0, MAX_FILE_NAME_CHARS).join('')
  return kept === '' ? null : kept
}
