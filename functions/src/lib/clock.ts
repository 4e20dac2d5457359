import { cstDate } from '@canbao/shared/api/dates'

/** The instant everything in one request agrees on; tests move it with vi.setSystemTime. */
export const nowMs = (): number => Date.now()

/** Today's date in China Standard Time: residents' "today" regardless of where the Worker runs. */
export const todayCst = (): string => cstDate(nowMs())

export const isoNow = (): string => new Date(nowMs()).toISOString()
