import { redactResidentIds } from '@canbao/shared/api/resident-id'

type Fields = Record<string, string | number | boolean | null | undefined>

/**
 * One JSON line per event. Every line passes through the ID redactor, so a resident ID that reaches a log
 * by accident (an error message, a stack) is masked like in responses.
 */
function emit(level: 'info' | 'warn' | 'error', event: string, fields: Fields = {}) {
  const line = redactResidentIds(JSON.stringify({ level, event, ...fields }))
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}

export const log = {
  info: (event: string, fields?: Fields) => emit('info', event, fields),
  warn: (event: string, fields?: Fields) => emit('warn', event, fields),
  error: (event: string, fields?: Fields) => emit('error', event, fields),
}

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err)
}
