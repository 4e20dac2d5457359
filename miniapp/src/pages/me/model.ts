/**
 * Logic of the 我的 page that needs no Taro: what verification state to show, how to verify on this platform,
 * what the profile form still needs, and the texts of the irreversible actions.
 */

import type { UserView } from '@canbao/shared/api/auth'
import type { ProfileView } from '@canbao/shared/api/profile'
import { VERIFICATION_UNLOCKS_ZH, type VerificationStartResponse } from '@canbao/shared/api/identity'
import { cstDate } from '@canbao/shared/api/dates'
import { cstDateText } from '../../lib/format'

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

export const DELETE_CONFIRM = {
  title: '注销账号',
  content:
    '注销后将立即删除：参保人信息（姓名、身份证号）、您填写的参保记录、提醒订阅、登录状态和未被接受的家庭共济邀请。' +
    '家庭共济的缴费账目和凭证依法保留，但不再与您的微信关联；医保经办机构的参保记录不受影响。此操作不可撤销。',
  confirmText: '确认注销',
  cancelText: '再想想',
} as const

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
