/**
 * Logic of the 我的 page that needs no Taro: what verification state to show, how to verify on this platform,
 * what the profile form still needs, and the texts of the irreversible actions.
 */

import type { UserView } from '@canbao/shared/api/auth'
import type { ProfileView } from '@canbao/shared/api/profile'
import {
  SENSITIVE_PI_CONSENT_VERSION,
  VERIFICATION_UNLOCKS_ZH,
  type VerificationStartResponse,
} from '@canbao/shared/api/identity'
import type { ServedProvince } from '@canbao/shared/regions'
import { cstDate } from '@canbao/shared/api/dates'
import { cstDateText } from '../../lib/format'
import type { ApiResult } from '../../api/client'
import type { ActionOutcome } from '../../lib/action'

export interface VerificationStatus {
  verified: boolean
  label: '已实名' | '未实名'
  /** the line under the badge */
  detail: string
  /** what verification unlocks, shown while unverified */
  unlocks: readonly string[]
  canStart: boolean
}

export function verificationStatus(profile: ProfileView | null): VerificationStatus {
  if (!profile) {
    return {
      verified: false,
      label: '未实名',
      detail: '请先填写并保存参保人信息，再进行实名认证。',
      unlocks: VERIFICATION_UNLOCKS_ZH,
      canStart: false,
    }
  }
  if (profile.verifiedAt) {
    return {
      verified: true,
      label: '已实名',
      detail: `已于${cstDateText(profile.verifiedAt)}通过微信人脸核身`,
      unlocks: [],
      canStart: false,
    }
  }
  return {
    verified: false,
    label: '未实名',
    detail: '现在显示的是您自己填写的信息，可以使用待遇计算器。完成微信人脸核身后还可以看到：',
    unlocks: VERIFICATION_UNLOCKS_ZH,
    canStart: true,
  }
}

export type Platform = 'weapp' | 'h5'

export type VerificationPlan =
  | { kind: 'wechat-face' }
  | { kind: 'simulated'; note: string }
  | { kind: 'unavailable'; message: string }

/**
 * How this client performs the face check the server started. WeChat's check needs the mini-program; in
 * development the fake WeChat decides the outcome, so no camera is involved on either platform.
 */
export function verificationPlan(
  start: Pick<VerificationStartResponse, 'faceCheck'>,
  platform: Platform,
): VerificationPlan {
  if (start.faceCheck === 'simulated')
    return { kind: 'simulated', note: '这是演示版本：不会打开相机，人脸核身由演示服务代为完成。' }
  if (platform === 'weapp') return { kind: 'wechat-face' }
  return {
    kind: 'unavailable',
    message: '网页版无法进行人脸核身。请在微信中打开“参保助手”小程序，在“我的”页面完成实名认证。',
  }
}

/** Why 保存 is not possible yet, in the order a resident would fix it; empty when it is. */
export function profileFormBlockers(input: { name: string; idNumber: string; consent: boolean }): string[] {
  const out: string[] = []
  if (!input.name.trim()) out.push('请填写姓名')
  if (!input.idNumber.trim()) out.push('请填写身份证号')
  if (!input.consent) out.push('请阅读并勾选同意《敏感个人信息处理规则》')
  return out
}

/** Whether saving these values ends an existing verification (the face check proved this name and number). */
export function editEndsVerification(profile: ProfileView | null, name: string, idNumberTyped: string): boolean {
  if (!profile?.verifiedAt) return false
  return name.trim() !== profile.name || idNumberTyped.trim() !== ''
}

/** What 大字模式 does, in words an elderly user reads as "easier to tap" (not "更好点", a bit better: review 40). */
export const ELDER_MODE_HINT_ZH = '字更大、颜色更清楚、按钮更容易点'

/** What 注销 deletes at once, named in the danger card and again in the confirmation. */
export const DELETE_LOSES_ZH = [
  '参保人信息（姓名、身份证号）',
  '您填写的参保记录',
  '提醒订阅',
  '登录状态',
  '未被接受的家庭共济邀请',
] as const

/** What 注销 keeps, so nobody fears their insurance itself is cancelled. */
export const DELETE_KEEPS_ZH =
  '家庭共济的缴费账目和凭证依法保留，但不再与您的微信关联；医保经办机构的参保记录不受影响，' +
  '您的医保也不会因此停保。'

export const DELETE_CONFIRM = {
  title: '注销账号',
  content: `注销后将立即删除：${DELETE_LOSES_ZH.join('、')}。${DELETE_KEEPS_ZH}此操作不可撤销。`,
  confirmText: '确认注销',
  cancelText: '再想想',
} as const

/**
 * 注销 as the resident lives it: nothing happens without the confirmation (null: nothing to say), and a
 * failure says that nothing was deleted, so the resident knows their data is still there.
 */
export async function deleteAccountFlow(steps: {
  confirm: () => Promise<boolean>
  /** the resident agreed: from here the button shows that the deletion is running */
  confirmed?: () => void
  remove: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>
}): Promise<ActionOutcome | null> {
  if (!(await steps.confirm())) return null
  steps.confirmed?.()
  const result = await steps.remove()
  if (!result.ok) return { ok: false, message: `账号没有注销，您的信息都还在。${result.error.message}` }
  return { ok: true, message: '账号已注销，您的信息已删除。' }
}

/**
 * The face check as one action: start on the server, WeChat's check where there is one, then ask the server
 * for the result. Every step's failure ends it with that step's message; the profile stays as it was.
 */
export async function verifyFlow(steps: {
  platform: Platform
  start: () => Promise<ApiResult<Pick<VerificationStartResponse, 'verifyId' | 'faceCheck'>>>
  face: (verifyId: string) => Promise<{ ok: true } | { ok: false; message: string }>
  finish: (verifyId: string) => Promise<ApiResult<unknown>>
}): Promise<ActionOutcome> {
  const started = await steps.start()
  if (!started.ok) return { ok: false, message: started.error.message }
  const plan = verificationPlan(started.data, steps.platform)
  if (plan.kind === 'unavailable') return { ok: false, message: plan.message }
  if (plan.kind === 'wechat-face') {
    const face = await steps.face(started.data.verifyId)
    if (!face.ok) return { ok: false, message: face.message }
  }
  const done = await steps.finish(started.data.verifyId)
  if (!done.ok) return { ok: false, message: done.error.message }
  return { ok: true, message: plan.kind === 'simulated' ? `实名认证成功。${plan.note}` : '实名认证成功。' }
}

/** A failed sign-in says why; a good one needs no line (the page becomes the account). */
export const signInOutcome = (result: ApiResult<unknown>): ActionOutcome | null =>
  result.ok ? null : { ok: false, message: result.error.message }

/** The line after an export: where the data went on this platform. */
export const exportDoneZh = (platform: Platform) =>
  platform === 'weapp' ? '已导出并复制到剪贴板，可以粘贴保存。' : '已导出，文件已下载。'

export type MeSection =
  | 'sign-in'
  | 'office-work'
  | 'account'
  | 'records'
  | 'verification'
  | 'my-data'
  | 'elder'
  | 'delete-account'

/**
 * The cards of 我的, top to bottom. An office clerk comes here for the workbench, so it comes first and the
 * resident part after (review: the resident form came first). 大字模式 stays high for everyone who is not
 * a clerk; 注销账号 is last and alone, away from the harmless 导出.
 */
export function meSections(user: { role: 'resident' | 'office'; hasProfile: boolean } | null): MeSection[] {
  if (!user) return ['sign-in', 'elder']
  const resident: MeSection[] = ['account', ...(user.hasProfile ? (['records'] as const) : [])]
  if (user.role === 'office') return ['office-work', ...resident, 'my-data', 'elder', 'delete-account']
  return [...resident, 'verification', 'my-data', 'elder', 'delete-account']
}

/**
 * Whether the profile form is open when 我的 opens: for a resident without a profile it is the next step;
 * a clerk came for the workbench, so their own form waits behind a button.
 */
export const profileFormOpenAtFirst = (user: { role: 'resident' | 'office'; hasProfile: boolean }) =>
  !user.hasProfile && user.role !== 'office'

/** The profile form as typed. */
export interface ProfileDraft {
  name: string
  idNumber: string
  province: ServedProvince
  region: string | null
  consent: boolean
}

/** A new form starts from what is saved; the ID number is never prefilled (only its mask is known). */
export const draftOf = (profile: ProfileView | null): ProfileDraft => ({
  name: profile?.name ?? '',
  idNumber: '',
  province: profile?.province ?? '51',
  region: profile?.region ?? null,
  consent: false,
})

/** Another province's prefectures do not apply: choosing a province clears the region. */
export const withProvince = (draft: ProfileDraft, province: ServedProvince): ProfileDraft => ({
  ...draft,
  province,
  region: null,
})

/** The request 保存 sends. */
export const profileRequest = (draft: ProfileDraft) => ({
  name: draft.name.trim(),
  idNumber: draft.idNumber.trim().toUpperCase(),
  province: draft.province,
  ...(draft.region ? { region: draft.region } : {}),
  sensitiveConsent: { version: SENSITIVE_PI_CONSENT_VERSION } as const,
})

/** A refused save lists each field's message, or its one message; what was typed stays in the form. */
export const saveErrorLines = (error: { message: string; issues?: readonly { message: string }[] }): string[] =>
  error.issues?.length ? error.issues.map((i) => i.message) : [error.message]

/** Counts shown after an export, so the resident sees what the file holds. */
export function exportSummary(data: Record<string, unknown>): string[] {
  const count = (key: string) => (Array.isArray(data[key]) ? (data[key] as unknown[]).length : 0)
  const lines = [
    `参保人信息：${data.profile ? '有' : '无'}`,
    `自己填写的参保记录：${count('selfRecords')} 条`,
    `医保经办机构的记录：${count('officeRecords')} 条`,
    `家人代缴：${count('familyPaidForMe')} 笔`,
    `提醒订阅：${count('reminderSubscriptions')} 项`,
    `登录记录：${count('sessions')} 次`,
  ]
  return lines
}

export const exportFileName = (nowMs: number) => `参保助手-我的数据-${cstDate(nowMs)}.json`

export function noticesOf(user: Pick<UserView, 'notices'> | undefined): UserView['notices'] {
  // Sessions stored before notices existed have none.
  return user?.notices ?? []
}
