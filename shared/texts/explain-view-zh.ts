// How a resident reads one figure's explanation: numbered sentences in plain words, each followed by the
// clause it rests on named as a person would name it, and a small 依据 line that keeps the document number for
// whoever wants to check. Our own decision ids (D1, D6…) are never shown: a resident took "D1" for a document
// number (review 4); a step resting only on our own reading says so in words instead.

import { DECISION_STATEMENTS_ZH, type DecisionId } from '../policy/decisions'
import { DOCUMENTS, type DocumentId } from '../policy/documents'
import { OUR_READING_ZH, renderSentenceZh } from '../policy/explain-zh'
import type { ExplanationStep } from '../policy/types'

export interface ExplainLine {
  /** 1-based, as the list shows it */
  readonly n: number
  readonly sentence: string
  /** the clause in plain words: which document and topic, or what a decision settles */
  readonly clause: string | null
  /** the document clauses behind it, for the small 依据 line; never a decision id */
  readonly basis: string | null
}

const has = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key)

interface CitePart {
  plain: string
  /** the document and clause, or null for one of our own decisions */
  id: string | null
}

/** The 依据 of a step that rests on no document clause, only on the assistant's own reading. */
export const OWN_RULE_BASIS_ZH = `依据：${OUR_READING_ZH}`

function basisOf(parts: readonly CitePart[]): string | null {
  if (parts.length === 0) return null
  const documents = parts.flatMap((p) => (p.id === null ? [] : [p.id]))
  return documents.length ? `依据：${documents.join('；')}` : OWN_RULE_BASIS_ZH
}

function citePart(part: string, code: string): CitePart {
  if (has(DECISION_STATEMENTS_ZH, part)) {
    // The app's own reading where the documents say nothing: named as such, in a resident's words, not
    // "计算约定" (developer wording, review 15).
    return { plain: `本助手的算法：${DECISION_STATEMENTS_ZH[part as DecisionId]}`, id: null }
  }
  const id = part.slice(0, 3)
  if (part[3] === ' ' && has(DOCUMENTS, id)) {
    const doc = DOCUMENTS[id as DocumentId]
    const clause = part.slice(4)
    const section = clause.replace(/^§(.+)$/, '第$1部分')
    const topic = topicOf(id as DocumentId, clause, code)
    // The words say what the clause is about; its number stays on the 依据 line.
    return { plain: topic ? `文件中“${topic}”的规定` : `${doc.shortTitle}的规定`, id: `${doc.shortTitle} ${section}` }
  }
  return { plain: part, id: part }
}

/**
 * What the clause is about, named from the step itself: the documents' clause texts (clauses.ts) are large
 * and live in the policy sub-package, so the home and calculator do not load them just for a topic.
 */
function topicOf(_doc: DocumentId, _clause: string, code: string): string | null {
  if (/WAIT|LATE|BENEFIT|EXEMPT|GAP_LENGTH|BACK_PAY$|BACK_PAY_OUTSIDE|COVERAGE|GROUP_NOT_APPLIED|NO_WAITING/.test(code))
    return '待遇等待期'
  if (/CONTRIBUTION|REPAIR_COST|NEWBORN_FREE/.test(code)) return '个人缴费'
  if (/CONVERSION/.test(code)) return '缴费年限折算'
  return '激励与约束'
}

/** An explanation step as the engine makes it or as the API carries it (code widened to string). */
export type StepLike = {
  readonly code: string
  readonly values: Readonly<Record<string, number | string>>
  readonly cite: string
}

/**
 * Consecutive steps resting on the same clause name it once, on the first of them, saying it covers the
 * steps after it too: the same 依据 under every step read as noise and hid the steps that differ.
 */
export function explainLines(steps: readonly StepLike[]): ExplainLine[] {
  const cited = steps.map((raw) => {
    const step = raw as ExplanationStep
    const parts = step.cite === '' ? [] : step.cite.split('; ').map((p) => citePart(p, step.code))
    return {
      sentence: renderSentenceZh(step),
      clause: parts.length ? parts.map((p) => p.plain).join('；') : null,
      basis: basisOf(parts),
    }
  })
  const sameSource = (i: number, j: number) =>
    cited[i]?.basis !== null && cited[i]?.basis === cited[j]?.basis && cited[i]?.clause === cited[j]?.clause
  return cited.map((line, i) => {
    if (i > 0 && sameSource(i, i - 1)) return { n: i + 1, sentence: line.sentence, clause: null, basis: null }
    let last = i
    while (sameSource(last + 1, i)) last++
    const covers = last > i ? `（第${i + 1}至${last + 1}步同此）` : ''
    return {
      n: i + 1,
      sentence: line.sentence,
      clause: line.clause === null ? null : `${line.clause}${covers}`,
      basis: line.basis,
    }
  })
}

export type FigureKind = 'cap' | 'waiting' | 'cost'

const CAP_ONLY =
  /^(BASE_CAP|STEP_|STREAK|CONTINUOUS|ZERO_CLAIM|INCENTIVE|PENALTY|CAP|BIRTH_YEAR_NOT_GAP|BACK_PAY_RESTORED|CONVERSION)/
const WAITING_ONLY =
  /^(LATE|GAP_LENGTH|NO_WAITING|WAITING_|BACK_PAY$|BACK_PAY_OUTSIDE_GAP|BENEFIT_|COVERAGE_END|EXEMPT|GROUP_NOT_APPLIED)/
const COST_ONLY = /^(REPAIR_COST|CONTRIBUTION|NEWBORN_FREE)/

/**
 * The steps behind one figure. Steps about several figures (断保 years, not covered, an unlisted region)
 * stay in every list; a step code the engine adds later stays in every list too rather than vanish.
 */
export function stepsFor<T extends StepLike>(kind: FigureKind, steps: readonly T[]): T[] {
  return steps.filter((s) => {
    const cap = CAP_ONLY.test(s.code)
    const waiting = WAITING_ONLY.test(s.code)
    const cost = COST_ONLY.test(s.code)
    if (!cap && !waiting && !cost) return true
    return kind === 'cap' ? cap : kind === 'waiting' ? waiting : cost
  })
}
