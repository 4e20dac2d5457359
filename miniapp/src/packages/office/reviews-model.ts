// Page logic of 户口本审核和查询记录 (issue 13), kept free of Taro so it can be tested as it is.
import type { AuditEntry } from '@canbao/shared/api/office'
import type { HouseholdReview } from '@canbao/shared/api/family'
import { cstMomentText } from '../../lib/format'

/** What a refusal needs before it is sent: the payer reads the reason, so it must say something. */
export function refusalProblem(reason: string): string | null {
  const text = reason.trim()
  if (text.length === 0) return '请填写不予确认的原因，付款人会看到它。'
  if (text.length > 100) return '原因最多 100 个字。'
  return null
}

/** One audit line as an office reads it: when (Beijing time), who, what, whom. */
export function auditLine(entry: AuditEntry): string {
  const whom = entry.idNumberMasked ?? '（未查到此人）'
  return `${cstMomentText(entry.at)} · ${entry.officeScopeNameZh} · 经办人 ${entry.actor} · ${entry.routeZh} · ${whom}`
}

/** The heading of one review: whose child, declared how. */
export function reviewTitle(review: HouseholdReview): string {
  return `${review.payerName}（${review.payerIdNumberMasked}）申请作为监护人绑定${review.relationshipZh} ${review.childName}`
}

export function reviewDetail(review: HouseholdReview): string {
  return `孩子身份证号 ${review.childIdNumberMasked} · 出生 ${review.childBirthDate} · 承诺书 ${review.commitmentVersion}（${cstMomentText(review.committedAt)} 签署） · 户口本页 ${Math.max(1, Math.round(review.proofBytes / 1024))} KB，${cstMomentText(review.proofUploadedAt)} 上传`
}

/** The conflicts line of the office page. */
export function conflictsLine(counts: { asImporter: number; asHolder: number }): string {
  if (counts.asImporter + counts.asHolder === 0) return '没有重复参保冲突。'
  return `重复参保冲突：本机构导入时被拒绝 ${counts.asImporter} 行（其他统筹地区已有同一人同一年度的记录），其他机构试图覆盖本机构记录 ${counts.asHolder} 行。请与对方经办机构核实后处理。`
}
