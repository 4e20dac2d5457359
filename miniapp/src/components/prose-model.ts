import { figureRuns } from '../lib/format'

export type ProseRun = { text: string; whole: boolean }

/**
 * figureRuns, with an equation's operator kept on the line of the figure it applies to: "300,000元 + 4,000元 −
 * / 0元" broke after the minus in 大字模式 and read as a sum ending in a dangling sign (review 16). The line may
 * still break between the terms, so a long equation wraps instead of running off a narrow screen.
 */
export function proseRuns(text: string): ProseRun[] {
  const runs = figureRuns(text)
  const out: ProseRun[] = []
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i] as ProseRun
    const next = runs[i + 1]
    const operator = /(^|\s)([+−=＝×])\s$/.exec(run.text)
    if (!run.whole && next?.whole && operator) {
      const [matched, space = '', sign = ''] = operator
      const head = run.text.slice(0, run.text.length - matched.length + space.length)
      if (head !== '') out.push({ text: head, whole: false })
      out.push({ text: `${sign} ${next.text}`, whole: true })
      i++
      continue
    }
    out.push(run)
  }
  return withoutOrphan(out)
}

/**
 * The last three characters of a sentence stay together, so its last line is never one lone character:
 * "…2027年6月1日起享受待 / 遇。" in 大字模式 (review 16).
 */
function withoutOrphan(runs: ProseRun[]): ProseRun[] {
  const last = runs[runs.length - 1]
  if (last === undefined || last.whole) return runs
  const chars = Array.from(last.text)
  if (chars.length <= 3 || /\s/.test(chars.slice(-3).join(''))) return runs
  return [
    ...runs.slice(0, -1),
    { text: chars.slice(0, -3).join(''), whole: false },
    { text: chars.slice(-3).join(''), whole: true },
  ]
}
