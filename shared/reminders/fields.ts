/**
 * WeChat's limits on subscription message values (subscribeMessage.send, 参数值内容限制). A value that breaks
 * one makes WeChat answer 47003 for the whole message, so every value is fitted here before it is queued.
 * Lengths are counted in characters (code points), as WeChat counts them: a Chinese character is one.
 */

export type FieldType = 'thing' | 'phrase' | 'date' | 'time' | 'number' | 'character_string' | 'name' | 'amount'

export const FIELD_MAX_CHARS: Readonly<Record<FieldType, number>> = {
  thing: 20,
  phrase: 5,
  date: 32,
  time: 32,
  number: 32,
  character_string: 32,
  name: 10,
  amount: 16,
}

/** The type of a template key: `thing1` is a thing, `character_string7` a character_string. */
export function fieldTypeOf(key: string): FieldType | null {
  const m = /^([a-z_]+?)\d+$/.exec(key)
  const type = m?.[1]
  return type !== undefined && type in FIELD_MAX_CHARS ? (type as FieldType) : null
}

const chars = (value: string) => Array.from(value)

/** Control characters and surrounding space never help a reader and count against the limit. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to strip control characters
const clean = (value: string) => value.replace(/[\u0000-\u001f\u007f]/gu, '').trim()

/**
 * A thing (free text) longer than 20 characters is cut to 19 plus an ellipsis, so the reader can tell it
 * goes on in the mini-program. Other types cannot be shortened without changing their meaning: null.
 */
export function fitField(type: FieldType, value: string): string | null {
  const text = clean(value)
  if (text === '') return null
  const max = FIELD_MAX_CHARS[type]
  switch (type) {
    case 'thing': {
      const cs = chars(text)
      return cs.length <= max ? text : `${cs.slice(0, max - 1).join('')}…`
    }
    case 'phrase':
      return /^[\u4e00-\u9fff]{1,5}$/u.test(text) ? text : null
    case 'name':
      return /^[\u4e00-\u9fff·]{1,10}$/u.test(text) || /^[A-Za-z .'-]{1,20}$/.test(text) ? text : null
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) && text.length <= max ? text : null
    case 'character_string':
      return /^[\x21-\x7e]+$/.test(text) && text.length <= max ? text : null
    case 'amount':
      return /^[¥￥]?\d{1,10}(\.\d{1,2})?元?$/u.test(text) ? text : null
    case 'date':
    case 'time':
      return chars(text).length <= max ? text : null
  }
}

/** `2026-09-01` → `2026年9月1日`, the form WeChat's date fields show. */
export function dateFieldZh(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export type FittedData = Record<string, { value: string }>

/** Every value fitted to its key's type; the first key that cannot be fitted is reported instead. */
export function fitData(
  values: Readonly<Record<string, string>>,
): { ok: true; data: FittedData } | { ok: false; key: string } {
  const data: FittedData = {}
  for (const [key, raw] of Object.entries(values)) {
    const type = fieldTypeOf(key)
    const value = type === null ? null : fitField(type, raw)
    if (value === null) return { ok: false, key }
    data[key] = { value }
  }
  return { ok: true, data }
}
